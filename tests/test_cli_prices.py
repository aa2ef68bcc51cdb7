import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

from vpncost.cli import main
from vpncost.pricing.catalog import load_prices


def run(*args):
    return subprocess.run([sys.executable, "-m", "vpncost", *args], capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_prices_show_vpn_us_east_1():
    res = run("prices", "show", "--service", "vpn", "--region", "us-east-1", "--wide")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    cat = load_prices()
    assert lines[0].startswith(f"Prices as of {cat.as_of}, snapshot {cat.meta['sha256'][:8]}")
    row = [l for l in lines if "connection_hour" in l and "standard" in l]
    assert len(row) == 1
    assert "$0.05 per connection-hour" in row[0] and "sourced" in row[0] and "2025-11-19" in row[0] and "'vpc'" in row[0]


def test_prices_show_fits_80_columns_with_sources_as_notes():
    """At 80 columns the same row keeps item, variant, rate and status; its source and date are a numbered note."""
    res = subprocess.run([sys.executable, "-m", "vpncost", "prices", "show", "--service", "vpn", "--region",
                          "us-east-1"], capture_output=True, text=True, cwd=ROOT, timeout=60, env={**os.environ, "COLUMNS": "80"})
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    assert "service: vpn; region: us-east-1; location: *" in lines
    row = [l for l in lines if l.startswith("connection_hour") and "standard" in l]
    assert len(row) == 1
    m = re.fullmatch(r"connection_hour\s+standard\s+\$0\.05 per connection-hour\s+S\s+\[(\d+)\]", row[0])
    assert m, row[0]
    note = next(i for i, l in enumerate(lines) if l.startswith(f"  [{m.group(1)}] "))
    text = " ".join(l.strip() for l in lines[note:note + 3])
    assert "'vpc'" in text and "(as of 2025-11-19)" in text


def test_prices_show_marks_assumed_rows(capsys):
    # the Direct Connect feed (2020) does not name eu-south-2: its data transfer rates follow a stated rule
    assert main(["prices", "show", "--service", "dx", "--region", "eu-south-2"]) == 0
    out = capsys.readouterr().out
    assert "assumed" in out and "status 'assumed'" in out


@pytest.mark.parametrize("args, needle", [
    (["prices", "show", "--service", "bogus"], "invalid choice: 'bogus'"),
    (["prices", "show", "--region", "mars-1"], "region: 'mars-1' is not a known Region; allowed: us-east-1"),
    (["prices", "show", "--frobnicate"], "unrecognized arguments: --frobnicate"),
    (["prices", "show", "--prices", "/nonexistent.csv"], "/nonexistent.csv: file not found"),
    (["prices"], "choose an action"),
    (["nosuchverb"], "invalid choice"),
])
def test_bad_flags_one_line_exit_2(args, needle):
    res = run(*args)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and needle in res.stderr and "Traceback" not in res.stderr


def test_malformed_price_file_via_cli(tmp_path):
    bad = tmp_path / "prices.csv"
    lines = (ROOT / "data" / "prices.csv").read_text().splitlines(keepends=True)
    lines[4] = lines[4].replace(lines[4].split(",")[7], "zero point", 1)
    bad.write_text("".join(lines))
    res = run("prices", "show", "--prices", str(bad))
    assert res.returncode == 2 and res.stderr.count("\n") == 1
    assert "line 5, column usd: 'zero point' is not a number" in res.stderr


def test_dx_port_prices_for_a_region_show_its_own_locations():
    res = run("prices", "show", "--service", "dx", "--region", "eu-central-1", "--csv")
    assert res.returncode == 0, res.stderr
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(res.stdout), keep_default_na=False)
    ports = table[table["item"].str.endswith("port_hour") & (table["location"].str.len() > 3)]
    assert "EqFA5" in set(ports["location"]) and "EqDC2" not in set(ports["location"])
    assert "other locations are left out (--all-locations shows them)" in res.stderr
    everything = run("prices", "show", "--service", "dx", "--region", "eu-central-1", "--csv", "--all-locations")
    assert everything.returncode == 0 and "EqDC2" in everything.stdout and everything.stderr == ""


def test_all_locations_without_a_region_is_refused_not_ignored():
    res = run("prices", "show", "--service", "dx", "--all-locations")
    assert res.returncode == 2 and "--all-locations goes with --region" in res.stderr and res.stdout == ""
