"""Files in and out. Inputs: only regular files, size-limited, every OS error one line. Outputs: written to a
temporary file beside the target, then renamed over it; a failure at any point leaves the target as it was
(byte-identical) and no temporary file behind.
"""
import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Callable


MiB = 2**20
#: Largest input read whole into memory [bytes], per kind of file (CUR files are streamed by DuckDB: no limit).
INPUT_LIMITS = {"scenario": 4 * MiB, "plan or template": 512 * MiB, "usage file": 16 * MiB, "estate": 4 * MiB, "price table": 64 * MiB, "overrides": 4 * MiB,
                "sites": 16 * MiB, "metadata": 1 * MiB, "pricing feed": 256 * MiB, "CUR": None}


def input_file(path: "str | os.PathLike", what: str, error=None) -> Path:
    """An input checked before it is opened: an existing regular file (a FIFO would hang, ``/dev/zero`` never
    ends, a directory is not a file) within the size limit for ``what``; symbolic links are followed.

    Parameters
    ----------
    path : str or path-like
        The file the user named.
    what : str
        Kind of input, a key of :data:`INPUT_LIMITS`; named in the message.
    error : type, optional
        The :class:`~vpncost.errors.VpncostError` subclass to raise (default VpncostError).
    """
    from vpncost.errors import VpncostError

    error = error or VpncostError
    if not str(path).strip():
        raise error(f"{what} path is empty; name a file")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except OSError as exc:  # symlink loop, name too long, a path under a regular file, no permission
        raise error(f"{path}: cannot read the {what} ({os.strerror(exc.errno or errno.EIO).lower()})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a FIFO" if stat.S_ISFIFO(info.st_mode) else \
            "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file"
        raise error(f"{path}: is {kind}; the {what} must be a regular file")
    limit = INPUT_LIMITS.get(what)
    if limit is not None and info.st_size > limit:
        raise error(f"{path}: {info.st_size / MiB:.1f} MiB is larger than the {limit // MiB} MiB allowed for a {what}")
    return Path(path)


def read_input(path: "str | os.PathLike", what: str, error=None, binary: bool = False) -> "str | bytes":
    """The whole content of a checked input (:func:`input_file`): UTF-8 text, or bytes with ``binary``.

    Parameters
    ----------
    path : str or path-like
        The file the user named.
    what : str
        Kind of input, a key of :data:`INPUT_LIMITS`.
    error : type, optional
        The :class:`~vpncost.errors.VpncostError` subclass to raise.
    binary : bool
        Return bytes instead of text.
    """
    from vpncost.errors import VpncostError

    error = error or VpncostError
    path = input_file(path, what, error)
    limit = INPUT_LIMITS.get(what)
    try:
        with open(path, "rb") as fh:
            body = fh.read() if limit is None else fh.read(limit + 1)
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({os.strerror(exc.errno or errno.EIO).lower()})") from None
    if limit is not None and len(body) > limit:  # grew while we read
        raise error(f"{path}: larger than the {limit // MiB} MiB allowed for a {what}")
    return body if binary else decode_input(body, path, what, error)


def read_csv_input(path: "str | os.PathLike", what: str, error=None):
    """A checked CSV input (:func:`read_input`) as a table of text cells ('' where empty); one line naming the file
    when it is not a readable CSV.

    Parameters
    ----------
    path : str or path-like
        The file the user named.
    what : str
        Kind of input, named in the message.
    error : type, optional
        The :class:`~vpncost.errors.VpncostError` subclass to raise.
    """
    import io

    import pandas as pd

    from vpncost.errors import VpncostError

    text = read_input(path, what, error)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise (error or VpncostError)(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None


def decode_input(body: bytes, path: "str | os.PathLike", what: str, error=None) -> str:
    """``body`` as UTF-8 text (a byte-order mark dropped); otherwise one line naming the byte and its offset.

    Parameters
    ----------
    body : bytes
        What :func:`read_input` read with ``binary``.
    path : str or path-like
        The file, named in the message.
    what : str
        Kind of input, named in the message.
    error : type, optional
        The :class:`~vpncost.errors.VpncostError` subclass to raise.
    """
    from vpncost.errors import VpncostError

    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise (error or VpncostError)(f"{path}: the {what} is not UTF-8 text (byte 0x{body[exc.start]:02x} at "
                                      f"offset {exc.start})") from None


@contextlib.contextmanager
def private_workdir(prefix: str, root: "str | None" = None):
    """A private temporary folder (mode 0700, named ``<prefix><pid>-<random>``), removed on exit. A run killed
    before it could clean up (SIGKILL, power loss) leaves its folder behind; the next run removes every such
    folder of the same prefix, owned by this user, whose process is gone.

    Parameters
    ----------
    prefix : str
        Folder name prefix, e.g. ``"vpncost-report-"``.
    root : str, optional
        Where (default: the temporary folder, ``TMPDIR``).
    """
    import shutil

    root = Path(root or tempfile.gettempdir())
    for old in root.glob(f"{prefix}*"):
        pid = old.name[len(prefix):].split("-", 1)[0]
        try:
            if not pid.isdigit() or old.is_symlink() or old.stat().st_uid != os.getuid():
                continue
            os.kill(int(pid), 0)  # still running (or not ours to signal): leave it
        except ProcessLookupError:
            shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
    with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-", dir=root) as tmp:
        yield Path(tmp)


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
