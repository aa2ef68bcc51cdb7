"""Golden outputs, one file per scenario and verb (Infracost's style): a behaviour change shows as a diff.

Every file in ``data/scenarios/`` runs through ``estimate``, ``estimate --json``, ``compare --json`` and
``failover --json``, and through the terminal layouts at 80 and 160 columns (``estimate``, ``compare``; ``failover``
at 80); the outputs are compared with ``tests/golden/<scenario>/<verb>[.<columns>].{txt,json}``. After a
deliberate change, regenerate them all with one command and review the diff:

    VPNCOST_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
import json
import os

import pytest
from conftest import ROOT, SCENARIOS

from vpncost.cli import main

GOLDEN = ROOT / "tests" / "golden"
VERBS = {"estimate.txt": ["estimate"], "estimate.80.txt": ["estimate"], "estimate.json": ["estimate", "--json"],
         "compare.txt": ["compare"], "compare.80.txt": ["compare"], "compare.json": ["compare", "--json"],
         "failover.80.txt": ["failover"], "failover.json": ["failover", "--json"]}
CASES = [(s, name) for s in SCENARIOS for name in VERBS]


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
    assert out == path.read_text(), f"{path.relative_to(ROOT)} differs; review, then regenerate (see module docstring)"


def test_a_reason_with_a_semicolon_stays_one_reason():
    """The Frankfurt VGW option has one reason that itself contains '; ' (it was split in two once)."""
    doc = json.loads((GOLDEN / "frankfurt_dc" / "estimate.json").read_text())
    vgw = next(o for o in doc["options"] if o["name"] == "VPN on VGW")
    assert len(vgw["reasons"]) == 1 and "; " in vgw["reasons"][0] and vgw["reasons"][0].endswith("tunnel)")
