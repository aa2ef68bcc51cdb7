"""Golden outputs, one file per scenario and verb (Infracost's style): a behaviour change shows as a diff.

Every file in ``data/scenarios/`` runs through ``estimate``, ``estimate --json``, ``compare --json`` and
``failover --json``, and through the terminal layouts at 80 and 160 columns (``estimate``, ``compare``; ``failover``
at 80); the outputs are compared with ``tests/golden/<scenario>/<verb>[.<columns>].{txt,json}``. After a
deliberate change, regenerate them all with one command and review the diff:

    VPNCOST_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

Text goldens are compared exactly (their figures are already rounded for people). JSON goldens are compared
value by value: strings, booleans, nulls, keys and list lengths exactly, numbers within ``ABS_TOL`` absolute
or ``REL_TOL`` relative (:func:`math.isclose`), far under a cent, so that a numpy or pandas release that sums in
another order (the last bit of a float, e.g. 82522.56341323213 against 82522.56341323214) keeps main green while
every real change, one cent included, still fails (``test_a_one_cent_change_fails_the_golden``).
"""
import copy
import json
import math
import os

import pytest
from conftest import ROOT, SCENARIOS

from vpncost.cli import main

GOLDEN = ROOT / "tests" / "golden"
VERBS = {"estimate.txt": ["estimate"], "estimate.80.txt": ["estimate"], "estimate.json": ["estimate", "--json"],
         "compare.txt": ["compare"], "compare.80.txt": ["compare"], "compare.json": ["compare", "--json"],
         "failover.80.txt": ["failover"], "failover.json": ["failover", "--json"]}
CASES = [(s, name) for s in SCENARIOS for name in VERBS]
ABS_TOL = 1e-6  # [USD, minutes, GB...]: a millionth of the unit
REL_TOL = 1e-12


def json_differences(expected, actual, where="$") -> list:
    """Where two JSON documents differ, as ``path: expected != actual`` lines (empty when they agree)."""
    if isinstance(expected, bool) or isinstance(actual, bool) or expected is None or actual is None:
        return [] if expected is actual else [f"{where}: {expected!r} != {actual!r}"]
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        ok = math.isclose(expected, actual, rel_tol=REL_TOL, abs_tol=ABS_TOL)
        return [] if ok else [f"{where}: {expected!r} != {actual!r}"]
    if isinstance(expected, dict) and isinstance(actual, dict):
        if list(expected) != list(actual):
            return [f"{where}: keys {list(expected)} != {list(actual)}"]
        return [d for k in expected for d in json_differences(expected[k], actual[k], f"{where}.{k}")]
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(expected)} items != {len(actual)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in json_differences(e, a, f"{where}[{i}]")]
    return [] if type(expected) is type(actual) and expected == actual else [f"{where}: {expected!r} != {actual!r}"]


@pytest.mark.parametrize("scenario,name", CASES, ids=[f"{s.stem}-{n}" for s, n in CASES])
def test_golden(scenario, name, capsys, monkeypatch):
    columns = 80 if ".80." in name else 160
    monkeypatch.setenv("COLUMNS", str(columns))
    verb, *flags = VERBS[name]
    code = main([verb, str(scenario.relative_to(ROOT)), *flags])
    out, err = capsys.readouterr()
    assert code == 0, err
    if name.endswith(".json"):
        json.loads(out)  # valid JSON, no NaN or Infinity
    else:
        assert max(map(len, out.splitlines())) <= columns
    path = GOLDEN / scenario.stem / name
    if os.environ.get("VPNCOST_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(out)
    assert path.exists(), f"no golden file {path.relative_to(ROOT)}; regenerate: VPNCOST_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    hint = f"{path.relative_to(ROOT)} differs; review, then regenerate (see module docstring)"
    if name.endswith(".json"):
        diffs = json_differences(json.loads(path.read_text()), json.loads(out))
        assert not diffs, f"{hint}: " + "; ".join(diffs[:5])
    else:
        assert out == path.read_text(), hint


def _numbers(doc, where="$"):
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _numbers(v, f"{where}.{k}")
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _numbers(v, f"{where}[{i}]")
    elif isinstance(doc, (int, float)) and not isinstance(doc, bool):
        yield where, doc


def _set(doc, where, value):
    import re

    keys = re.findall(r"\.([^.\[]+)|\[(\d+)\]", where)
    for k, i in keys[:-1]:
        doc = doc[k] if k else doc[int(i)]
    k, i = keys[-1]
    doc[k if k else int(i)] = value


@pytest.mark.parametrize("name", ["estimate.json", "compare.json", "failover.json"])
def test_a_one_cent_change_fails_the_golden(name):
    """The tolerance hides the last bit of a float, never a cent: a cent more on any figure of any JSON golden
    is a difference, and so is a changed string or a missing key; the last bit alone is not."""
    for scenario in SCENARIOS:
        golden = json.loads((GOLDEN / scenario.stem / name).read_text())
        assert json_differences(golden, copy.deepcopy(golden)) == []
        for where, value in _numbers(golden):
            changed = copy.deepcopy(golden)
            _set(changed, where, value + 0.01)
            assert json_differences(golden, changed), f"{scenario.stem}/{name} {where}: a cent more passed"
            _set(changed, where, math.nextafter(float(value), math.inf))
            assert not json_differences(golden, changed), f"{scenario.stem}/{name} {where}: the last bit failed"
    doc = json.loads((GOLDEN / "frankfurt_dc" / name).read_text())
    first = next(iter(doc))
    assert json_differences(doc, {k: v for k, v in doc.items() if k != first})
    assert json_differences({"a": "x"}, {"a": "y"}) and json_differences({"a": True}, {"a": 1})


def test_a_reason_with_a_semicolon_stays_one_reason():
    """The Frankfurt VGW option has one reason that itself contains '; ' (it was split in two once)."""
    doc = json.loads((GOLDEN / "frankfurt_dc" / "estimate.json").read_text())
    vgw = next(o for o in doc["options"] if o["name"] == "VPN on VGW")
    assert len(vgw["reasons"]) == 1 and "; " in vgw["reasons"][0] and vgw["reasons"][0].endswith("tunnel)")
