"""The structure drawn from the imports: data flows one way (reference -> pricing -> scenario -> model ->
failover -> spend -> present -> cli), no import cycle, readers never import the model, and no private name
is used outside its module. Every import counts, including the ones inside functions."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vpncost"
LAYERS = {"errors": 0, "paths": 0, "formats": 0, "speed": 0, "examples": 0, "fileio": 0, "reference": 0, "pricing": 1, "scenario": 2, "network": 2, "model": 3, "iac": 3,
          "failover": 4, "optimize": 5, "spend": 5, "present": 6, "cli": 7, "__main__": 8, "__init__": 8}
# the scenario schema validates the two parameter tables it lets a file override (both are leaves that never
# import the scenario, so no cycle): latency constants and failure rates
ALLOWED_UPWARD = {("vpncost.scenario", "vpncost.model.latency"), ("vpncost.scenario", "vpncost.failover.failures")}


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict:
    modules = {_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vpncost"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    deps.add(full if full in modules else node.module)
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names if a.name.startswith("vpncost")}
        graph[name] = deps - {name}
    return graph


GRAPH = _graph()


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS[parts[1] if len(parts) > 1 else "__init__"]


def test_every_module_is_in_a_layer():
    assert all(_layer(m) >= 0 for m in GRAPH)


def test_no_import_cycle():
    state, cycles = {}, []

    def visit(m, stack):
        state[m] = "open"
        for d in sorted(GRAPH.get(m, ())):
            if state.get(d) == "open":
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d, stack + [d])
        state[m] = "done"

    for m in sorted(GRAPH):
        if m not in state:
            visit(m, [m])
    assert not cycles, cycles


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_point_down(module):
    upward = [d for d in GRAPH[module] if d != "vpncost" and _layer(d) > _layer(module)
              and (module, d) not in ALLOWED_UPWARD]
    assert not upward, f"{module} imports {upward}"


def test_model_never_imports_presentation_or_aws():
    for m, deps in GRAPH.items():
        if m.startswith(("vpncost.model", "vpncost.pricing.catalog", "vpncost.failover")):
            assert not any(d.startswith(("vpncost.present", "vpncost.cli")) for d in deps), m
            path = PACKAGE.parent / m.replace(".", "/")
            source = (path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).read_text()
            for heavy in ("matplotlib", "ipywidgets", "boto3", "papermill"):
                assert f"import {heavy}" not in source, (m, heavy)


def test_readers_never_import_the_model():
    for m, deps in GRAPH.items():
        if m.startswith("vpncost.spend.readers"):
            bad = [d for d in deps if not d.startswith(("vpncost.spend.readers", "vpncost.errors", "vpncost.fileio",
                                                        "vpncost.paths", "vpncost.reference"))]
            assert not bad, f"{m} imports {bad}"


def test_code_readers_never_import_the_model():
    """The plan and template readers turn input into resources; only vpncost.iac.estimate prices them."""
    for m, deps in GRAPH.items():
        if m in ("vpncost.iac.terraform", "vpncost.iac.cloudformation", "vpncost.iac.resources",
                 "vpncost.iac.usage", "vpncost.iac.translate"):
            bad = [d for d in deps if d.startswith(("vpncost.model", "vpncost.present", "vpncost.cli"))]
            assert not bad, f"{m} imports {bad}"


def test_no_private_name_used_across_modules():
    """``from x import _y`` or ``x._y`` on another module: a helper someone else relies on should be public."""
    found = []
    for path in list(PACKAGE.rglob("*.py")) + list(PACKAGE.parent.joinpath("tests").glob("*.py")) + \
            list(PACKAGE.parent.joinpath("bench").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vpncost"):
                found += [f"{path.name}: {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr.startswith("_")
                  and not node.attr.startswith("__") and node.value.id not in ("self", "cls", "os", "sys")):
                found.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert not [f for f in found if f not in MATPLOTLIB_GLYPH_API], found


# the panels' canvas rasterises text with Matplotlib's own glyph layout, guarded by vpncost.present.canvas.SUPPORTED
# and checked against Agg's drawing by tests/test_canvas.py
MATPLOTLIB_GLYPH_API = {"canvas.py: font._layout", "canvas.py: f._set_transform", "canvas.py: f._render_glyph"}
