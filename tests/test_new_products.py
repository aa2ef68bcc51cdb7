"""What AWS changed in 2025-26: Direct Connect flat-rate billing, 5 Gbps tunnels, the VPN Concentrator, Cloud WAN
as the gateway, SiteLink. Worked examples by hand, through ``vpncost estimate --json``."""
import json

import pytest
from conftest import ROOT

from vpncost.cli import main
from vpncost.model import compare
from vpncost.scenario import from_dict, load_scenario

HOURS = 730


def estimate_json(capsys, tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    code = main(["estimate", str(path), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return {o["name"]: o for o in json.loads(out)["options"]}


def lines(option):
    return {c["component"]: c for c in option["components"]}


def test_flat_rate_tier_1_pair_at_ashburn_includes_us_east_1_data_out(capsys, tmp_path):
    opts = estimate_json(capsys, tmp_path, "name: x\nregion: us-east-1\ntraffic: {egress_gb: 100000}\noptions:\n"
                         "  - {name: flat, type: direct_connect, speed: 10G, location: EqDC2, billing: flat_rate}\n")
    c = lines(opts["flat"])
    port = c["DX flat-rate port pair-hours (10G tier 1 at EqDC2)"]
    assert port["quantity"] == HOURS and port["rate_usd"] == 10.96 and port["cost_usd"] == pytest.approx(8000.80)
    assert port["price_status"] == "single_source"
    dto = c["DX data transfer out (us-east-1 to EqDC2, in flat-rate tier 1)"]
    assert dto["cost_usd"] == 0 and dto["quantity"] == 100000
    assert opts["flat"]["total_usd"] == pytest.approx(8000.80)


def test_flat_rate_data_out_from_a_region_outside_the_tier_is_billed(capsys, tmp_path):
    text = ("name: x\nregion: {r}\ntraffic: {{egress_gb: 1000}}\noptions:\n  - {{name: f, type: direct_connect, "
            "speed: 100G, location: EqSV5, billing: flat_rate, tier: 3}}\n")
    inside = lines(estimate_json(capsys, tmp_path, text.format(r="eu-central-1"))["f"])
    assert inside["DX flat-rate port pair-hours (100G tier 3 at EqSV5)"]["cost_usd"] == pytest.approx(219.18 * HOURS)
    assert inside["DX data transfer out (eu-central-1 to EqSV5, in flat-rate tier 3)"]["cost_usd"] == 0
    outside = lines(estimate_json(capsys, tmp_path, text.format(r="us-west-2"))["f"])
    dto = outside["DX data transfer out (us-west-2 to EqSV5)"]
    assert dto["rate_usd"] == 0.02 and dto["cost_usd"] == pytest.approx(20.0)  # the pay-as-you-go rate


def test_flat_rate_break_even_against_pay_as_you_go_by_hand():
    sc = load_scenario(ROOT / "data/scenarios/flat_rate_dc.yaml")
    be = compare.break_even(sc, "DX 2x10G pay-as-you-go", "DX 10G flat rate (Tier 1 pair)")
    # 2 ports x 730 h x $2.25 + $0.02/GB = 730 h x $10.96: the other charges (TGW) are the same on both
    assert be["x"].iloc[0] == pytest.approx((HOURS * 10.96 - 2 * HOURS * 2.25) / 0.02)
    assert be["cheaper_above"].iloc[0] == "DX 10G flat rate (Tier 1 pair)"


def test_flat_rate_switching_more_than_three_times_in_six_months_warns():
    sc = from_dict({"name": "x", "region": "us-east-1", "options": [
        {"name": "f", "type": "direct_connect", "speed": "10G", "location": "EqDC2", "billing": "flat_rate",
         "billing_switch_months": [1, 2, 4, 6]}]})
    from vpncost.model.estimate import summary
    assert "AWS allows at most 3 changes in six months" in "; ".join(summary(sc).loc[0, "warnings"])
    ok = sc.replace(options=[{**sc.options[0].model_dump(), "billing_switch_months": [1, 2, 7, 9]}])
    assert not summary(ok).loc[0, "warnings"]


def test_concentrator_for_forty_sites_by_hand(capsys):
    assert main(["estimate", str(ROOT / "data/scenarios/concentrator_branches.yaml"), "--json"]) == 0
    opts = {o["name"]: o for o in json.loads(capsys.readouterr().out)["options"]}
    c = lines(opts["VPN Concentrator"])
    assert c["VPN Concentrator-hours"]["cost_usd"] == pytest.approx(1.95 * HOURS)
    assert c["VPN Concentrator site-hours"]["quantity"] == 40 * HOURS
    expected = HOURS * (1.95 + 0.01 * 40 + 0.05 + 0.05) + 2800 * 0.02 + 2000 * 0.09
    assert opts["VPN Concentrator"]["total_usd"] == pytest.approx(expected)
    per_site = HOURS * (0.05 + 0.05) * 40 + HOURS * 0.05 + 2800 * 0.02 + 2000 * 0.09
    assert opts["One VPN per branch on TGW"]["total_usd"] == pytest.approx(per_site)


def test_concentrator_break_even_sites_by_hand():
    sc = load_scenario(ROOT / "data/scenarios/concentrator_branches.yaml")
    be = compare.break_even_sites(sc, "One VPN per branch on TGW", "VPN Concentrator")
    # per site: a connection + its TGW attachment ($0.10/h) against $0.01/h; the Concentrator adds $1.95 + $0.05
    assert be["sites"] == pytest.approx((1.95 + 0.05) / (0.10 - 0.01))
    assert be["whole_sites"] == 23 and be["cheaper_above"] == "VPN Concentrator"
    curve = compare.cost_by_sites(sc, [10, 30])
    wide = curve.pivot(index="sites", columns="option", values="cost_usd")
    assert wide.loc[10, "VPN Concentrator"] > wide.loc[10, "One VPN per branch on TGW"]
    assert wide.loc[30, "VPN Concentrator"] < wide.loc[30, "One VPN per branch on TGW"]


@pytest.mark.parametrize("sites, peak, feasible, words", [
    (150, 50, False, "use concentrators: 2"), (40, 200, False, "100 Mbps per site"),
    (80, 90, True, "peaks do not coincide")])
def test_concentrator_capacity_rules(sites, peak, feasible, words):
    from vpncost.model.estimate import summary
    sc = from_dict({"name": "x", "region": "us-east-1", "sites": sites, "traffic": {"peak_mbps": peak},
                    "options": [{"name": "c", "type": "vpn_concentrator"}]})
    row = summary(sc).iloc[0]
    assert bool(row["feasible"]) is feasible and words in "; ".join(row["reasons"] + row["warnings"])


def test_large_tunnels_carry_5_gbps_each_and_are_transit_gateway_or_cloud_wan_only():
    from vpncost.model.estimate import summary
    sc = from_dict({"name": "x", "region": "us-east-1", "traffic": {"peak_mbps": 9000}, "options": [
        {"name": "tgw", "type": "vpn", "gateway": "tgw", "tunnel": "large"},
        {"name": "cwan", "type": "vpn", "gateway": "cloudwan", "tunnel": "large"},
        {"name": "std", "type": "vpn", "gateway": "tgw"}]})
    s = summary(sc).set_index("option")
    assert s.loc["tgw", "capacity_mbps"] == 10000 and s.loc["cwan", "capacity_mbps"] == 10000
    assert s.loc["tgw", "feasible"] and not s.loc["std", "feasible"]


def test_cloud_wan_gateway_by_hand(capsys, tmp_path):
    opts = estimate_json(capsys, tmp_path, "name: x\nregion: us-east-1\ntraffic: {egress_gb: 1000, ingress_gb: 500}\n"
                         "options: [{name: c, type: vpn, gateway: cloudwan, connections: 2}]\n")
    c = lines(opts["c"])
    assert c["Cloud WAN core network edge-hours"]["cost_usd"] == pytest.approx(0.5 * HOURS)
    assert c["Cloud WAN VPN attachment-hours"]["quantity"] == 2 * HOURS
    expected = HOURS * (2 * 0.05 + 0.5 + 2 * 0.065 + 0.065) + 1500 * 0.02 + 1000 * 0.09
    assert opts["c"]["total_usd"] == pytest.approx(expected)


def test_cloud_wan_where_it_is_not_offered_is_one_line(capsys, tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: x\nregion: mx-central-1\noptions: [{name: c, type: vpn, gateway: cloudwan}]\n")
    assert main(["estimate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "no price for cloud_wan/core_network_edge_hour (region=mx-central-1)" in err and err.count("\n") == 1


def test_sitelink_between_ashburn_and_slough(capsys, tmp_path):
    opts = estimate_json(capsys, tmp_path, "name: x\nregion: us-east-1\ntraffic: {egress_gb: 1000, site_to_site_gb: 500}"
                         "\noptions: [{name: s, type: direct_connect, location: EqDC2, extra_locations: [EqLD5], count: 2,"
                         " sitelink: true, gateway: tgw}]\n")
    c = lines(opts["s"])
    assert c["DX SiteLink VIF-hours"]["cost_usd"] == pytest.approx(2 * HOURS * 0.50)
    assert c["DX SiteLink data (GB-US)"]["cost_usd"] == pytest.approx(500 * 0.0282)
    # site-to-site traffic no longer crosses the Region: not in DX data out nor in TGW processing
    assert c["DX data transfer out (us-east-1 to EqDC2)"]["quantity"] == 500
    assert c["TGW data processing"]["quantity"] == 1000


def test_new_example_scenarios_compare(capsys):
    for name in ("concentrator_branches", "flat_rate_dc"):
        assert main(["compare", str(ROOT / f"data/scenarios/{name}.yaml")]) == 0
    assert "Break-even" in capsys.readouterr().out


def test_report_includes_the_new_options(tmp_path):
    out = tmp_path / "t.csv"
    assert main(["report", str(ROOT / "data/scenarios/concentrator_branches.yaml"), "-o", str(out), "--format", "csv"]) == 0
    import pandas as pd
    t = pd.read_csv(tmp_path / "t-new-options.csv")
    assert t.loc[0, "option"] == "VPN Concentrator" and t.loc[0, "break_even"] == pytest.approx(2.0 / 0.09)


def test_report_html_has_the_new_options_section(tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", str(ROOT / "data/scenarios/flat_rate_dc.yaml"), "-o", str(out)]) == 0
    html = out.read_text()
    assert "Flat rate and VPN Concentrator: where they start to win" in html and "235,790 GB out per period" in html
