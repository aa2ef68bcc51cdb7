"""Feasibility from volume as well as peak: a month's gigabytes imply an average rate no peak can be below."""
import pytest

from vpncost.model.capacity import average_mbps, demand
from vpncost.model.estimate import build, summary
from vpncost.scenario import from_dict

OPTIONS = [{"name": "VPN on TGW", "type": "vpn", "gateway": "tgw", "connections": 2, "routing": "bgp"},
           {"name": "DX hosted 5G", "type": "direct_connect", "connection": "hosted", "speed": "5G",
            "location": "EqFA5", "gateway": "tgw"},
           {"name": "DX 100G", "type": "direct_connect", "connection": "dedicated", "speed": "100G",
            "location": "EqFA5", "gateway": "tgw"}]


def scenario(**traffic):
    return from_dict({"name": "s", "region": "eu-central-1", "traffic": traffic, "options": OPTIONS})


def test_average_rate_of_a_volume():
    assert average_mbps(10_000_000, 730) == pytest.approx(30_441.4, abs=0.1)  # 10 PB a month ~ 30 Gbit/s
    assert average_mbps(450, 1) == pytest.approx(1000.0)  # 450 GB in an hour: 1 Gbit/s


def test_ten_petabytes_is_not_feasible_on_5_gbps_whatever_the_peak_says():
    s = summary(build(scenario(egress_gb=10_000_000, peak_mbps=2400))).set_index("option")
    assert not s.loc["VPN on TGW", "feasible"] and not s.loc["DX hosted 5G", "feasible"]
    assert s.loc["DX 100G", "feasible"] and s.loc["DX 100G", "rank"] == 1
    reason = s.loc["DX hosted 5G", "reasons"][0]
    assert "30,441 Mbps on average" in reason and "2,400 Mbps peak given" in reason and "5,000 Mbps" in reason


def test_a_peak_above_the_average_is_what_counts():
    need = demand(scenario(egress_gb=40_000, ingress_gb=15_000, peak_mbps=2400))
    assert need.site_mbps == 2400 and need.site_basis == "peak 2,400 Mbps"


def test_without_a_peak_the_average_times_the_stated_factor():
    need = demand(scenario(egress_gb=1_000_000))
    assert need.site_mbps == pytest.approx(average_mbps(1_000_000, 730))
    need3 = demand(scenario(egress_gb=1_000_000, peak_to_average=3))
    assert need3.site_mbps == pytest.approx(3 * average_mbps(1_000_000, 730)) and "x 3 peak-to-average" in need3.site_basis
    s = summary(build(scenario(egress_gb=1_000_000, peak_to_average=3))).set_index("option")
    assert not s.loc["VPN on TGW", "feasible"]  # 9,132 Mbps > 5,000


def test_sites_share_a_port_but_each_has_its_own_tunnels():
    sc = from_dict({"name": "s", "region": "eu-central-1", "sites": 10,
                    "traffic": {"egress_gb": 3_000_000, "peak_mbps": 100}, "options": OPTIONS})
    need = demand(sc)
    assert need.site_mbps == pytest.approx(average_mbps(300_000, 730))  # per site: 913 Mbps, above its peak
    assert need.total_mbps == pytest.approx(average_mbps(3_000_000, 730))  # all sites through one port: 9,132
    s = summary(build(sc)).set_index("option")
    assert s.loc["VPN on TGW", "feasible"] and not s.loc["DX hosted 5G", "feasible"]
    assert "for all 10 sites" in s.loc["DX hosted 5G", "reasons"][0]


def test_site_to_site_traffic_counts_in_both_directions():
    need = demand(scenario(egress_gb=100, ingress_gb=200, site_to_site_gb=1000))
    assert need.site_mbps == pytest.approx(average_mbps(1200, 730)) and need.site_basis.startswith("4 Mbps")


def test_peak_to_average_below_one_is_refused():
    from vpncost.errors import ScenarioError

    with pytest.raises(ScenarioError, match="peak_to_average"):
        scenario(egress_gb=1, peak_to_average=0.5)


def _dx_with_backup(gateway, routing, share=0.0):
    return {"name": f"DX + {routing} VPN on {gateway}", "type": "direct_connect", "speed": "10G", "location": "EqDC2",
            "gateway": gateway, "backup": {"type": "vpn", "gateway": gateway, "routing": routing,
                                           "traffic_share": share}}


@pytest.mark.parametrize("gateway", ["vgw", "tgw"])
@pytest.mark.parametrize("routing", ["static", "bgp"])
def test_the_connection_that_carries_the_traffic_is_the_one_routing_picks(gateway, routing):
    """Prices, capacity and the failover route table agree on who carries the traffic while all is up."""
    from vpncost.failover.designs import topology_for_option
    from vpncost.failover.routing import route_table
    from vpncost.reference.route_order import backup_carries_traffic

    sc = from_dict({"name": "s", "region": "us-east-1", "traffic": {"egress_gb": 20_000, "peak_mbps": 1500},
                    "options": [_dx_with_backup(gateway, routing)]})
    opt = sc.options[0]
    table = route_table(topology_for_option(opt))
    takes_backup = table["via"].iloc[0].startswith("backup")
    assert backup_carries_traffic(gateway, routing) == takes_backup == (gateway == "tgw" and routing == "static")
    model = build(sc)
    b = model.options[0]
    internet = sum(c.drivers[0][1] for c in b.components if "Internet data transfer out" in c.name and c.drivers)
    dx_out = sum(c.drivers[0][1] for c in b.components if c.name.startswith("DX data transfer out"))
    assert (internet, dx_out) == ((1.0, 0.0) if takes_backup else (0.0, 1.0))
    assert b.assessment.feasible == (not takes_backup)  # 1,500 Mbps through one 1,250 Mbps static tunnel


def test_a_stated_traffic_share_still_applies_where_dx_wins():
    sc = from_dict({"name": "s", "region": "us-east-1", "traffic": {"egress_gb": 20_000, "peak_mbps": 500},
                    "options": [_dx_with_backup("vgw", "static", share=0.25)]})
    assert sc.options[0].backup_share() == 0.25
