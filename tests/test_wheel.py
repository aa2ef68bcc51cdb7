"""The package works from a wheel, not only from this checkout.

``pip wheel --no-deps`` builds it (from a copy of the tree, so the checkout gets no ``build/`` folder), pip
installs it into a new virtualenv, and the README's verbs run there from an empty folder outside the checkout,
on the shipped examples and price snapshot. A ``sitecustomize`` audit hook in that virtualenv records every file
or folder any of its processes opens or lists (the report's kernel included): the run fails if one is under the
checkout. The virtualenv borrows the already installed dependencies through a ``.pth`` line to this
environment's site-packages (a path line adds the folder, it runs none of that folder's ``.pth`` files, so an
editable vpncost there stays invisible) and finds nbconvert's templates through ``JUPYTER_PATH``; ``.ci/run``
installs everything from scratch anyway.
"""
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

HOOK = textwrap.dedent('''
    import os
    import sys

    _ROOT = os.environ.get("VPNCOST_TEST_FORBIDDEN")
    _ALLOWED = tuple(p for p in os.environ.get("VPNCOST_TEST_ALLOWED", "").split(os.pathsep) if p)
    _LOG = os.environ.get("VPNCOST_TEST_LOG")
    _EVENTS = {"open", "os.listdir", "os.scandir", "glob.glob"}

    def _hook(event, args):
        if event not in _EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        try:
            path = os.path.abspath(os.fsdecode(args[0]))
        except Exception:
            return
        inside = path == _ROOT or path.startswith(_ROOT + os.sep)
        if inside and not path.startswith(_ALLOWED) and path != _LOG:
            with open(_LOG, "a") as log:
                log.write(f"{event} {path}\\n")

    if _ROOT and _LOG:
        sys.addaudithook(_hook)
''')


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".venv*", "venv", ".ipynb_checkpoints"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp / "dist"), str(src)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    shutil.rmtree(src)  # nothing of the tree it was built from is left to read
    wheel = next((tmp / "dist").glob("vpncost-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    inst = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert inst.returncode == 0, inst.stderr[-3000:]
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    outer = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (site / "zz_vpncost_test_deps.pth").write_text("\n".join(outer) + "\n")
    (site / "sitecustomize.py").write_text(HOOK)
    work = tmp / "empty"
    work.mkdir()
    log = tmp / "opened-in-checkout.log"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("VPNCOST_") and k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", COLUMNS="160",
               VPNCOST_TEST_FORBIDDEN=str(ROOT.resolve()), VPNCOST_TEST_LOG=str(log),
               VPNCOST_TEST_ALLOWED=os.pathsep.join(outer),
               # nbconvert's templates are data files of this environment, not importable modules
               JUPYTER_PATH=os.pathsep.join(filter(None, [str(Path(sys.prefix) / "share" / "jupyter"),
                                                          os.environ.get("JUPYTER_PATH")])))
    return {"wheel": wheel, "venv": venv, "work": work, "log": log, "env": env}


def _run(env, *argv, timeout=300):
    p = subprocess.run([str(env["venv"] / "bin" / "vpncost"), *argv], cwd=env["work"], env=env["env"],
                       capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, f"vpncost {' '.join(argv)}: {p.stderr[-2000:]}"
    return p.stdout


def _nothing_read_from_the_checkout(env):
    opened = env["log"].read_text().splitlines() if env["log"].exists() else []
    assert not opened, f"read from the source tree: {opened[:10]}"


def test_the_wheel_carries_the_data_the_library_reads(wheel_env):
    names = set(zipfile.ZipFile(wheel_env["wheel"]).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "vpncost" / "data").rglob("*") if p.is_file()}
    assert shipped and shipped <= names, sorted(shipped - names)[:10]
    for needed in ("vpncost/data/prices.csv", "vpncost/data/prices.meta.json", "vpncost/data/pricing-pages/vpc.json",
                   "vpncost/data/scenarios/frankfurt_dc.yaml", "vpncost/data/sample_cur/cur2/sample_cur.parquet",
                   "vpncost/templates/report.ipynb", "vpncost/templates/network_report.ipynb",
                   "vpncost/data/networks/global_estate.yaml"):
        assert needed in names
    assert not any(n.startswith(("tests/", "data/", "notebooks/", "bench/")) for n in names)


def test_the_readme_verbs_run_from_the_wheel_in_an_empty_folder(wheel_env):
    listed = _run(wheel_env, "examples")
    assert "frankfurt_dc" in listed and "sample_cur" in listed
    compared = _run(wheel_env, "compare", "frankfurt_dc")
    assert compared == (ROOT / "tests" / "golden" / "frankfurt_dc" / "compare.txt").read_text()
    shown = _run(wheel_env, "prices", "show", "--service", "vpn")
    assert "connection_hour" in shown and "sourced" in shown
    _run(wheel_env, "report", "frankfurt_dc", "-o", "x.html")
    html = (wheel_env["work"] / "x.html").read_text()
    assert "Frankfurt DC to eu-central-1" in html and "<script" not in html
    _nothing_read_from_the_checkout(wheel_env)


def test_an_example_written_out_is_a_scenario_to_edit(wheel_env):
    text = _run(wheel_env, "examples", "small_branch")
    assert text == (ROOT / "vpncost" / "data" / "scenarios" / "small_branch.yaml").read_text()
    _run(wheel_env, "examples", "small_branch", "-o", "mine.yaml")
    assert (wheel_env["work"] / "mine.yaml").read_text() == text
    doc = json.loads(_run(wheel_env, "estimate", "mine.yaml", "--json"))
    assert doc == json.loads(_run(wheel_env, "estimate", "small_branch", "--json"))
    _run(wheel_env, "spend", "--cur", "sample_cur", "--model", "sample_estate")
    p = subprocess.run([str(wheel_env["venv"] / "bin" / "python"), "-m", "vpncost.spend.sample_cur", "cur-out"],
                       cwd=wheel_env["work"], env=wheel_env["env"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    import pyarrow.parquet as pq  # the same rows (the bytes and string types depend on the pandas that wrote them)

    written = pq.read_table(wheel_env["work"] / "cur-out" / "cur2" / "sample_cur.parquet")
    shipped = pq.read_table(ROOT / "vpncost" / "data" / "sample_cur" / "cur2" / "sample_cur.parquet")
    assert written.column_names == shipped.column_names and written.to_pylist() == shipped.to_pylist()
    _nothing_read_from_the_checkout(wheel_env)


def test_the_guard_sees_a_read_from_the_checkout(wheel_env):
    """The audit hook is not vacuous: a scenario named by its path in the checkout is recorded."""
    log = wheel_env["log"].with_name("guard-check.log")
    env = {**wheel_env, "log": log, "env": {**wheel_env["env"], "VPNCOST_TEST_LOG": str(log)}}
    _run(env, "estimate", str(ROOT / "vpncost" / "data" / "scenarios" / "small_branch.yaml"))
    with pytest.raises(AssertionError, match="small_branch.yaml"):
        _nothing_read_from_the_checkout(env)
