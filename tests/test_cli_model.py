"""`vpncost estimate` and `vpncost compare` as a user runs them: output shapes and one-line errors."""
import json
import subprocess
import sys

import pytest
from conftest import ROOT, SCENARIOS

from vpncost.cli import main
from vpncost.pricing.catalog import load_prices


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_example_scenario_estimates_and_compares(capsys, path):
    code, out, err = run(capsys, "estimate", str(path), "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["prices_as_of"] == load_prices().as_of and doc["prices_snapshot"].startswith(doc["prices_as_of"] + ", snapshot ")
    for opt in doc["options"]:
        assert {"name", "total_usd", "components"} <= set(opt)
        assert opt["total_usd"] == pytest.approx(sum(c["cost_usd"] for c in opt["components"]), abs=1e-4)
        for c in opt["components"]:
            assert {"component", "quantity", "unit", "rate_usd", "cost_usd"} <= set(c)
    code, out, err = run(capsys, "compare", str(path))
    assert code == 0, err
    assert "TCO over" in out and "Break-even" in out


def test_estimate_csv_is_the_tidy_breakdown(capsys):
    import io

    import pandas as pd
    code, out, _ = run(capsys, "estimate", str(ROOT / "data/scenarios/frankfurt_dc.yaml"), "--csv")
    df = pd.read_csv(io.StringIO(out))
    assert code == 0
    assert {"option", "component", "quantity", "unit", "rate_usd", "cost_usd", "hours", "assumed"} <= set(df.columns)


def test_compare_json(capsys):
    code, out, _ = run(capsys, "compare", str(ROOT / "data/scenarios/frankfurt_dc.yaml"), "--json", "--years", "5")
    doc = json.loads(out)
    assert code == 0 and doc["break_even"] and doc["sensitivity"]
    assert "year_5_usd" in doc["tco"][0]


def test_cli_discount_flag_overrides_the_file(capsys):
    path = str(ROOT / "data/scenarios/small_branch.yaml")
    _, base, _ = run(capsys, "estimate", path, "--json")
    _, disc, _ = run(capsys, "estimate", path, "--json", "--discount", "50")
    b, d = json.loads(base)["options"][0], json.loads(disc)["options"][0]
    assert d["total_usd"] == pytest.approx(b["total_usd"] / 2)


BAD = {
    "wrong_type.yaml": ("name: x\nregion: us-east-1\ntraffic: {egress_gb: lots}\noptions: [{name: v, type: vpn}]\n",
                        "traffic.egress_gb"),
    "unknown_region.yaml": ("name: x\nregion: mars-east-1\noptions: [{name: v, type: vpn}]\n", "region: unknown Region"),
    "negative.yaml": ("name: x\nregion: us-east-1\ntraffic: {ingress_gb: -5}\noptions: [{name: v, type: vpn}]\n",
                      "traffic.ingress_gb: Input should be greater than or equal to 0"),
    "unknown_type.yaml": ("name: x\nregion: us-east-1\noptions: [{name: v, type: carrier_pigeon}]\n", "'vpn', 'direct_connect'"),
    "missing_options.yaml": ("name: x\nregion: us-east-1\n", "options: required field is missing"),
    "missing_location.yaml": ("name: x\nregion: us-east-1\noptions: [{name: d, type: direct_connect}]\n",
                              "options[0].location: required field is missing"),
    "bad_speed.yaml": ("name: x\nregion: us-east-1\noptions: [{name: d, type: direct_connect, location: EqDC2, speed: 3G}]\n",
                       "allowed: 1G, 10G, 100G, 400G"),
    "accel_vgw.yaml": ("name: x\nregion: us-east-1\noptions: [{name: v, type: vpn, accelerated: true}]\n",
                       "options[0].accelerated"),
    "large_vgw.yaml": ("name: x\nregion: us-east-1\noptions: [{name: v, type: vpn, tunnel: large}]\n", "options[0].tunnel"),
    "unknown_field.yaml": ("name: x\nregion: us-east-1\noptions: [{name: v, type: vpn, gatewya: tgw}]\n",
                           "options[0].gatewya: unknown field; allowed:"),
    "not_yaml.yaml": ("name: [x\n", "not valid YAML"),
    "a_list.yaml": ("- 1\n- 2\n", "must be a mapping"),
    "flat_rate_no_price.yaml": ("name: x\nregion: us-east-1\noptions: [{name: d, type: direct_connect, location: "
                                "EqDC2, speed: 10G, billing: flat_rate, tier: 2, included_regions: [us-east-1]}]\n",
                                "no published flat-rate price for a 10G tier-2 port pair: AWS quotes it; add the quote "
                                "as an override row: direct_connect,flat_rate_port_pair_hour,*,*,10G-tier2,"),
    # the new products' rules, one line each (issue: invalid combinations)
    "large_accelerated.yaml": ("name: x\nregion: us-east-1\noptions: [{name: v, type: vpn, gateway: tgw, tunnel: large, "
                               "accelerated: true}]\n", "options[0].tunnel: large (5 Gbps) tunnels cannot be accelerated"),
    "concentrator_vgw.yaml": ("name: x\nregion: us-east-1\nsites: 20\noptions: [{name: c, type: vpn_concentrator, "
                              "gateway: vgw}]\n", "options[0].gateway: a VPN Concentrator attaches to a transit gateway only"),
    "concentrator_static.yaml": ("name: x\nregion: us-east-1\nsites: 20\noptions: [{name: c, type: concentrator, "
                                 "routing: static}]\n", "options[0].routing: a VPN Concentrator supports BGP only"),
    "flat_rate_1g.yaml": ("name: x\nregion: us-east-1\noptions: [{name: d, type: direct_connect, location: EqDC2, "
                          "speed: 1G, billing: flat_rate}]\n", "billing: flat_rate is offered for dedicated 10G and 100G"),
    "flat_rate_hosted.yaml": ("name: x\nregion: us-east-1\noptions: [{name: d, type: direct_connect, location: EqDC2, "
                              "connection: hosted, speed: 10G, billing: flat-rate}]\n", "not hosted 10G"),
    "flat_rate_auto_unknown.yaml": ("name: x\nregion: eu-central-1\noptions: [{name: d, type: direct_connect, location: "
                                    "EqFA5, speed: 10G, billing: flat_rate}]\n", "tier: auto: no published flat-rate tier at EqFA5"),
    "sitelink_one_location.yaml": ("name: x\nregion: us-east-1\noptions: [{name: d, type: direct_connect, location: "
                                   "EqDC2, sitelink: true}]\n", "options[0].sitelink: SiteLink connects Direct Connect locations"),
}

NOT_SCENARIO_ERRORS = {"flat_rate_no_price.yaml", "flat_rate_auto_unknown.yaml"}  # raised while pricing


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_scenarios_fail_with_one_line_exit_2(capsys, tmp_path, name):
    text, expected = BAD[name]
    path = tmp_path / name
    path.write_text(text)
    code, out, err = run(capsys, "estimate", str(path))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert expected in err
    if name not in NOT_SCENARIO_ERRORS:
        assert str(path) in err  # scenario errors name the file
    assert "Traceback" not in err


def test_missing_file_and_bad_flags(capsys, tmp_path):
    code, _, err = run(capsys, "estimate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "file not found" in err
    code, _, err = run(capsys, "compare", str(ROOT / "data/scenarios/small_branch.yaml"), "--years", "0")
    assert code == 2 and "allowed: 1 to 20" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "estimate", "x.yaml", "--json", "--csv")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_console_script_exit_code_without_traceback(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nregion: nowhere\noptions: [{name: v, type: vpn}]\n")
    p = subprocess.run([sys.executable, "-m", "vpncost", "estimate", str(path)], capture_output=True, text=True)
    assert p.returncode == 2 and p.stdout == "" and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr


def test_duplicate_yaml_keys_are_rejected_not_dropped(capsys, tmp_path):
    """``extra_monthly_usd: {circuit: 100, circuit: 900}`` used to keep only $900 (a line item silently lost)."""
    path = tmp_path / "dup.yaml"
    path.write_text("name: x\nregion: us-east-1\noptions:\n  - name: d\n    type: direct_connect\n    location: EqDC2\n"
                    "    extra_monthly_usd: {circuit: 100,\n      circuit: 900}\n")
    code, out, err = run(capsys, "estimate", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "line 8: duplicate key 'circuit' (first at line 7)" in err and str(path) in err
    estate = tmp_path / "estate.yaml"
    estate.write_text("name: e\nparts: []\nname: again\n")
    assert main(["spend", "--cur", str(ROOT / "data/sample_cur/cur2"), "--model", str(estate)]) == 2
    assert "duplicate key 'name'" in capsys.readouterr().err


@pytest.mark.parametrize("fragment, words", [
    ("traffic: {egress_gb: 1e308}\n", "traffic.egress_gb: Input should be less than or equal to 1000000000000"),
    ("failover: {rates: {dx_connection_per_year: 1e9}}\n",
     "failover.rates.dx_connection_per_year: 1000000000.0 is out of range; allowed: 0 to 1,000 per year"),
    ("latency: {internet_route_factor: .inf}\n", "latency.internet_route_factor: Input should be a finite number"),
])
def test_numbers_without_bounds_are_one_line(capsys, tmp_path, fragment, words):
    """They used to end in MemoryError, a NaN conversion, or Infinity in --json."""
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nregion: us-east-1\n" + fragment + "options: [{name: v, type: vpn}]\n")
    code, out, err = run(capsys, "estimate", str(path), "--json")
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err
