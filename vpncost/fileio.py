"""Atomic file writes: write a temporary file beside the target, then rename over it.

A failure at any point leaves the target as it was (byte-identical) and no temporary file behind.
"""
import os
import tempfile
from pathlib import Path
from typing import Callable


def output_path(path: "str | os.PathLike", inputs=()) -> Path:
    """Where an output really goes, checked: not empty, not one of ``inputs``, not an existing directory, device or
    FIFO; a symbolic link is followed (the file it points to is written, the link stays).

    Parameters
    ----------
    path : str or path-like
        The output the user named.
    inputs : iterable of path-like
        Files the same command reads; none may be overwritten.
    """
    from vpncost.errors import VpncostError

    if not str(path).strip():
        raise VpncostError("output path is empty; name a file to write")
    target = Path(os.path.realpath(path))
    if target.exists() and not target.is_file():
        raise VpncostError(f"{path}: not a regular file; allowed: a new file or an existing regular file")
    for source in inputs:
        if source and Path(os.path.realpath(source)) == target:
            raise VpncostError(f"{path}: is an input of this command; name another output file")
    return target


def atomic_write(path: "str | os.PathLike", write: Callable[[Path], None], inputs=()) -> Path:
    """Call ``write(tmp_path)`` then rename ``tmp_path`` onto ``path`` (:func:`output_path` checks it first); on
    error remove ``tmp_path``."""
    target = output_path(path, inputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)  # like a normally created file, not mkstemp's 0600
        os.replace(tmp_path, target)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(path: "str | os.PathLike", text: str, inputs=()) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    return atomic_write(path, lambda p: p.write_text(text, encoding="utf-8"), inputs)
