"""Print a pip constraints file that pins every requirement of ``pyproject.toml`` to its lower bound.

Run: ``python tools/lower_bounds.py > lowest.txt; pip install -c lowest.txt -e '.[all]'``. CI installs the
package this way in a second virtualenv (``.ci/run``) and runs the unit tests and goldens there, so a bound
that no longer works (an API the code uses that the lowest allowed version lacks) is found before a user meets
it. Only the project's own requirements are pinned; what they require is resolved by pip as usual.

A requirement without a lower bound (``>=`` or ``==``) is an error: every dependency states the oldest
version it is known to work with.
"""
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def requirements(pyproject: Path = ROOT / "pyproject.toml") -> list:
    """Every requirement of the project and its extras (the project's own extras left out)."""
    project = tomllib.loads(pyproject.read_text())["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    reqs = [Requirement(s) for s in specs]
    return [r for r in reqs if r.name != project["name"]]


def lower_bounds(reqs) -> dict:
    """``{name: version}``: the ``>=`` or ``==`` bound of each requirement (the highest one if several)."""
    from packaging.version import Version

    pins = {}
    for r in reqs:
        lows = [Version(s.version) for s in r.specifier if s.operator in (">=", "==", "~=")]
        if not lows:
            raise SystemExit(f"pyproject.toml: {r}: no lower bound (>=); state the oldest version it works with")
        name = r.name.lower()
        pins[name] = max([*lows, *([pins[name]] if name in pins else [])])
    return pins


def main() -> int:
    for name, version in sorted(lower_bounds(requirements()).items()):
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
