"""Transit gateway peering and inter-Region data transfer, billed as AWS bills each hop."""
import pytest
from conftest import ROOT

from vpncost.errors import ScenarioError
from vpncost.model.estimate import build, estimate
from vpncost.pricing.catalog import load_prices
from vpncost.scenario import from_dict, load_scenario

DX = {"name": "dx", "type": "direct_connect", "speed": "10G", "location": "EqDC2", "gateway": "tgw"}


def scenario(*peerings, **option):
    return from_dict({"name": "s", "region": "us-east-1", "traffic": {"egress_gb": 20_000, "ingress_gb": 8_000},
                      "options": [{**DX, **option, "peerings": list(peerings)}]})


def lines(sc):
    b = estimate(build(sc))
    return dict(zip(b["component"], zip(b["quantity"], b["rate_usd"], b["cost_usd"])))


def test_each_hop_is_billed_where_aws_bills_it():
    cat = load_prices()
    got = lines(scenario({"region": "eu-west-1", "share": 0.25}))
    # to the site: processed in eu-west-1 (from its VPC), sent eu-west-1 -> us-east-1; from the site: processed in
    # us-east-1 (from the DX gateway attachment), sent us-east-1 -> eu-west-1; nothing processed from the peering
    assert got["TGW data processing"][0] == pytest.approx(0.75 * 20_000 + 8_000)
    assert got["TGW data processing (eu-west-1, from its VPCs to the site)"][0] == pytest.approx(5_000)
    out = got["Inter-Region data transfer out (eu-west-1 to us-east-1)"]
    back = got["Inter-Region data transfer out (us-east-1 to eu-west-1)"]
    assert out[0] == pytest.approx(5_000) and back[0] == pytest.approx(2_000)
    assert out[1] == cat.lookup("data_transfer", "inter_region_out", region="eu-west-1", variant="us-east-1").usd[0]
    assert back[1] == cat.lookup("data_transfer", "inter_region_out", region="us-east-1", variant="eu-west-1").usd[0]
    # each transit gateway owner pays its own peering attachment; the traffic still leaves AWS from us-east-1
    assert {k for k in got if k.startswith("TGW peering attachment-hours")} == {
        "TGW peering attachment-hours (us-east-1; us-east-1 to eu-west-1)",
        "TGW peering attachment-hours (eu-west-1; us-east-1 to eu-west-1)"}
    assert got["TGW VPC attachment-hours (eu-west-1)"][0] == 730
    assert got["DX data transfer out (us-east-1 to EqDC2)"][0] == pytest.approx(20_000)


def test_a_peering_adds_exactly_its_own_charges():
    with_peering = build(scenario({"region": "ap-southeast-2", "share": 0.5, "vpc_attachments": 0})).totals()[0]
    without = build(scenario()).totals()[0]
    cat = load_prices()

    def rate(*key, **kw):
        return cat.lookup(*key, **kw).usd[0]
    expected = (730 * (rate("transit_gateway", "attachment_hour", region="us-east-1", variant="peering")
                       + rate("transit_gateway", "attachment_hour", region="ap-southeast-2", variant="peering"))
                + 10_000 * rate("transit_gateway", "data_processing", region="ap-southeast-2", variant="vpc")
                - 10_000 * rate("transit_gateway", "data_processing", region="us-east-1", variant="dx_gateway")
                + 10_000 * rate("data_transfer", "inter_region_out", region="ap-southeast-2", variant="us-east-1")
                + 4_000 * rate("data_transfer", "inter_region_out", region="us-east-1", variant="ap-southeast-2"))
    assert with_peering - without == pytest.approx(expected, abs=0.005)


@pytest.mark.parametrize("peerings, option, message", [
    ([{"region": "eu-west-1", "share": 0.2}], {"gateway": "vgw"}, "peerings: a transit gateway peering needs gateway: tgw"),
    ([{"region": "us-east-1", "share": 0.2}], {}, "options[0].peerings[0].region: us-east-1 is the scenario's own Region"),
    ([{"region": "eu-west-1", "share": 0.7}, {"region": "eu-west-2", "share": 0.7}], {}, "add up to more than 1"),
    ([{"region": "eu-west-1", "share": 0.2}, {"region": "eu-west-1", "share": 0.2}], {}, "repeated: eu-west-1"),
    ([{"region": "mars-1", "share": 0.2}], {}, "unknown Region 'mars-1'"),
])
def test_bad_peerings_are_one_line_naming_the_field(peerings, option, message):
    with pytest.raises(ScenarioError, match="peerings") as err:
        scenario(*peerings, **option)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_every_pair_of_commercial_regions_has_an_inter_region_rate_from_the_feed():
    cat = load_prices()
    t = cat.table
    rows = t[(t["service"] == "data_transfer") & (t["item"] == "inter_region_out")]
    assert len(rows) >= 1100 and (rows["region"] != rows["variant"]).all()
    assert set(rows["status"]) == {"sourced"} and rows["source"].str.contains("datatransfer").all()
    # AWS's EC2 pricing page: "$0.01/GB" between US East (Ohio) and US East (N. Virginia), $0.02 to Europe
    assert cat.lookup("data_transfer", "inter_region_out", region="us-east-1", variant="us-east-2").usd[0] == 0.01
    assert cat.lookup("data_transfer", "inter_region_out", region="us-east-2", variant="us-east-1").usd[0] == 0.01
    assert cat.lookup("data_transfer", "inter_region_out", region="us-east-1", variant="eu-west-1").usd[0] == 0.02


def test_the_example_ranks_the_peering_design_by_what_it_adds():
    model = build(load_scenario(ROOT / "data/scenarios/hub_and_spoke_dc.yaml"))
    totals = dict(zip(model.names, model.totals()))
    assert totals["DX 10G on TGW, eu-west-1 by peering"] > totals["DX 10G on TGW, all VPCs in us-east-1"]


def test_a_dx_gateway_in_two_regions_bills_the_port_once_and_each_region_its_own_hops():
    cat = load_prices()
    got = lines(from_dict({"name": "s", "region": "us-east-1", "traffic": {"egress_gb": 20_000, "ingress_gb": 8_000},
                           "options": [{**DX, "associations": [{"region": "eu-west-1", "share": 0.25}]}]}))
    assert got["DX dedicated port-hours (10G at EqDC2)"][0] == 730  # one port for both Regions
    assert got["DX data transfer out (us-east-1 to EqDC2)"][0] == pytest.approx(15_000)
    out = got["DX data transfer out (eu-west-1 to EqDC2)"]
    assert out[0] == pytest.approx(5_000)
    assert out[1] == cat.lookup("direct_connect", "data_transfer_out", region="eu-west-1", location="EqDC2").usd[0]
    assert got["TGW data processing"][0] == pytest.approx(0.75 * 28_000)   # no longer through us-east-1
    assert got["TGW data processing (eu-west-1)"][0] == pytest.approx(0.25 * 28_000)
    assert got["TGW Direct Connect gateway attachment-hours (eu-west-1)"][0] == 730
    assert not any("Inter-Region" in k or "peering" in k for k in got)


def test_peerings_and_associations_together_leave_each_share_on_its_path():
    got = lines(from_dict({"name": "s", "region": "us-east-1", "traffic": {"egress_gb": 20_000, "ingress_gb": 8_000},
                           "options": [{**DX, "peerings": [{"region": "eu-west-1", "share": 0.25}],
                                        "associations": [{"region": "ap-southeast-2", "share": 0.25}]}]}))
    # us-east-1 processes what its own VPCs send (half of the egress) and all ingress but Sydney's
    assert got["TGW data processing"][0] == pytest.approx(0.5 * 20_000 + 0.75 * 8_000)
    assert got["DX data transfer out (us-east-1 to EqDC2)"][0] == pytest.approx(15_000)  # peered traffic leaves here
    assert got["DX data transfer out (ap-southeast-2 to EqDC2)"][0] == pytest.approx(5_000)


@pytest.mark.parametrize("option, message", [
    ({"gateway": "vgw", "associations": [{"region": "eu-west-1", "share": 0.2}]}, "needs gateway: tgw"),
    ({"associations": [{"region": "us-east-1", "share": 0.2}]}, "options[0].associations[0].region: us-east-1"),
    ({"associations": [{"region": "eu-west-1", "share": 0.2}], "peerings": [{"region": "eu-west-1", "share": 0.1}]},
     "one way to each Region"),
    ({"associations": [{"region": "eu-west-1", "share": 0.6}], "peerings": [{"region": "eu-west-2", "share": 0.6}]},
     "add up to more than 1"),
    ({"billing": "flat_rate", "speed": "10G", "associations": [{"region": "eu-west-1", "share": 0.2}]},
     "flat-rate ports serving several Regions are not modelled"),
])
def test_bad_associations_are_one_line_naming_the_field(option, message):
    with pytest.raises(ScenarioError, match="associations") as err:
        from_dict({"name": "s", "region": "us-east-1", "traffic": {"egress_gb": 1}, "options": [{**DX, **option}]})
    assert message in str(err.value) and "\n" not in str(err.value)


def test_the_feed_reader_takes_aws_dimensions_and_the_watchers_groups_and_leaves_local_zones_out():
    from vpncost.pricing import pricing_pages
    from vpncost.reference.regions import dx_locations
    from vpncost.reference.regions import regions as regions_table
    flat = {
        "DataTransfer InterRegion Outbound to EU Ireland": {
            "US East (N. Virginia) (To Location: EU (Ireland))": "0.0200000000",
            "US East (Verizon) - Atlanta (To Location: EU (Ireland))": "0.0200000000",     # a Wavelength zone
            "AWS GovCloud (US) (To Location: EU (Ireland))": "0.0300000000"},
        "[DataTransfer InterRegion Outbound] DataTransfer InterRegion Outbound to US East Ohio;Cloudfrontless "
        "DataTransfer InterRegion Outbound to US East Ohio": {
            "US East (N. Virginia) (To Location: US East (Ohio))": "0.0100000000"},
        "DataTransfer InterRegion Outbound to US East N. Virginia": {
            "US East (N. Virginia) (To Location: US East (N. Virginia))": "0.0000000000"},   # not inter-Region
    }
    base = (ROOT / "data/pricing-pages").resolve().as_uri()
    feeds = {f: pricing_pages.read_feed(base, f) for f in pricing_pages.FEEDS}
    feeds["datatransfer"] = (flat, "2025-08-01")
    table, _ = pricing_pages.rows_from_feeds(feeds, regions_table(), dx_locations())
    rows = table[table["item"] == "inter_region_out"]
    got = dict(zip(zip(rows["region"], rows["variant"]), rows["usd"]))
    assert got == {("us-east-1", "eu-west-1"): 0.02, ("us-east-1", "us-east-2"): 0.01}


def test_a_zero_share_peering_still_pays_its_attachments():
    got = lines(scenario({"region": "eu-west-1", "share": 0.0}))
    assert got["TGW peering attachment-hours (eu-west-1; us-east-1 to eu-west-1)"][0] == 730
    assert got["TGW data processing"][0] == pytest.approx(28_000)


def test_a_peered_dx_option_keeps_its_backup_on_the_same_transit_gateway():
    with pytest.raises(ScenarioError, match="backup.gateway: with peerings the backup VPN must be on the same"):
        scenario({"region": "eu-west-1", "share": 0.2}, backup={"type": "vpn", "gateway": "vgw"})
    with pytest.raises(ScenarioError, match=r"x.yaml: options\[0\].peerings\[0\].bogus: unknown field; allowed: region, "
                                            r"share, vpc_attachments"):
        from_dict({"name": "s", "region": "us-east-1", "options": [
            {**DX, "peerings": [{"region": "eu-west-1", "share": 0.1, "bogus": 1}]}]}, "x.yaml")
