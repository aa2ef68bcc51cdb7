"""GovCloud priced from the shipped feeds, what it does not offer refused in one line, and the European Sovereign
Cloud named but refused (its prices are not in the shipped feeds): ``vpncost/reference/regions.py``."""
import pytest

from vpncost.errors import ScenarioError
from vpncost.model import estimate
from vpncost.model import network as nm
from vpncost.network import from_dict as network_from_dict
from vpncost.scenario import from_dict


def _scenario(region, option, **traffic):
    return from_dict({"name": "gov", "region": region, "traffic": {"egress_gb": 1000, **traffic},
                      "options": [{"name": "o", **option}]}, "gov.yaml")


@pytest.mark.parametrize("region", ["us-gov-west-1", "us-gov-east-1"])
def test_a_govcloud_vpn_is_priced_from_the_feeds(region):
    # vpc feed: VPN connection-hour $0.065, TGW attachment $0.06; datatransfer feed: first 10 TB out $0.155
    m = estimate.build(_scenario(region, {"type": "vpn", "gateway": "tgw"}))
    b = estimate.estimate(m).set_index("component")["cost_usd"]
    assert b["VPN connection-hours (standard tunnels)"] == pytest.approx(0.065 * 730)
    assert b["TGW VPN attachment-hours"] == pytest.approx(0.06 * 730)
    assert b["Internet data transfer out"] == pytest.approx(0.155 * 1000)


def test_govcloud_has_no_free_tier():
    s = from_dict({"name": "gov", "region": "us-gov-west-1", "pricing": {"free_tier": True},
                   "traffic": {"egress_gb": 1000}, "options": [{"name": "o", "type": "vpn"}]})
    b = estimate.estimate(s)
    assert b.loc[b["component"] == "Internet data transfer out", "cost_usd"].sum() == pytest.approx(155.0)


@pytest.mark.parametrize("option,field", [
    ({"type": "vpn", "gateway": "tgw", "accelerated": True}, "options[0].accelerated: Global Accelerator"),
    ({"type": "vpn", "gateway": "cloudwan"}, "options[0].gateway: Cloud WAN is not offered in us-gov-west-1"),
    ({"type": "vpn", "gateway": "tgw", "peerings": [{"region": "us-east-1", "share": 0.5}]},
     "options[0].peerings[0].region: us-east-1 is in partition aws"),
])
def test_what_govcloud_does_not_offer_is_one_line(option, field):
    with pytest.raises(ScenarioError) as err:
        _scenario("us-gov-west-1", option)
    assert str(err.value).startswith(f"gov.yaml: {field}") and "\n" not in str(err.value)


def test_the_european_sovereign_cloud_is_named_and_refused():
    with pytest.raises(ScenarioError, match="region: eusc-de-east-1: the AWS European Sovereign Cloud .* no price"):
        _scenario("eusc-de-east-1", {"type": "vpn"})


def test_a_network_cannot_peer_or_share_a_dx_gateway_across_partitions():
    base = {"name": "n", "regions": {"us-east-1": {"transit_gateway": {}}, "us-gov-west-1": {"transit_gateway": {}}},
            "sites": [{"name": "s", "connect": [{"vpn": {"region": "us-east-1"}}]}]}
    with pytest.raises(ScenarioError, match=r"peerings\[0\]\.between: us-east-1 and us-gov-west-1 are in different"):
        network_from_dict({**base, "peerings": [{"between": ["us-east-1", "us-gov-west-1"]}]})
    with pytest.raises(ScenarioError, match=r"associations: Regions of different partitions"):
        network_from_dict({**base, "direct_connect": [{"name": "dx", "location": "EqDC2", "gateway": {
            "associations": ["us-east-1", "us-gov-west-1"]}}]})
    gov = network_from_dict({"name": "g", "pricing": {"free_tier": True}, "regions": {"us-gov-west-1": {}},
                             "sites": [{"name": "s", "connect": [{"vpn": {"region": "us-gov-west-1"}}],
                                        "traffic": {"us-gov-west-1": {"egress_gb": 1000}}}]})
    assert nm.build(gov).total() == pytest.approx(0.065 * 730 + 0.155 * 1000)   # no free tier in GovCloud
