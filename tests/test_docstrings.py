"""pvlib's style for the library's maths and readers: every public function of ``model``, ``pricing``, ``optimize``,
``failover`` and ``spend`` has a numpydoc Parameters section naming each parameter, and every parameter whose
name carries a unit (``_gb``, ``_usd``, ``_ms``, ``_mbps``, ``_pct``, ``hours``, ...) states it in brackets."""
import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vpncost"
UNIT_NAMES = re.compile(r"(_gb|_usd|_ms|_mbps|_pct|_km|_s|_h|_hours|^hours|^years|_per_year|_per_month|_per_hour)$")


def _functions():
    for pkg in ("model", "pricing", "failover", "spend", "optimize"):
        for path in sorted((PACKAGE / pkg).rglob("*.py")):
            tree = ast.parse(path.read_text())
            for node in tree.body:
                members = [(node, "")] if isinstance(node, ast.FunctionDef) else []
                if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                    members = [(n, f"{node.name}.") for n in node.body if isinstance(n, ast.FunctionDef)]
                for fn, prefix in members:
                    args = [a.arg for a in fn.args.args + fn.args.kwonlyargs if a.arg not in ("self", "cls")]
                    if fn.args.vararg:
                        args.append("*" + fn.args.vararg.arg)
                    if fn.args.kwarg:
                        args.append("**" + fn.args.kwarg.arg)
                    if not fn.name.startswith("_") and args:
                        yield f"{path.relative_to(PACKAGE)}:{prefix}{fn.name}", fn, args


FUNCTIONS = list(_functions())


def test_there_are_functions_to_check():
    assert len(FUNCTIONS) > 100


def _entries(doc: str) -> dict:
    """``{parameter: its description}`` from the Parameters section."""
    section = doc.split("Parameters\n----------\n", 1)[1]
    section = re.split(r"\n\n(?=\S)", section)[0]  # up to the next section (Returns, Notes...)
    entries, current = {}, []
    for line in section.splitlines():
        if line and not line.startswith(" "):
            current = [n.strip() for n in line.split(" : ")[0].split(",")]
            for n in current:
                entries[n] = line.split(" : ", 1)[1] if " : " in line else ""
        else:
            for n in current:
                entries[n] += " " + line.strip()
    return entries


@pytest.mark.parametrize("name,fn,args", FUNCTIONS, ids=[f[0] for f in FUNCTIONS])
def test_numpydoc_parameters_with_units(name, fn, args):
    doc = ast.get_docstring(fn) or ""
    assert "Parameters\n----------\n" in doc, f"{name}: no numpydoc Parameters section"
    entries = _entries(doc)
    for a in args:
        assert a in entries, f"{name}: parameter {a!r} is not documented"
        if UNIT_NAMES.search(a.lstrip("*")):
            assert "[" in entries[a], f"{name}: parameter {a!r} gives no unit in brackets"
