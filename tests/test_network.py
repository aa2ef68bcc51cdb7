"""Networks priced hop by hop against hand-computed bills from AWS's published rates (the pricing-page feeds in
``vpncost/data/pricing-pages``: ``data/sources.csv`` pricing-pages), the scenario engine on one-site networks,
shared costs split to the cent, and bad network files refused in one line."""
import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml

from vpncost import examples
from vpncost.errors import ScenarioError
from vpncost.model import estimate, network as nm
from vpncost.network import from_dict, load_network, with_design
from vpncost.scenario import from_dict as scenario_from_dict

# published rates used by hand below [USD]: 10G dedicated port-hour 2.25; DX data transfer out us-east-1 -> EqDC2
# 0.02, eu-west-1 -> EqDC2 0.0282; TGW attachment-hour 0.05 and processing 0.02 per GB (us-east-1, eu-west-1);
# inter-Region us-east-1 <-> eu-west-1 0.02 per GB; internet out us-east-1 first 10 TB 0.09, next 40 TB 0.085
PORT_10G, DTO_USE1, DTO_EUW1, TGW_H, TGW_GB, XR = 2.25, 0.02, 0.0282, 0.05, 0.02, 0.02


def _net(**over):
    data = yaml.safe_load(examples.get("hub_or_dx_gateway").location.read_text())
    data.update(over)
    return from_dict(data, "test.yaml")


def _by(model, level):
    return model.totals_by(level).set_index(level)["total_usd"]


def test_hub_and_spoke_by_hand():
    """One 10G port, us-east-1 reached directly, eu-west-1 through the peering: 10,000/4,000 GB with us-east-1 and
    5,000/2,000 GB with eu-west-1 (egress/ingress)."""
    m = nm.build(_net())
    res = _by(m, "resource")
    assert res["DX Ashburn"] == pytest.approx(PORT_10G * 730 + DTO_USE1 * 15_000 + TGW_H * 730, abs=0.005)
    # processing: us-east-1 from its VPCs (10,000) and from the DX gateway (all 6,000 in); eu-west-1 from its VPCs
    assert res["TGW us-east-1"] == pytest.approx(TGW_H * 730 + TGW_GB * (10_000 + 6_000), abs=0.005)
    assert res["TGW eu-west-1"] == pytest.approx(TGW_H * 730 + TGW_GB * 5_000, abs=0.005)
    # both sides pay a peering attachment; each direction billed on its sender, nothing processed from the peering
    assert res["Peering us-east-1 / eu-west-1"] == pytest.approx(2 * TGW_H * 730 + XR * 5_000 + XR * 2_000, abs=0.005)
    assert m.total() == pytest.approx(2685.00, abs=0.005)
    b = m.breakdown()
    xr = b[b["component"].str.startswith("Inter-Region")].set_index("component")
    assert xr.loc["Inter-Region data transfer out (eu-west-1 to us-east-1)", "region"] == "eu-west-1"
    assert xr.loc["Inter-Region data transfer out (eu-west-1 to us-east-1)", "quantity"] == pytest.approx(5_000)
    assert xr.loc["Inter-Region data transfer out (us-east-1 to eu-west-1)", "quantity"] == pytest.approx(2_000)


def test_dx_gateway_to_both_regions_bills_the_port_once():
    net = with_design(_net(), "DX gateway to both Regions")
    m = nm.build(net)
    b = m.breakdown()
    ports = b[b["component"].str.contains("port-hours")]
    assert len(ports) == 1 and ports["cost_usd"].sum() == pytest.approx(1642.50)   # not $3,285
    dto = b[b["component"].str.startswith("DX data transfer out")].set_index("component")["cost_usd"]
    assert dto["DX data transfer out (us-east-1 to EqDC2)"] == pytest.approx(DTO_USE1 * 10_000)
    assert dto["DX data transfer out (eu-west-1 to EqDC2)"] == pytest.approx(DTO_EUW1 * 5_000)
    expected = (PORT_10G * 730 + DTO_USE1 * 10_000 + DTO_EUW1 * 5_000 + 2 * TGW_H * 730   # two DXGW attachments
                + 2 * TGW_H * 730 + TGW_GB * (10_000 + 4_000) + TGW_GB * (5_000 + 2_000))  # VPCs, processing
    assert m.total() == pytest.approx(expected, abs=0.005) == pytest.approx(2549.50, abs=0.005)
    designs, sites = nm.compare_designs(_net())
    assert designs["change_usd"].tolist() == pytest.approx([0.0, 2549.50 - 2685.00])
    assert sites.set_index("site").loc["Ashburn DC"].tolist() == pytest.approx([2685.00, 2549.50])


def _one_site_network(option: dict, region="us-east-1", egress=20_000.0, ingress=5_000.0, vpcs=1):
    regions = {region: {"transit_gateway": {"vpc_attachments": vpcs}} if option.get("gateway") == "tgw" else {}}
    data = {"name": "one site", "regions": regions, "sites": [{"name": "s", "city": "Dallas",
            "traffic": {region: {"egress_gb": egress, "ingress_gb": ingress}}}]}
    if option["type"] == "vpn":
        v = {k: option[k] for k in option if k not in ("type", "name", "vpc_attachments")}
        data["sites"][0]["connect"] = [{"vpn": {**v, "region": region}}]
    else:
        data["direct_connect"] = [{"name": "dx", "location": option["location"], "speed": option["speed"],
                                   "connection": option.get("connection", "dedicated"),
                                   "gateway": {"associations": [region]}}]
        data["sites"][0]["connect"] = [{"direct_connect": "dx"}]
    return from_dict(data)


@pytest.mark.parametrize("option", [
    {"type": "vpn", "name": "vgw", "gateway": "vgw"},
    {"type": "vpn", "name": "tgw", "gateway": "tgw", "connections": 2},
    {"type": "vpn", "name": "accelerated", "gateway": "tgw", "accelerated": True},
    {"type": "vpn", "name": "large", "gateway": "tgw", "tunnel": "large"},
    {"type": "direct_connect", "name": "dx vgw", "location": "EqDC2", "speed": "10G", "gateway": "vgw"},
    {"type": "direct_connect", "name": "dx tgw", "location": "EqDC2", "speed": "1G", "gateway": "tgw"},
    {"type": "direct_connect", "name": "hosted", "location": "EqDC2", "speed": "500M", "connection": "hosted",
     "gateway": "tgw"},
])
@pytest.mark.parametrize("egress", [500.0, 20_000.0, 80_000.0])   # within and across internet tiers
def test_a_one_site_network_costs_what_the_scenario_costs(option, egress):
    """The same billing rules: a scenario with one option and the one-site network it describes agree to the cent."""
    scenario = scenario_from_dict({"name": "s", "region": "us-east-1", "site": {"city": "Dallas"},
                                   "traffic": {"egress_gb": egress, "ingress_gb": 5_000}, "options": [option]})
    expected = float(estimate.build(scenario).totals()[0])
    got = nm.build(_one_site_network(option, egress=egress)).total()
    assert got == pytest.approx(expected, abs=0.005)


def test_every_shipped_option_a_network_can_express_costs_the_same_as_its_scenario():
    """A scenario is a network with one site group: each shipped example option, written as the network it
    describes (vpncost.network.from_scenario), costs what the scenario engine says, to the cent."""
    from vpncost.network import from_scenario
    from vpncost.scenario import load_scenario
    same, refused = [], []
    for name in examples.names("scenario"):
        scenario = load_scenario(examples.get(name).location)
        totals = estimate.build(scenario).totals()
        for opt, total in zip(scenario.options, totals):
            try:
                net = from_scenario(scenario, opt.name)
            except ScenarioError as exc:
                refused.append(str(exc))
                continue
            assert nm.build(net).total() == pytest.approx(float(total), abs=0.005), (name, opt.name)
            same.append((name, opt.name))
    assert not refused and len(same) == sum(len(load_scenario(examples.get(n).location).options)
                                            for n in examples.names("scenario"))


def test_internet_tiers_are_pooled_per_payer_and_region():
    def net(accounts):
        return from_dict({"name": "pool", "accounts": accounts, "regions": {"us-east-1": {}},
                          "sites": [{"name": n, "account": a, "connect": [{"vpn": {"region": "us-east-1"}}],
                                     "traffic": {"us-east-1": {"egress_gb": 8 * 1024}}}
                                    for n, a in (("a", accounts[0]["id"]), ("b", accounts[-1]["id"]))]})
    one_bill = nm.build(net([{"id": "x"}, {"id": "y"}]))          # both accounts on the organization's bill
    two_bills = nm.build(net([{"id": "x", "payer": "p1"}, {"id": "y", "payer": "p2"}]))
    b = one_bill.breakdown()
    dto = b[b["component"] == "Internet data transfer out"]
    # 16 TB on one bill: 10 TB at 0.09, 6 TB at 0.085 (BILL-VOL's own example, at these rates)
    assert dto["cost_usd"].sum() == pytest.approx(10 * 1024 * 0.09 + 6 * 1024 * 0.085)
    assert dto.groupby("site")["cost_usd"].sum().tolist() == pytest.approx([(10 * 1024 * 0.09 + 6 * 1024 * 0.085) / 2] * 2)
    b2 = two_bills.breakdown()
    assert b2[b2["component"] == "Internet data transfer out"]["cost_usd"].sum() == pytest.approx(2 * 8 * 1024 * 0.09)


def test_the_free_tier_counts_once_per_payer_across_regions():
    data = {"name": "free", "pricing": {"free_tier": True}, "regions": {"us-east-1": {}, "us-west-2": {}},
            "sites": [{"name": "a", "connect": [{"vpn": {"region": "us-east-1"}}, {"vpn": {"region": "us-west-2"}}],
                       "traffic": {"us-east-1": {"egress_gb": 300}, "us-west-2": {"egress_gb": 100}}}]}
    b = nm.build(from_dict(data)).breakdown()
    dto = b[b["component"] == "Internet data transfer out"]
    free = dto[dto["tier"].str.startswith("free tier")]
    assert free["quantity"].sum() == pytest.approx(100)          # 100 GB once, not per Region
    assert dto["cost_usd"].sum() == pytest.approx(300 * 0.09)    # 400 GB - 100 free, both Regions at 0.09


@pytest.mark.parametrize("rule", ["traffic", "even"])
def test_each_sites_cost_to_connect_adds_up_to_the_total_to_the_cent(rule):
    m = nm.build(load_network(examples.get("global_estate").location))
    c = m.cost_to_connect(rule)
    assert round(c["total_usd"].sum(), 2) == round(m.total(), 2)
    assert (c.loc[c["site"] != "(not allocated)", "shared_usd"] > 0).all()
    # nobody's: a peering no site's traffic crosses (eu-west-1 / ap-southeast-1) and the VPC-to-VPC flows' own
    # processing and transfer; under the traffic rule also those flows' part of the peerings and attachments
    res = m.totals_by("resource").set_index("resource")["total_usd"]
    nobody = res["Peering eu-west-1 / ap-southeast-1"] + res[[r for r in res.index if r.startswith("VPC to VPC")]].sum()
    assert res[[r for r in res.index if r.startswith("VPC to VPC")]].sum() > 0
    left = c.set_index("site").loc["(not allocated)", "total_usd"]
    assert left == pytest.approx(nobody, abs=0.01) if rule == "even" else left > nobody + 1
    # every row is whole cents
    assert np.allclose(c["total_usd"] * 100, np.round(c["total_usd"] * 100))


def test_cost_to_connect_adds_up_to_the_cent_with_many_shared_resources():
    """Ten connections with odd hours and customer items: the rows still add up to the total to the cent."""
    data = {"name": "c", "hours": 100, "regions": {"us-east-1": {"transit_gateway": {"vpc_attachments": 3}}},
            "direct_connect": [{"name": f"dx{i}", "location": "EqDC2", "connection": "hosted", "speed": "50M",
                                "extra_monthly_usd": {"x": 1}, "gateway": {"associations": ["us-east-1"]}}
                               for i in range(10)],
            "sites": [{"name": f"s{i}", "connect": [{"direct_connect": f"dx{i}"}],
                       "traffic": {"us-east-1": {"egress_gb": 7.77 * i, "ingress_gb": 1.13}}} for i in range(10)]}
    m = nm.build(from_dict(data))
    c = m.cost_to_connect()
    assert round(c["total_usd"].sum(), 2) == round(m.total(), 2)
    assert np.allclose(c["total_usd"] * 100, np.round(c["total_usd"] * 100))


def test_a_vpn_to_a_vgw_does_not_cross_the_regions_transit_gateway():
    """A VGW is attached to its VPC alone: no transit gateway processing, and no path over the peering."""
    base = {"name": "v", "regions": {"us-east-1": {"transit_gateway": {}}, "eu-west-1": {"transit_gateway": {}}},
            "peerings": [{"between": ["us-east-1", "eu-west-1"]}],
            "sites": [{"name": "s", "connect": [{"vpn": {"gateway": "vgw", "region": "us-east-1"}}],
                       "traffic": {"us-east-1": {"egress_gb": 1000, "ingress_gb": 1000}}}]}
    b = nm.build(from_dict(base)).breakdown()
    assert not b["component"].str.contains("processing").any()
    base["sites"][0]["traffic"]["eu-west-1"] = {"egress_gb": 10}
    with pytest.raises(ScenarioError, match=r"sites\[0\]\.traffic\.eu-west-1: no path"):
        from_dict(base)


def test_a_backup_vpn_stands_by_for_a_primary_that_reaches_the_region_through_a_peering():
    net = _net(sites=[{"name": "dc", "connect": [
        {"direct_connect": "DX Ashburn"}, {"vpn": {"region": "eu-west-1", "gateway": "tgw"}, "backup": True}],
        "traffic": {"eu-west-1": {"egress_gb": 50_000}}}])
    m = nm.build(net)
    assert m.paths.set_index("region").loc["eu-west-1", "via"] == "DX Ashburn"
    b = m.breakdown()
    assert b.loc[b["component"] == "Internet data transfer out", "cost_usd"].sum() == 0


def test_two_vpns_of_one_site_are_checked_apart():
    net = from_dict({"name": "t", "regions": {"us-east-1": {"transit_gateway": {}}}, "sites": [{
        "name": "s", "connect": [{"vpn": {"region": "us-east-1", "gateway": "tgw", "routing": "static"}},
                                 {"vpn": {"region": "us-east-1", "gateway": "tgw", "connections": 2}}],
        "traffic": {"us-east-1": {"egress_gb": 10}, "peak_mbps": 2000}}]})
    m = nm.build(net)
    assert len(m.checks) == 2 and not nm.summary(m)["feasible"]   # the static one carries 2,000 > 1,250 Mbps


def test_peak_to_average_sets_the_demand_when_no_peak_is_given():
    net = from_dict({"name": "p", "regions": {"us-east-1": {"transit_gateway": {}}}, "sites": [{
        "name": "s", "connect": [{"vpn": {"region": "us-east-1", "gateway": "tgw"}}],
        "traffic": {"us-east-1": {"egress_gb": 30_000}, "peak_to_average": 50}}]})
    s = nm.summary(nm.build(net))
    assert not s["feasible"] and "4,566 Mbps" in s["reasons"][0]


def test_the_totals_by_level_all_add_up():
    m = nm.build(load_network(examples.get("global_estate").location))
    b = m.breakdown()
    for level in ("account", "payer", "region", "site", "resource"):
        assert m.totals_by(level, b)["total_usd"].sum() == pytest.approx(m.total())
    assert set(m.totals_by("account", b)["account"]) == {"network", "apps"}


def test_a_sweep_of_one_sites_traffic_matches_rebuilding_the_network():
    net = load_network(examples.get("global_estate").location)
    m = nm.build(net)
    values = [0.0, 5_000.0, 60_000.0]
    swept = m.sweep("Branch EU", "eu-west-1", "egress_gb", values)
    for v, got in zip(values, swept):
        data = net.model_dump(by_alias=True, exclude={"designs"})
        site = next(s for s in data["sites"] if s["name"] == "Branch EU")
        site["traffic"]["regions"]["eu-west-1"]["egress_gb"] = v
        assert got == pytest.approx(nm.build(from_dict(data)).total(), abs=1e-6)


def test_a_static_vpn_backup_on_the_transit_gateway_carries_the_traffic():
    """Route order (route_order): a static VPN route on a transit gateway outranks Direct Connect."""
    net = _net(sites=[{"name": "dc", "connect": [
        {"direct_connect": "DX Ashburn"},
        {"vpn": {"region": "us-east-1", "gateway": "tgw", "routing": "static"}, "backup": True}],
        "traffic": {"us-east-1": {"egress_gb": 1000}}}])
    m = nm.build(net)
    assert m.paths.set_index("region").loc["us-east-1", "via"] == "VPN to us-east-1 (tgw)"
    bgp = nm.build(_net(sites=[{"name": "dc", "connect": [
        {"direct_connect": "DX Ashburn"}, {"vpn": {"region": "us-east-1", "gateway": "tgw"}, "backup": True}],
        "traffic": {"us-east-1": {"egress_gb": 1000}}}]))
    assert bgp.paths.set_index("region").loc["us-east-1", "via"] == "DX Ashburn"


def test_a_port_too_small_for_its_sites_is_not_feasible():
    net = _net(direct_connect=[{"name": "DX Ashburn", "location": "EqDC2", "connection": "hosted", "speed": "50M",
                                "gateway": {"associations": ["us-east-1"]}}])
    s = nm.summary(nm.build(net))
    assert not s["feasible"] and "DX Ashburn: 2,000 Mbps" in s["reasons"][0]


BAD = [
    ({"sites": [{"name": "x", "connect": [{"direct_connect": "DX Paris"}]}]},
     "sites[0].connect[0].direct_connect: 'DX Paris' is not a direct_connect name; allowed: DX Ashburn"),
    ({"sites": [{"name": "x", "connect": [{"vpn": {"region": "us-east-1"}}],
                 "traffic": {"eu-west-1": {"egress_gb": 1}}}], "peerings": []},
     "sites[0].traffic.eu-west-1: no path from site 'x' to eu-west-1"),
    ({"peerings": [{"between": ["us-east-1", "us-east-1"]}]},
     "peerings[0].between: a peering joins two Regions, not us-east-1 with itself"),
    ({"regions": {r: {"transit_gateway": {}} for r in ("us-east-1", "eu-west-1", "eu-west-2", "eu-central-1",
                                                       "us-west-2", "us-east-2", "ap-south-1")},
      "direct_connect": [{"name": "DX Ashburn", "location": "EqDC2", "speed": "10G", "gateway": {"associations": [
          "us-east-1", "eu-west-1", "eu-west-2", "eu-central-1", "us-west-2", "us-east-2", "ap-south-1"]}}]},
     "direct_connect[0].gateway.associations: 7 transit gateways exceed AWS's quota of 6"),
    ({"regions": {"us-east-1": {"transit_gateway": {}}, "eu-west-1": {}}, "peerings": [],
      "direct_connect": [{"name": "DX Ashburn", "location": "EqDC2", "gateway": {"associations": [
          "us-east-1", "eu-west-1"]}}]},
     "transit gateways or with virtual private gateways, not both"),
    ({"regions": {"us-east-1": {"transit_gateway": {}}, "mars-1": {}}}, "regions.mars-1"),
]


@pytest.mark.parametrize("change,message", BAD)
def test_bad_network_files_are_one_line_naming_the_field(tmp_path, change, message):
    with pytest.raises(ScenarioError) as err:
        _net(**change)
    assert message in str(err.value) and "\n" not in str(err.value)
    path = tmp_path / "bad.yaml"
    data = yaml.safe_load(examples.get("hub_or_dx_gateway").location.read_text())
    data.update(change)
    path.write_text(yaml.safe_dump(data))
    p = subprocess.run([sys.executable, "-m", "vpncost", "estimate", str(path)], capture_output=True, text=True)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.count("\n") == 1 and str(path) in p.stderr and message in p.stderr


def test_a_design_naming_an_unknown_site_is_refused(tmp_path):
    data = yaml.safe_load(examples.get("hub_or_dx_gateway").location.read_text())
    data["designs"] = [{"name": "d", "sites": {"Nowhere": {"count": 2}}}]
    path = tmp_path / "n.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError, match=r"designs\[0\]\.sites: 'Nowhere' is not a site name"):
        load_network(path)


def test_the_cli_prices_networks_in_text_json_and_csv():
    run = [sys.executable, "-m", "vpncost"]
    text = subprocess.run(run + ["estimate", "global_estate"], capture_output=True, text=True, check=True).stdout
    assert "Cost to connect each site" in text and "By account" in text and "Peering us-east-1 / eu-west-1" in text
    doc = json.loads(subprocess.run(run + ["estimate", "global_estate", "--json"], capture_output=True, text=True,
                                    check=True).stdout)
    assert doc["total_usd"] == pytest.approx(sum(s["total_usd"] for s in doc["sites"]), abs=0.005)
    assert doc["total_usd"] == pytest.approx(sum(r["cost_usd"] for r in doc["lines"]))
    csv = subprocess.run(run + ["estimate", "global_estate", "--csv"], capture_output=True, text=True,
                         check=True).stdout
    assert csv.splitlines()[0].startswith("account,payer,region,site,resource,component")
    cmp_ = subprocess.run(run + ["compare", "hub_or_dx_gateway", "--json"], capture_output=True, text=True,
                          check=True).stdout
    assert [round(d["total_usd"], 2) for d in json.loads(cmp_)["designs"]] == [2685.00, 2549.50]
    for verb in (["failover", "global_estate"], ["acceleration", "global_estate"]):
        p = subprocess.run(run + verb, capture_output=True, text=True)
        assert p.returncode == 2 and "a network file; this takes a scenario" in p.stderr, (verb, p.stderr)
    spend = subprocess.run(run + ["spend", "--cur", "sample_cur", "--model", "global_estate"], capture_output=True,
                           text=True, check=True).stdout
    assert "Model vs bill" in spend and "inter_region_data_transfer" in spend


def test_quantities_are_linear_in_the_variables():
    m = nm.build(load_network(examples.get("global_estate").location))
    x = np.stack([m.x0, 2 * m.x0], axis=1)
    q = m.quantities(x)
    assert np.allclose(q[:, 0], m.quantities()) and np.allclose(q[:, 1], 2 * m.quantities())


def test_the_network_map_places_every_site_location_and_region():
    from vpncost.present import views
    net = load_network(examples.get("global_estate").location)
    points, links = views.network_map(nm.build(net))
    assert (points["kind"] == "site").sum() == len(net.sites)
    assert (points["kind"] == "region").sum() == len(net.regions)
    assert (points["kind"] == "dx").sum() == len(net.direct_connect)
    assert (links["kind"] == "peering").sum() == len(net.peerings)
    assert points[["latitude", "longitude"]].notna().all().all()


def test_spend_reconciles_a_month_against_a_network():
    from vpncost.spend.estate import load
    from vpncost.spend.reconcile import reconcile
    from vpncost.spend.readers.cur import read_cur
    estate = load(examples.get("hub_or_dx_gateway").location, "DX gateway to both Regions")
    b = estate.breakdown(hours=744)   # a 31-day month
    assert b.loc[b["component"].str.contains("port-hours"), "cost_usd"].sum() == pytest.approx(2.25 * 744)
    spend = read_cur(examples.get("sample_cur").location)
    month = str(spend["month"].max())
    v = reconcile(spend, estate, month).set_index("component")
    assert v.loc["dx_port_hours", "model_usd"] == pytest.approx(2.25 * 744)
    assert v.loc["dx_data_transfer_out", "model_usd"] == pytest.approx(b.loc[
        b["component"].str.startswith("DX data transfer out"), "cost_usd"].sum())
    assert "inter_region_data_transfer" not in v.index   # no peering in this design: nothing inter-Region
    with pytest.raises(ScenarioError, match="design 'nope' is not in designs"):
        load(examples.get("hub_or_dx_gateway").location, "nope")


def test_inter_region_lines_of_a_peered_network_are_listed_not_dropped():
    from vpncost.spend.estate import load
    from vpncost.spend.reconcile import reconcile
    from vpncost.spend.readers.cur import read_cur
    estate = load(examples.get("hub_or_dx_gateway").location)   # eu-west-1 through the peering
    spend = read_cur(examples.get("sample_cur").location)
    v = reconcile(spend, estate, str(spend["month"].max())).set_index("component")
    row = v.loc["inter_region_data_transfer"]
    assert row["status"] == "not read from the bill" and row["model_usd"] > 0 and np.isnan(row["billed_usd"])


def test_several_regions_inventory_become_one_network():
    """Two Regions read with moto: their transit gateways, the peering between them (seen from both sides, kept
    once), a VPN in each, and a Direct Connect connection whose gateway's associations (listed with a stub: moto
    has no Direct Connect gateways) reach both Regions: billed once."""
    import boto3
    from botocore.stub import Stubber
    from moto import mock_aws

    from vpncost.spend.estate import network_from_inventory
    from vpncost.spend.readers import inventory

    with mock_aws():
        tgws = {}
        for region in ("us-east-1", "eu-west-1"):
            ec2 = boto3.client("ec2", region_name=region)
            cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.1", BgpAsn=65000)["CustomerGateway"]
            tgws[region] = ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
            ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw["CustomerGatewayId"],
                                      TransitGatewayId=tgws[region])
            vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
            sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.0.0/24")["Subnet"]["SubnetId"]
            ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgws[region], VpcId=vpc, SubnetIds=[sub])
        boto3.client("ec2", region_name="us-east-1").create_transit_gateway_peering_attachment(
            TransitGatewayId=tgws["us-east-1"], PeerTransitGatewayId=tgws["eu-west-1"], PeerAccountId="123456789012",
            PeerRegion="eu-west-1")
        conn = boto3.client("directconnect", region_name="us-east-1").create_connection(
            location="EqDC2", bandwidth="10Gbps", connectionName="dc1")["connectionId"]
        invs = {r: inventory.collect(r) for r in ("eu-west-1",)}
        session = boto3.session.Session(region_name="us-east-1")
        ec2, dxc = session.client("ec2"), session.client("directconnect")

        class Session:   # us-east-1's Direct Connect calls stubbed: a transit VIF to a DX gateway in both Regions
            def client(self, name, region_name=None):
                return {"ec2": ec2, "directconnect": dxc}[name]
        real = boto3.client("directconnect", region_name="us-east-1").describe_connections()
        with Stubber(dxc) as stub:
            stub.add_response("describe_virtual_interfaces", {"virtualInterfaces": [
                {"connectionId": conn, "virtualInterfaceType": "transit", "virtualInterfaceState": "available",
                 "directConnectGatewayId": "dxgw-1"}]})
            stub.add_response("describe_direct_connect_gateway_associations", {"directConnectGatewayAssociations": [
                {"associationState": "associated", "associatedGateway": {"id": "tgw-a", "type": "transitGateway",
                                                                        "region": r}} for r in ("us-east-1", "eu-west-1")]},
                {"directConnectGatewayId": "dxgw-1"})
            stub.add_response("describe_connections", {"connections": [
                {k: c[k] for k in ("connectionId", "connectionName", "connectionState", "bandwidth", "location")}
                for c in real["connections"]]})
            invs["us-east-1"] = inventory.collect("us-east-1", Session())
    assert len(invs["us-east-1"]["tgw_peerings"]) == 1
    assert invs["us-east-1"]["dx"].loc[0, "associations"] == ["eu-west-1", "us-east-1"]
    traffic = {r: pd.DataFrame({"resource_id": [conn], "egress_gb": [1000.0], "ingress_gb": [0.0]})
               if r == "us-east-1" else pd.DataFrame(columns=["resource_id", "egress_gb", "ingress_gb"]) for r in invs}
    net = network_from_inventory(invs, traffic).network
    assert set(net.regions) == {"us-east-1", "eu-west-1"} and len(net.peerings) == 1
    assert [d.gateway.associations for d in net.direct_connect] == [["eu-west-1", "us-east-1"]]
    b = nm.build(net).breakdown()
    ports = b[b["component"].str.contains("port-hours")]
    assert len(ports) == 1 and ports["cost_usd"].sum() == pytest.approx(2.25 * 730)   # one port for two Regions
    assert len(net.sites) == 3   # two VPNs and the DX connection


@pytest.mark.parametrize("args,message", [
    (["--inventory", "us-east-1,mars-1"], "--inventory: 'mars-1' is not a known Region"),
    (["--inventory", "us-east-1,,eu-west-1"], "list each Region once, comma-separated"),
    (["--inventory", "us-east-1,eu-west-1", "--idle"], "--idle and --allocate by-traffic cloudwatch read one Region"),
])
def test_a_bad_inventory_region_list_is_one_line(args, message):
    p = subprocess.run([sys.executable, "-m", "vpncost", "spend", "--cur", "sample_cur", *args], capture_output=True,
                       text=True)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and message in p.stderr


def test_concentrator_sites_share_its_hours_and_attachment():
    """A Concentrator declared once on the Region's transit gateway: its hours and attachment once, a site-hour
    per site; more sites than it takes is not feasible."""
    data = {"name": "c", "regions": {"us-east-1": {"transit_gateway": {"vpc_attachments": 1, "concentrators": 1}}},
            "sites": [{"name": "a", "count": 30, "connect": [{"concentrator": {"region": "us-east-1"}}],
                       "traffic": {"us-east-1": {"egress_gb": 10}}},
                      {"name": "b", "count": 20, "connect": [{"concentrator": {"region": "us-east-1"}}],
                       "traffic": {"us-east-1": {"egress_gb": 10}}}]}
    m = nm.build(from_dict(data))
    b = m.breakdown()
    hub = b[b["component"] == "VPN Concentrator-hours"]
    assert len(hub) == 1 and hub["quantity"].sum() == 730
    assert b.loc[b["component"] == "VPN Concentrator site-hours", "quantity"].sum() == 50 * 730
    assert nm.summary(m)["feasible"]
    data["sites"][1]["count"] = 80
    s = nm.summary(nm.build(from_dict(data)))
    assert not s["feasible"] and "110 sites exceed its 100" in " ".join(s["reasons"])
    data["regions"]["us-east-1"]["transit_gateway"]["concentrators"] = 0
    with pytest.raises(ScenarioError, match=r"sites\[0\]\.connect\[0\]\.concentrator\.region: us-east-1 has no VPN "
                                            "Concentrator"):
        from_dict(data)


def test_a_flat_rate_pair_in_a_network_includes_its_tiers_regions_only():
    data = {"name": "f", "regions": {"us-east-1": {"transit_gateway": {}}, "eu-west-1": {"transit_gateway": {}}},
            "direct_connect": [{"name": "pair", "location": "EqDC2", "speed": "10G", "billing": "flat_rate",
                                "gateway": {"associations": ["us-east-1", "eu-west-1"]}}],
            "sites": [{"name": "dc", "connect": [{"direct_connect": "pair"}],
                       "traffic": {"us-east-1": {"egress_gb": 10_000}, "eu-west-1": {"egress_gb": 1_000}}}]}
    b = nm.build(from_dict(data)).breakdown().set_index("component")["cost_usd"]
    assert b["DX flat-rate port pair-hours (10G tier 1 at EqDC2)"] == pytest.approx(10.96 * 730)
    assert b["DX data transfer out (us-east-1 to EqDC2, in flat-rate tier 1)"] == 0.0   # Tier 1: us-east-1
    assert b["DX data transfer out (eu-west-1 to EqDC2)"] == pytest.approx(1_000 * DTO_EUW1)
    data["direct_connect"][0]["speed"] = "1G"
    with pytest.raises(ScenarioError, match=r"direct_connect\[0\]\.billing: flat_rate is offered for dedicated 10G"):
        from_dict(data)


def test_site_to_site_traffic_crosses_the_hub_once():
    data = {"name": "s", "regions": {"us-east-1": {"transit_gateway": {"vpc_attachments": 0}}},
            "sites": [{"name": "b", "count": 10, "connect": [{"vpn": {"region": "us-east-1", "gateway": "tgw"}}],
                       "traffic": {"site_to_site_gb": 80}}]}
    b = nm.build(from_dict(data)).breakdown()
    proc = b[b["component"].str.startswith("TGW data processing")]
    assert proc["quantity"].sum() == pytest.approx(800)   # entered once, from the sender's VPN attachment
    out = b[b["component"] == "Internet data transfer out"]
    assert out["quantity"].sum() == pytest.approx(800)    # and left once, towards the receiving site


def test_two_connections_on_one_named_dx_gateway_pay_its_attachment_once():
    def net(names):
        return from_dict({"name": "pair", "regions": {"us-east-1": {"transit_gateway": {}}},
                          "direct_connect": [{"name": f"dx{i}", "location": "EqDC2", "speed": "10G", "gateway": {
                              **({"name": names[i]} if names[i] else {}), "associations": ["us-east-1"]}}
                              for i in range(2)],
                          "sites": [{"name": "dc", "connect": [{"direct_connect": "dx0"}, {"direct_connect": "dx1"}],
                                     "traffic": {"us-east-1": {"egress_gb": 100}}}]})
    def attachments(m):
        b = m.breakdown()
        return b[b["component"] == "TGW Direct Connect gateway attachment-hours"]["quantity"].sum()
    assert attachments(nm.build(net(["gw", "gw"]))) == 730          # one gateway: one attachment
    assert attachments(nm.build(net([None, None]))) == 2 * 730       # a gateway each
    m = nm.build(net(["gw", "gw"]))
    assert round(m.cost_to_connect()["total_usd"].sum(), 2) == round(m.total(), 2)
    bad = net(["gw", "gw"]).model_dump(by_alias=True)
    bad["direct_connect"][1]["gateway"]["associations"] = ["us-east-1", "eu-west-1"]
    bad["regions"]["eu-west-1"] = {"transit_gateway": {}}
    with pytest.raises(ScenarioError, match=r"direct_connect\[1\]\.gateway\.associations: Direct Connect gateway 'gw'"):
        from_dict(bad)


def test_design_names_are_unique_and_the_base_keeps_its_name():
    for designs in ([{"name": "as is"}], [{"name": "d"}, {"name": "d"}]):
        with pytest.raises(ScenarioError, match="designs: each design needs its own name"):
            _net(designs=designs)


def test_a_design_changes_only_the_fields_it_names_of_a_connection():
    net = _net(direct_connect=[{"name": "DX Ashburn", "location": "EqDC2", "speed": "10G",
                                "extra_monthly_usd": {"cross-connect": 600}, "gateway": {"associations": ["us-east-1"]}}],
               designs=[{"name": "both", "direct_connect": [{"name": "DX Ashburn", "gateway": {
                   "associations": ["us-east-1", "eu-west-1"]}}], "peerings": []}])
    d = with_design(net, "both")
    assert d.direct_connect[0].extra_monthly_usd == {"cross-connect": 600.0}   # kept
    assert d.direct_connect[0].gateway.associations == ["us-east-1", "eu-west-1"]


def test_the_readme_network_example_is_a_valid_network_with_its_designs():
    import re
    from conftest import ROOT
    text = (ROOT / "README.md").read_text()
    block = re.search(r"```yaml\n(name: Global estate\n.*?)```", text, re.S).group(1)
    net = from_dict(yaml.safe_load(block), "README.md")
    designs, sites = nm.compare_designs(net)
    assert list(designs["design"]) == ["as is", *(d.name for d in net.designs)] and designs["feasible"].all()
