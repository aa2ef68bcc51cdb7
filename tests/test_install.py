"""A fresh install has what the code imports: every module imports, every import is declared directly in
pyproject.toml, a missing extra is one line that names it, and the report's pipeline is really installed."""
import ast
import gzip
import importlib
import json
import pkgutil
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions

import pytest
from conftest import ROOT

import vpncost
from vpncost.cli import main

MODULES = sorted(m.name for m in pkgutil.walk_packages(vpncost.__path__, "vpncost."))


def test_the_package_has_modules():
    assert len(MODULES) > 30 and "vpncost.cli.main" in MODULES and "vpncost.model.resources.vpn" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name):
    importlib.import_module(name)


def test_import_vpncost_stays_light():
    heavy = ["matplotlib", "boto3", "botocore", "ipywidgets", "papermill", "duckdb", "pyarrow", "nbconvert"]
    code = f"import sys, vpncost; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"]) + [s for extra in project["optional-dependencies"].values() for s in extra]
    return {_norm(re.split(r"[\s<>=!~;\[(]", s.strip(), maxsplit=1)[0]) for s in specs}


def _imports(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def _sources():
    for folder in ("vpncost", "tests", "bench", "tools"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path, path.read_text()
    for nb in sorted([*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "vpncost" / "templates").glob("*.ipynb")]):
        cells = json.loads(nb.read_text())["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        yield nb, "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))


def test_every_third_party_import_is_declared_directly():
    """A package that arrives only through another one's requirements is one release away from missing."""
    declared, dists = _declared(), packages_distributions()
    local = {p.stem for folder in ("tests", "bench", "tools") for p in (ROOT / folder).glob("*.py")} | {"vpncost"}
    missing = set()
    for path, source in _sources():
        for module in _imports(source):
            if module in sys.stdlib_module_names or module in local:
                continue
            names = {_norm(d) for d in dists.get(module, [module])}
            if not names & declared:
                missing.add(f"{path.relative_to(ROOT)}: {module} ({', '.join(sorted(names))})")
    assert not missing, sorted(missing)


@pytest.mark.parametrize("module", ["papermill", "nbconvert", "nbformat", "nbclient", "ipykernel", "jupyter_client"])
def test_report_pipeline_is_installed(module):
    """Fails (never skips) when the report's pipeline is missing: a fresh install must bring it."""
    importlib.import_module(module)


def test_missing_extra_is_one_line_naming_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "papermill", None)  # as if the extra were not installed
    out = tmp_path / "r.html"
    code = main(["report", str(ROOT / "data/scenarios/small_branch.yaml"), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.count("\n") == 1 and "papermill" in err and "pip install 'vpncost[notebooks]'" in err


def test_missing_widget_extra_is_one_line(monkeypatch):
    from vpncost.errors import MissingExtraError
    from vpncost.present import widgets

    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(MissingExtraError, match=r"ipywidgets.*vpncost\[notebooks\]"):
        widgets.price_explorer(None)


def test_sample_cur_is_byte_identical_on_every_run(tmp_path):
    """Deterministic means a re-run leaves the tree clean: no timestamp or file name in the gzip header."""
    from vpncost.spend.sample_cur import write_sample

    first = {k: p.read_bytes() for k, p in write_sample(tmp_path / "a").items()}
    second = {k: p.read_bytes() for k, p in write_sample(tmp_path / "b").items()}
    assert first == second
    header = first["legacy"][:10]
    assert header[3] & 0x08 == 0 and header[4:8] == b"\0\0\0\0"  # no FNAME flag, mtime 0
    assert gzip.decompress(first["legacy"]).startswith(b"lineItem/LineItemType,")
