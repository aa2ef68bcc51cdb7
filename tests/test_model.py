"""The cost model against hand-computed and published figures (``data/sources.csv`` IC, WP, AE-DX, AE-GA, AE-TGW), option by option."""
import numpy as np
import pytest

from vpncost.model import compare
from vpncost.model.estimate import build, estimate, summary, to_json
from vpncost.scenario import from_dict


def scenario(options, **top):
    data = {"name": "test", "region": "us-east-1", "options": options}
    data.update(top)
    return from_dict(data)


def lines(sc, option=None):
    b = estimate(sc)
    return b if option is None else b[b["option"] == option]


def cost_of(b, prefix):
    return round(float(b.loc[b["component"].str.startswith(prefix), "cost_usd"].sum()), 6)


def test_vpn_connection_month_us_east_1():
    b = lines(scenario([{"name": "v", "type": "vpn"}]))
    assert cost_of(b, "VPN connection-hours") == 36.50  # I1: 730 h x $0.05


def test_vpn_on_tgw_components():
    # I2: VPN 730 h + TGW VPN attachment 730 h + 100 GB processed = 36.50 + 36.50 + 2.00; plus the VPC attachment
    b = lines(scenario([{"name": "v", "type": "vpn", "gateway": "tgw"}], traffic={"ingress_gb": 100}))
    assert cost_of(b, "VPN connection-hours") == 36.50
    assert cost_of(b, "TGW VPN attachment") == 36.50
    assert cost_of(b, "TGW data processing") == 2.00
    assert cost_of(b, "TGW VPC attachment") == 36.50
    assert b["cost_usd"].sum() == pytest.approx(111.50)


def test_tgw_processing_counts_both_directions_and_site_to_site_once():
    b = lines(scenario([{"name": "v", "type": "vpn", "gateway": "tgw", "vpc_attachments": 3}],
                       traffic={"egress_gb": 100, "ingress_gb": 50, "site_to_site_gb": 25}))
    assert cost_of(b, "TGW data processing") == pytest.approx(175 * 0.02)
    assert cost_of(b, "TGW VPC attachment") == pytest.approx(3 * 36.5)


def test_internet_dto_tiers_us_east_1():
    b = lines(scenario([{"name": "v", "type": "vpn"}], traffic={"egress_gb": 15000}))
    dto = b[b["component"] == "Internet data transfer out"]
    assert list(dto["quantity"]) == [10240, 4760]
    assert dto["cost_usd"].sum() == pytest.approx(10240 * 0.09 + 4760 * 0.085)


def test_data_in_is_free_over_vpn():
    b = lines(scenario([{"name": "v", "type": "vpn"}], traffic={"ingress_gb": 50000}))
    assert b["cost_usd"].sum() == pytest.approx(36.5)


def test_free_tier_is_off_by_default_and_account_wide_when_on():
    opts = [{"name": "v", "type": "vpn"}]
    off = lines(scenario(opts, traffic={"egress_gb": 500}))
    on = lines(scenario(opts, traffic={"egress_gb": 500}, pricing={"free_tier": True}))
    assert cost_of(off, "Internet") == pytest.approx(45.0)
    assert cost_of(on, "Internet") == pytest.approx(400 * 0.09)
    shared = lines(scenario(opts, traffic={"egress_gb": 500, "other_internet_egress_gb": 60}, pricing={"free_tier": True}))
    assert cost_of(shared, "Internet") == pytest.approx(460 * 0.09)  # other egress used 60 GB of the 100


def test_other_egress_pushes_vpn_traffic_into_later_tiers():
    b = lines(scenario([{"name": "v", "type": "vpn"}], traffic={"egress_gb": 1000, "other_internet_egress_gb": 10240}))
    assert cost_of(b, "Internet") == pytest.approx(1000 * 0.085)


def test_tiers_reset_every_month_of_a_longer_period():
    b = lines(scenario([{"name": "v", "type": "vpn"}], hours=1460, traffic={"egress_gb": 20480}))
    assert cost_of(b, "Internet") == pytest.approx(20480 * 0.09)
    assert cost_of(b, "VPN connection-hours") == pytest.approx(1460 * 0.05)


def test_partial_hours_bill_as_full_and_one_time_costs_carry_whole_in_a_short_environment():
    sc = scenario([{"name": "v", "type": "vpn", "gateway": "tgw", "extra_one_time_usd": {"setup": 1000},
                    "extra_monthly_usd": {"circuit": 730}}], hours=100.25)
    b = lines(sc)
    assert cost_of(b, "VPN connection-hours") == pytest.approx(101 * 0.05)
    assert cost_of(b, "TGW VPN attachment") == pytest.approx(101 * 0.05)
    assert cost_of(b, "setup") == 1000
    assert cost_of(b, "circuit") == pytest.approx(730 * 100.25 / 730)


def test_one_time_costs_spread_over_the_term_for_a_long_running_link():
    sc = scenario([{"name": "v", "type": "vpn", "extra_one_time_usd": {"CPE": 3600}}], years=3)
    assert cost_of(lines(sc), "CPE") == pytest.approx(100.0)
    sc = scenario([{"name": "v", "type": "vpn", "extra_one_time_usd": {"CPE": 3600}}], term_months=12)
    assert cost_of(lines(sc), "CPE") == pytest.approx(300.0)


def test_accelerated_vpn_fixed_fee_and_dt_premium_on_the_dominant_direction():
    sc = scenario([{"name": "a", "type": "vpn", "gateway": "tgw", "accelerated": True}], region="us-west-1",
                  site={"edge_group": "EU"}, traffic={"egress_gb": 5000, "ingress_gb": 1000})
    b = lines(sc)
    assert cost_of(b, "Global Accelerator fixed fee") == pytest.approx(2 * 18.25)  # I5, two accelerators
    assert cost_of(b, "Global Accelerator DT-Premium (NA to EU)") == pytest.approx(75.00)  # I6
    sc = sc.replace(site={"edge_group": "AP"}, traffic={"egress_gb": 1000, "ingress_gb": 200})
    assert cost_of(lines(sc), "Global Accelerator DT-Premium (NA to AP)") == pytest.approx(35.00)  # I6
    # inbound dominant: the premium follows the larger direction; normal DTO still applies on egress
    sc = sc.replace(traffic={"egress_gb": 100, "ingress_gb": 4000})
    b = lines(sc)
    assert cost_of(b, "Global Accelerator DT-Premium") == pytest.approx(4000 * 0.035)
    assert cost_of(b, "Internet") == pytest.approx(100 * 0.09)


def test_site_city_sets_the_edge_group():
    opts = [{"name": "a", "type": "vpn", "gateway": "tgw", "accelerated": True}]
    b = lines(scenario(opts, site={"city": "Tokyo"}, traffic={"egress_gb": 1000}))
    assert cost_of(b, "Global Accelerator DT-Premium (NA to AP)") == pytest.approx(35.0)


@pytest.mark.parametrize("speed, rate", [("1G", 0.30), ("10G", 2.25), ("100G", 22.50), ("400G", 85.0)])
def test_dx_dedicated_port_hours(speed, rate):
    b = lines(scenario([{"name": "d", "type": "direct_connect", "speed": speed, "location": "EqDC2"}]))
    assert cost_of(b, "DX dedicated port-hours") == pytest.approx(730 * rate)


def test_dx_japan_ports_and_dto():
    sc = scenario([{"name": "d", "type": "direct_connect", "speed": "10G", "location": "EqTY2"}],
                  region="ap-northeast-1", traffic={"egress_gb": 1000})
    b = lines(sc)
    assert cost_of(b, "DX dedicated port-hours") == pytest.approx(730 * 2.142)
    assert cost_of(b, "DX data transfer out") == pytest.approx(41.0)  # IntraRegion rate in AWS's feed, $0.041/GB


@pytest.mark.parametrize("region, gb, expected", [("us-east-1", 200, 4.00), ("eu-west-1", 1000, 28.20),
                                                  ("ap-east-1", 3000, 270.00)])
def test_dx_data_transfer_out_to_eqdc2(region, gb, expected):
    sc = scenario([{"name": "d", "type": "direct_connect", "speed": "1G", "location": "EqDC2"}], region=region,
                  traffic={"egress_gb": gb, "ingress_gb": 5000})
    b = lines(sc)
    assert cost_of(b, "DX data transfer out") == pytest.approx(expected)
    assert cost_of(b, "DX data transfer in") == 0
    assert cost_of(b, "DX dedicated port-hours") == pytest.approx(219.00)


def test_dx_hosted_with_partner_fee():
    sc = scenario([{"name": "h", "type": "direct_connect", "connection": "hosted", "speed": "1G", "location": "EqDC2",
                    "extra_monthly_usd": {"partner fee": 400}}])
    b = lines(sc)
    assert cost_of(b, "DX hosted port-hours") == pytest.approx(240.90)
    assert cost_of(b, "partner fee") == 400
    s = summary(sc)
    assert s.loc[0, "customer_usd"] == 400 and s.loc[0, "aws_usd"] == pytest.approx(240.90)


def test_dx_transit_vif_adds_tgw_and_backup_shares_it():
    sc = scenario([{"name": "d", "type": "direct_connect", "speed": "10G", "location": "EqDC2", "gateway": "tgw",
                    "backup": {"gateway": "tgw", "traffic_share": 0.25}}],
                  traffic={"egress_gb": 1000, "ingress_gb": 400})
    b = lines(sc)
    assert cost_of(b, "TGW Direct Connect gateway attachment") == pytest.approx(36.5)
    assert cost_of(b, "TGW VPC attachment") == pytest.approx(36.5)
    assert cost_of(b, "Backup TGW VPC") == 0  # shared transit gateway: VPC attachment counted once
    assert cost_of(b, "Backup TGW VPN attachment") == pytest.approx(36.5)
    assert cost_of(b, "TGW data processing") == pytest.approx(0.75 * 1400 * 0.02)
    assert cost_of(b, "Backup TGW data processing") == pytest.approx(0.25 * 1400 * 0.02)
    assert cost_of(b, "DX data transfer out") == pytest.approx(750 * 0.02)
    assert cost_of(b, "Backup Internet") == pytest.approx(250 * 0.09)
    assert cost_of(b, "Backup VPN connection-hours") == pytest.approx(36.5)


def test_dx_on_vgw_with_vgw_backup_has_no_tgw_charges():
    sc = scenario([{"name": "d", "type": "direct_connect", "location": "EqDC2", "backup": {"gateway": "vgw"}}],
                  traffic={"egress_gb": 1000})
    b = lines(sc)
    assert not b["component"].str.contains("TGW").any()
    assert b["cost_usd"].sum() == pytest.approx(219 + 20 + 36.5)


def test_discount_applies_to_aws_rates_only():
    sc = scenario([{"name": "v", "type": "vpn", "extra_monthly_usd": {"circuit": 100}}], pricing={"discount_pct": 10})
    b = lines(sc)
    assert cost_of(b, "VPN connection-hours") == pytest.approx(36.5 * 0.9)
    assert cost_of(b, "circuit") == 100


def test_override_file_relative_to_the_scenario(tmp_path):
    (tmp_path / "rates.csv").write_text("service,item,region,variant,usd\nvpn,connection_hour,us-east-1,standard,0.04\n")
    (tmp_path / "s.yaml").write_text("name: t\nregion: us-east-1\npricing: {overrides: rates.csv}\n"
                                     "options: [{name: v, type: vpn}]\n")
    from vpncost.scenario import load_scenario
    b = estimate(load_scenario(tmp_path / "s.yaml"))
    assert cost_of(b, "VPN connection-hours") == pytest.approx(730 * 0.04)
    assert b["price_status"].iloc[0] == "override"


def test_assumed_prices_are_marked():
    # AWS's Direct Connect feed (2020) names no Spain Region: its DX data transfer rate follows a stated rule
    sc = scenario([{"name": "v", "type": "direct_connect", "location": "EqFA5"}], region="eu-south-2",
                  traffic={"egress_gb": 100})
    b = lines(sc)
    assert bool(b.loc[b["component"].str.startswith("DX data transfer out"), "assumed"].iloc[0])
    assert "DX data transfer out" in summary(sc).loc[0, "assumed_prices"]
    doc = to_json(sc)
    dto = next(c for c in doc["options"][0]["components"] if c["component"].startswith("DX data transfer out"))
    assert dto["assumed"] is True and dto["price_status"] == "assumed"


def test_large_tunnels_are_priced_single_source_in_us_east_1_and_assumed_elsewhere():
    for region, status in (("us-east-1", "single_source"), ("eu-central-1", "assumed")):
        b = lines(scenario([{"name": "v", "type": "vpn", "gateway": "tgw", "tunnel": "large"}], region=region))
        row = b[b["component"].str.startswith("VPN connection-hours (large")].iloc[0]
        assert row["rate_usd"] == 0.60 and row["price_status"] == status


@pytest.mark.parametrize("option, peak, feasible, capacity", [
    ({"gateway": "vgw"}, 1200, True, 1250),
    ({"gateway": "vgw", "connections": 4}, 2000, False, 1250),          # no ECMP on a VGW
    ({"gateway": "tgw", "routing": "static", "connections": 2}, 2000, False, 1250),  # ECMP needs BGP
    ({"gateway": "tgw", "routing": "bgp", "connections": 2}, 4000, True, 5000),
])
def test_vpn_capacity(option, peak, feasible, capacity):
    sc = scenario([{"name": "v", "type": "vpn", **option}], traffic={"peak_mbps": peak})
    row = summary(sc).iloc[0]
    assert row["feasible"] == feasible and row["capacity_mbps"] == capacity
    if not feasible:
        assert any("exceeds" in r for r in row["reasons"])


def test_ipv6_rules_out_vgw_vpn_only():
    sc = scenario([{"name": "vgw", "type": "vpn"}, {"name": "tgw", "type": "vpn", "gateway": "tgw"},
                   {"name": "dx", "type": "direct_connect", "location": "EqDC2"}], traffic={"ipv6": True})
    s = summary(sc).set_index("option")
    assert list(s["feasible"]) == [False, True, True]
    assert any("IPv4 only" in r for r in s.loc["vgw", "reasons"])


def test_dx_capacity_and_backup_warning():
    sc = scenario([{"name": "d", "type": "direct_connect", "speed": "10G", "count": 2, "location": "EqDC2",
                    "backup": {"gateway": "vgw"}}], traffic={"peak_mbps": 8000})
    row = summary(sc).iloc[0]
    assert row["feasible"] and row["capacity_mbps"] == 20000
    assert "backup VPN carries at most 1,250 Mbps" in "; ".join(row["warnings"])


def test_vgw_connection_quota_warning():
    sc = scenario([{"name": "v", "type": "vpn"}], sites=12)
    assert "default quota of 10" in "; ".join(summary(sc).iloc[0]["warnings"])


def test_rank_skips_infeasible_options():
    sc = scenario([{"name": "vgw", "type": "vpn"}, {"name": "tgw", "type": "vpn", "gateway": "tgw", "connections": 2}],
                  traffic={"peak_mbps": 2000})
    s = summary(sc)
    assert s["rank"].isna().tolist() == [True, False] and int(s.loc[1, "rank"]) == 1


def test_breakdown_matches_vectorised_totals(example_scenarios):
    for sc in example_scenarios:
        m = build(sc)
        b = estimate(m)
        assert b.groupby("option", sort=False)["cost_usd"].sum().to_numpy() == pytest.approx(m.totals())
        assert (b["cost_usd"] >= 0).all()


def test_sweep_equals_scalar_estimates(example_scenarios):
    sc = example_scenarios[0]
    m = build(sc)
    eg = np.array([0, 100, 10240, 60000, 2e5])
    hours = np.array([1, 24.5, 730, 2000, 8760])
    wide = compare.sweep(m, egress_gb=eg, hours=hours)
    for k in range(len(eg)):
        one = estimate(m, egress_gb=eg[k], hours=hours[k]).groupby("option", sort=False)["cost_usd"].sum()
        assert wide.loc[k, m.names].to_numpy(float) == pytest.approx(one.to_numpy())


def test_sweep_regions_reports_missing_prices_per_option(example_scenarios, tmp_path):
    from vpncost.pricing.catalog import load_prices
    frank = next(s for s in example_scenarios if s.region == "eu-central-1")
    t = load_prices().table  # a price table without the ap-southeast-1 -> EqFA5 rate
    t = t[~((t["item"] == "data_transfer_out") & (t["region"] == "ap-southeast-1") & (t["location"] == "EqFA5"))]
    t.to_csv(tmp_path / "p.csv", index=False)
    out = compare.sweep_regions(frank, ["eu-central-1", "ap-southeast-1"], catalog=load_prices(tmp_path / "p.csv"))
    ap = out[out["region"] == "ap-southeast-1"]
    assert ap.loc[ap["option"] == "VPN on VGW", "cost_usd"].notna().all()
    assert ap.loc[ap["option"].str.startswith("DX"), "error"].str.contains("data_transfer_out").all()


def test_scenario_accepts_the_names_aws_uses():
    sc = from_dict({"name": "x", "region": "US East (Ohio)", "options": [
        {"name": "a", "type": "Site-to-Site VPN", "gateway": "Transit Gateway"},
        {"name": "d", "type": "dx", "connection": "hosted", "speed": "500 Mbps", "location": "eqdc2"}]})
    assert sc.region == "us-east-2"
    assert sc.options[0].gateway == "tgw" and sc.options[1].type == "direct_connect"
    assert sc.options[1].speed == "500M" and sc.options[1].location == "EqDC2"


def test_vpc_attachment_billed_elsewhere():
    b = lines(scenario([{"name": "v", "type": "vpn", "gateway": "tgw", "vpc_attachments": 0}]))
    assert not b["component"].str.contains("VPC").any()


def test_thirty_day_month_with_the_free_tier_through_the_cli(tmp_path, capsys):
    """A pricing-page style case: 30 days in us-east-2, 1,000 GB in and 500 GB out, free tier applied."""
    import json

    from vpncost.cli import main
    (tmp_path / "s.yaml").write_text(
        "name: example\nregion: us-east-2\nhours: 720\npricing: {free_tier: true}\n"
        "traffic: {egress_gb: 500, ingress_gb: 1000}\n"
        "options:\n  - {name: vpn, type: vpn}\n  - {name: accelerated, type: vpn, gateway: tgw, accelerated: true}\n")
    assert main(["estimate", str(tmp_path / "s.yaml"), "--json"]) == 0
    opts = {o["name"]: o for o in json.loads(capsys.readouterr().out)["options"]}
    assert opts["vpn"]["total_usd"] == pytest.approx(720 * 0.05 + 400 * 0.09)
    # + TGW VPN and VPC attachments, processing on 1,500 GB, 2 accelerators, DT-Premium on the 1,000 GB inbound
    assert opts["accelerated"]["total_usd"] == pytest.approx(
        720 * 0.05 + 400 * 0.09 + 2 * 720 * 0.05 + 1500 * 0.02 + 2 * 720 * 0.025 + 1000 * 0.015)
