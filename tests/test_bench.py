"""Every script in ``bench/`` runs to the end at a tiny size, so none rots unseen (``bench/sweep.py`` did once:
it looked prices up the way the catalog had stopped pricing them). These tests check that a script ran and
printed its figures and ratios, never how fast: speed is measured at the documented sizes (bench/README.md).
"""
import re
import subprocess
import sys

import pytest
from browser import chromium
from conftest import ROOT

RATIO = r"[\d,.]+x"
CASES = {
    # script, tiny size, what its output must hold
    "sweep.py": (["1000"], [rf"model / numpy\s+=\s+{RATIO}", rf"loop / model\s+=\s+{RATIO}"]),
    "failover.py": (["500"], [r"exact downtime [\d.]+ min/year", rf"speed-up over 5 rounds: median {RATIO}, range "
                                                                   rf"{RATIO} to {RATIO}"]),
    "network.py": (["40"], [r"compile \+ price .*\d s", rf"separate / network = {RATIO}",
                            rf"full / quarter = {RATIO}"]),
    "optimize.py": (["6"], [r"solved in [\d.]+ s \(optimal", rf"greedy / optimum = {RATIO}"]),
    "spend.py": (["5000"], [r"both give \$[\d,.]+ of connectivity", rf"DuckDB / pandas speed = {RATIO}"]),
    "widget_latency.py": (["2"], [r"dashboard updates", r"acceleration-panel updates", r"failover-panel updates",
                                  r"failover panel, outage cost typed\s+median\s+[\d.]+ ms"]),
    "browser_latency.py": (["1"], [r"notebook 01 dashboard .* median\s+\d+ ms", r"notebook 02 .* median\s+\d+ ms",
                                   r"notebook 03 .* median\s+\d+ ms"]),
}


def test_every_bench_script_has_a_tiny_run():
    assert sorted(p.name for p in (ROOT / "bench").glob("*.py")) == sorted(CASES)


@pytest.mark.parametrize("script", sorted(CASES))
def test_bench_runs_at_a_tiny_size(script):
    if script == "browser_latency.py" and chromium() is None:  # pragma: no cover - CI installs chromium
        pytest.skip("no Chromium installed")
    args, patterns = CASES[script]
    p = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], capture_output=True, text=True,
                       timeout=240, cwd=ROOT)
    assert p.returncode == 0, p.stderr[-2000:]
    for pattern in patterns:
        assert re.search(pattern, p.stdout), f"{script}: no line matching {pattern!r} in:\n{p.stdout}"
