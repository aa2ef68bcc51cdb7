"""Route selection rule by rule, the failure model, exact vs simulated availability, designs, CLI."""
import json
import math

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from vpncost.cli import main
from vpncost.failover import availability, designs, failures, routing
from vpncost.failover.failures import FailureParams
from vpncost.failover.topology import (
    DxConnection,
    Route,
    Topology,
    VpnConnection,
    check_cloudhub,
    site_routes,
)
from vpncost.scenario import from_dict

DX1 = DxConnection("dx1", "EqDC2", "devA", 1000)
DX2 = DxConnection("dx2", "EqSE2", "devB", 1000)
V1 = VpnConnection("vpn1", cgw="cgw1", cgw_ip="198.51.100.1", cgw_asn=65001)
V2 = VpnConnection("vpn2", cgw="cgw2", cgw_ip="198.51.100.2", cgw_asn=65002)


def top(gateway, routes, dx=(DX1,), vpn=(V1,), ecmp=True):
    return Topology("t", gateway, tuple(dx), tuple(vpn), tuple(routes), ecmp=ecmp)


# ------------------------------------------------------------------------------------ routing rules
def test_longest_prefix_wins_over_priority():
    t = top("vgw", [Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.1.0/24", "vpn1", "vpn_bgp")])
    s = routing.select(t, "10.0.1.5")
    assert s.routes[0].via == "vpn1" and "longest prefix /24" in s.rule
    assert routing.select(t, "10.0.2.5").routes[0].via == "dx1"


@pytest.mark.parametrize("origins, winner", [
    (("dx", "vpn_static"), "dx"), (("vpn_static", "vpn_bgp"), "vpn_static"), (("dx", "vpn_bgp"), "dx")])
def test_vgw_order_dx_then_static_then_bgp(origins, winner):
    via = {"dx": "dx1", "vpn_static": "vpn1", "vpn_bgp": "vpn2"}
    t = top("vgw", [Route("10.0.0.0/16", via[o], o) for o in origins], vpn=(V1, V2))
    assert routing.select(t, "10.0.0.1").routes[0].origin == winner


def test_vgw_vpn_bgp_shortest_as_path_then_lowest_med_and_one_tunnel():
    t = top("vgw", [Route("10.0.0.0/16", "vpn1", "vpn_bgp", as_path_len=3), Route("10.0.0.0/16", "vpn2", "vpn_bgp")],
            dx=(), vpn=(V1, V2))
    s = routing.select(t, "10.0.0.1")
    assert s.routes[0].via == "vpn2" and "AS_PATH" in s.rule
    assert s.paths == ("vpn2:1",) and s.capacity_mbps == 1250  # one tunnel, no ECMP on a VGW
    t = top("vgw", [Route("10.0.0.0/16", "vpn1", "vpn_bgp", med=50), Route("10.0.0.0/16", "vpn2", "vpn_bgp", med=10)],
            dx=(), vpn=(V1, V2))
    s = routing.select(t, "10.0.0.1")
    assert s.routes[0].via == "vpn2" and "MED" in s.rule


def test_tgw_static_vpn_route_beats_dx_pitfall():
    t = top("tgw", [Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.0.0/16", "vpn1", "tgw_static")])
    s = routing.select(t, "10.0.0.1")
    assert s.routes[0].origin == "tgw_static" and s.paths == ("vpn1:1",)
    assert routing.pitfalls(t) and "outranks the Direct Connect route" in routing.pitfalls(t)[0]
    # with BGP on the VPN the DX-propagated route wins, as the TGW guide recommends
    t = top("tgw", [Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.0.0/16", "vpn1", "vpn_bgp")])
    assert routing.select(t, "10.0.0.1").routes[0].origin == "dx" and not routing.pitfalls(t)


def test_tgw_order_among_propagated_kinds():
    t = top("tgw", [Route("10.0.0.0/16", "vpn1", "vpn_bgp"), Route("10.0.0.0/16", "dx1", "dx")])
    assert routing.select(t, "10.0.0.1").routes[0].origin == "dx"
    ranks = routing.TGW_RANK
    assert ranks["tgw_static"] < ranks["prefix_list"] < ranks["vpc"] < ranks["dx"] < ranks["connect"] < ranks["vpn_bgp"]


def test_tgw_ecmp_across_bgp_tunnels_only_when_enabled():
    routes = [Route("10.0.0.0/16", "vpn1", "vpn_bgp"), Route("10.0.0.0/16", "vpn2", "vpn_bgp")]
    s = routing.select(top("tgw", routes, dx=(), vpn=(V1, V2)), "10.0.0.1")
    assert len(s.paths) == 4 and s.capacity_mbps == 5000 and "ECMP" in s.rule
    s = routing.select(top("tgw", routes, dx=(), vpn=(V1, V2), ecmp=False), "10.0.0.1")
    assert len(s.paths) == 1
    static = [Route("10.0.0.0/16", "vpn1", "tgw_static")]
    assert len(routing.select(top("tgw", static, dx=(), vpn=(V1,)), "10.0.0.1").paths) == 1  # no ECMP for static


def test_dx_local_preference_before_as_path_and_active_active():
    routes = [Route("10.0.0.0/16", "dx1", "dx", local_pref=7100), Route("10.0.0.0/16", "dx2", "dx", as_path_len=4,
                                                                        local_pref=7300)]
    s = routing.select(top("vgw", routes, dx=(DX1, DX2), vpn=()), "10.0.0.1")
    assert s.routes[0].via == "dx2" and "local preference 7300" in s.rule
    routes = [Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.0.0/16", "dx2", "dx", as_path_len=3)]
    assert routing.select(top("vgw", routes, dx=(DX1, DX2), vpn=()), "10.0.0.1").routes[0].via == "dx1"
    routes = [Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.0.0/16", "dx2", "dx")]
    s = routing.select(top("vgw", routes, dx=(DX1, DX2), vpn=()), "10.0.0.1")
    assert set(s.paths) == {"dx1", "dx2"} and s.capacity_mbps == 2000


def test_failures_move_traffic_and_route_table_shows_it():
    t = top("vgw", [Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.0.0/16", "vpn1", "vpn_bgp")])
    before = routing.route_table(t)
    after = routing.route_table(t, {"location:EqDC2"})
    assert before.loc[0, "via"] == "dx1" and after.loc[0, "via"] == "vpn1"
    assert routing.select(t, "10.0.0.1", {"location:EqDC2", "tunnel:vpn1:1"}).paths == ("vpn1:2",)
    assert not routing.select(t, "10.0.0.1", {"dx:dx1", "internet:site"}).up


def test_vpc_route_table_rules():
    routes = [("10.0.0.0/16", "tgw", "static"), ("10.0.0.0/16", "vgw-dx", "dx"), ("10.0.1.0/24", "vgw-vpn", "vpn_bgp"),
              ("172.31.5.0/24", "vgw-dx", "dx")]
    assert routing.vpc_route_table_select(routes, "10.0.1.9", "172.31.0.0/16")[0] == "vgw-vpn"  # longest prefix
    assert routing.vpc_route_table_select(routes, "10.0.2.9", "172.31.0.0/16")[0] == "tgw"      # static > propagated
    assert routing.vpc_route_table_select(routes, "172.31.5.9", "172.31.0.0/16")[0] == "local"  # local wins
    dx_vs_vpn = [("10.0.0.0/16", "a", "vpn_bgp"), ("10.0.0.0/16", "b", "vpn_static"), ("10.0.0.0/16", "c", "dx")]
    assert routing.vpc_route_table_select(dx_vs_vpn, "10.0.0.1", "172.31.0.0/16")[0] == "c"


def test_cloudhub_checks():
    ok = Topology("hub", "vgw", (), (V1, V2), ())
    assert check_cloudhub(ok, {"vpn1": ["10.1.0.0/16"], "vpn2": ["10.2.0.0/16"]}) == []
    bad = Topology("hub", "vgw", (), (V1, VpnConnection("vpn2", cgw_ip=V1.cgw_ip, cgw_asn=V1.cgw_asn)), ())
    problems = check_cloudhub(bad, {"vpn1": ["10.1.0.0/16"], "vpn2": ["10.1.128.0/17"]})
    assert any("share customer gateway IP" in p for p in problems)
    assert any("share BGP ASN" in p for p in problems)
    assert any("overlaps" in p for p in problems)


# ------------------------------------------------------------------------------------- failure model
def test_two_independent_paths_known_availability():
    # one DX (connection only can fail) and one VPN whose only fault is its internet access
    p = FailureParams(dx_device_per_year=0, dx_location_per_year=0, dx_maintenance_per_year=0,
                      tunnel_replacement_per_year=0, customer_change_per_year=0, cgw_per_year=0,
                      dx_connection_per_year=10, dx_connection_hours=20, internet_per_year=20, internet_hours=10)
    t = top("vgw", [Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.0.0/16", "vpn1", "vpn_bgp")])
    a_dx = 1 / (1 + 10 / 8760 * 20)
    a_vpn = 1 / (1 + 20 / 8760 * 10)
    ex = availability.exact(t, p)
    assert ex["availability"] == pytest.approx(1 - (1 - a_dx) * (1 - a_vpn), rel=1e-12)
    # failover when DX fails while the VPN is up: rate 10/yr x P(DX up) x P(VPN up); 90 s each
    assert ex["failovers_per_year"] == pytest.approx(10 * a_dx * a_vpn)
    assert ex["detection_minutes_per_year"] == pytest.approx(10 * a_dx * a_vpn * 1.5)
    sim = availability.summarize(availability.simulate(t, p, years=3000, seed=3))
    assert sim["availability_ci_low"] <= ex["availability"] <= sim["availability_ci_high"]
    assert sim["failovers_mean"] == pytest.approx(ex["failovers_per_year"], rel=0.05)


@pytest.mark.parametrize("design", designs.DESIGNS)
def test_exact_and_simulated_agree_for_every_reference_design(design):
    sc = from_dict({"name": "x", "region": "us-east-1", "traffic": {"peak_mbps": 800},
                    "options": [designs.reference_options(design)]})
    t = designs.topology_for_option(sc.options[0])
    ex = availability.exact(t, peak_mbps=800)
    sim = availability.simulate(t, peak_mbps=800, years=3000, seed=11)
    s = availability.summarize(sim, ex["mean_outage_hours"])
    slack = (s["availability_ci_high"] - s["availability_ci_low"]) / 2  # six designs: room for a 1-in-20 miss
    assert s["availability_ci_low"] - slack <= ex["availability"] <= s["availability_ci_high"] + slack
    se = sim["downtime_min"].std() / math.sqrt(len(sim))
    assert abs(s["downtime_min_mean"] - ex["downtime_minutes_per_year"]) <= 3 * se + 0.05
    assert s["failovers_mean"] == pytest.approx(ex["failovers_per_year"], rel=0.05, abs=0.05)


def test_each_simulated_year_starts_in_the_stationary_state():
    """Faults that last months: a year that started with every part repaired (or after a short warm-up) would
    come out clearly more available than the exact long-run value; a stationary start does not. The
    fixed-duration maintenance mode checks the residual of a fixed duration (uniform over it)."""
    t = top("vgw", [Route("10.0.0.0/16", "vpn1", "vpn_bgp")], dx=())
    p = FailureParams(cgw_per_year=1.0, cgw_hours=2000.0, internet_per_year=0.5, internet_hours=1500.0,
                      customer_change_per_year=0, tunnel_replacement_per_year=0)
    ex = availability.exact(t, p)
    sim = availability.simulate(t, p, years=20_000, seed=5)
    se = sim["availability"].std() / math.sqrt(len(sim))
    assert abs(sim["availability"].mean() - ex["availability"]) <= 4 * se
    assert ex["availability"] < 0.75  # long faults: a start with everything up would be far off
    dx = top("vgw", [Route("10.0.0.0/16", "dx1", "dx")], vpn=())
    pm = FailureParams(dx_connection_per_year=0, dx_device_per_year=0, dx_location_per_year=0,
                       dx_maintenance_per_year=2.0, dx_maintenance_hours=2000.0)
    ex, sim = availability.exact(dx, pm), availability.simulate(dx, pm, years=20_000, seed=6)
    assert abs(sim["availability"].mean() - ex["availability"]) <= 4 * sim["availability"].std() / math.sqrt(len(sim))


def test_simulation_is_reproducible_with_a_seed():
    t = designs.topology_for_option(from_dict({"name": "x", "region": "us-east-1", "options": [
        designs.reference_options("dx_vpn_backup")]}).options[0])
    a = availability.simulate(t, years=500, seed=42, outage_cost_usd_per_hour=100)
    b = availability.simulate(t, years=500, seed=42, outage_cost_usd_per_hour=100)
    c = availability.simulate(t, years=500, seed=43, outage_cost_usd_per_hour=100)
    assert a.equals(b) and not a.equals(c)
    assert (a["outage_cost_usd"] == a["downtime_min"] / 60 * 100).all()


def test_one_tunnel_at_a_time_and_customer_changes_take_both():
    t = top("vgw", [Route("10.0.0.0/16", "vpn1", "vpn_bgp")], dx=())
    procs = failures.processes(t)
    replace = next(p for p in procs if "tunnel endpoints" in p.name)
    assert [m.elements for m in replace.modes] == [("tunnel:vpn1:1",), ("tunnel:vpn1:2",)]  # modes never overlap
    change = next(p for p in procs if "customer changes" in p.name)
    assert set(change.modes[0].elements) == {"tunnel:vpn1:1", "tunnel:vpn1:2"}
    only_replacements = FailureParams(customer_change_per_year=0, cgw_per_year=0, internet_per_year=0,
                                      tunnel_replacement_per_year=50)
    assert availability.exact(t, only_replacements)["availability"] == pytest.approx(1.0)  # the other tunnel carries
    only_changes = FailureParams(customer_change_per_year=12, customer_change_hours=1, cgw_per_year=0,
                                 internet_per_year=0, tunnel_replacement_per_year=0)
    assert availability.exact(t, only_changes)["availability"] == pytest.approx(1 / (1 + 12 / 8760))


def test_detection_times():
    assert failures.detection_s(top("vgw", [], dx=(DxConnection("d", "L", "x", 1000, bfd=True),), vpn=()), "d", False) == 0.9
    assert failures.detection_s(top("vgw", [], vpn=()), "dx1", False) == 90
    assert failures.detection_s(top("vgw", [], dx=()), "vpn1:1", False) == 30
    assert failures.detection_s(top("vgw", [], dx=()), "vpn1:1", True) == 0
    static = top("vgw", [], dx=(), vpn=(VpnConnection("s", routing="static"),))
    assert failures.detection_s(static, "s:1", True) == 30  # dead peer detection even for planned work


def test_bfd_cuts_failover_loss():
    sc = from_dict({"name": "x", "region": "us-east-1", "options": [designs.reference_options("dx_vpn_backup")]})
    slow = availability.exact(designs.topology_for_option(sc.options[0]))
    fast = availability.exact(designs.topology_for_option(sc.options[0], bfd=True))
    assert fast["detection_minutes_per_year"] < slow["detection_minutes_per_year"] / 50


def test_sla_credit_bands():
    assert list(failures.credit_pct("vpn", [100, 99.96, 99.9, 98, 90])) == [0, 0, 10, 25, 100]
    assert list(failures.credit_pct("dx_single", [96, 94, 91, 80])) == [0, 10, 25, 100]


def test_dx_sla_tiers_by_shape():
    def tier(design):
        o = from_dict({"name": "x", "region": "us-east-1", "options": [designs.reference_options(design)]}).options[0]
        return failures.dx_sla_tier(designs.topology_for_option(o))
    assert tier("dx_only") == "dx_single" and tier("dx_2_two_locations") == "dx_high_resiliency"
    assert tier("dx_4_two_locations") == "dx_max_resiliency" and tier("vpn_only") is None


def test_degraded_time_when_backup_is_smaller_than_peak():
    sc = from_dict({"name": "x", "region": "us-east-1",
                    "options": [designs.reference_options("dx_vpn_backup", speed="10G")]})
    t = designs.topology_for_option(sc.options[0])
    ex = availability.exact(t, peak_mbps=1500)  # DX 10 Gbps carries it; the VPN backup (1.25 Gbps) does not
    p_dx_down = 1 - availability.exact(designs.topology_for_option(
        from_dict({"name": "x", "region": "us-east-1", "options": [designs.reference_options("dx_only")]}).options[0]
    ))["availability"]
    assert ex["degraded_minutes_per_year"] == pytest.approx(p_dx_down * 525600, rel=0.05)


def test_timeline_covers_the_year():
    sc = from_dict({"name": "x", "region": "us-east-1", "options": [designs.reference_options("dx_vpn_backup")]})
    tl = availability.timeline(designs.topology_for_option(sc.options[0]), year_seed=1)
    assert tl["start_h"].iloc[0] == 0 and tl["end_h"].iloc[-1] == 8760
    assert np.allclose(tl["start_h"].iloc[1:].to_numpy(), tl["end_h"].iloc[:-1].to_numpy())
    assert {"dx1", "backup1:1", "backup1:2"} <= set(tl.columns)


# ------------------------------------------------------------------------------------------ designs
def test_designs_frontier_and_risk_adjusted_cost():
    sc = from_dict({"name": "x", "region": "us-east-1", "traffic": {"egress_gb": 1000, "peak_mbps": 500},
                    "failover": {"outage_cost_usd_per_hour": 10000, "years": 500, "second_location": "EqSE2"},
                    "options": [{"name": "dx", "type": "direct_connect", "location": "EqDC2"}]})
    t = designs.scenario_designs(sc)
    assert list(t["source"]) == ["scenario option"] + ["reference design"] * 6
    assert t.loc[t["design"] == "4 DX, two locations", "sla_tier"].iloc[0] == "dx_max_resiliency"
    vpn = t[t["design"] == "VPN only"].iloc[0]
    assert vpn["risk_adjusted_usd_per_month"] == pytest.approx(
        vpn["monthly_usd"] + vpn["outage_usd_per_month"] - vpn["sla_credit_usd_per_month"])
    # frontier: nothing both cheaper and more available
    for row in t[t["frontier"]].itertuples():
        assert not ((t["monthly_usd"] <= row.monthly_usd) & (t["availability"] > row.availability)
                    & (t["monthly_usd"] < row.monthly_usd)).any()
    assert t.loc[t["design"] == "DX only", "availability"].iloc[0] < t.loc[t["design"] == "DX + VPN backup",
                                                                          "availability"].iloc[0]


def test_pareto():
    assert list(designs.pareto([1, 2, 3, 2], [0.9, 0.99, 0.999, 0.95])) == [True, True, True, False]


def test_cli_failover(capsys):
    path = str(ROOT / "data/scenarios/resilient_dc.yaml")
    code = main(["failover", path, "--years", "300", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and len(doc["designs"]) == 8 and doc["pitfalls"]
    assert "static VPN route on the transit gateway" in doc["pitfalls"][0]
    static = next(d for d in doc["designs"] if d["design"].startswith("DX 10G + static"))
    assert static["below_peak_min_per_year"] > 500_000  # the VPN carries the traffic while DX is up
    assert not static["feasible"] and "1,250 Mbps" in static["reasons"][0] and not static["frontier"]
    assert set(designs.FIGURES) <= set(static) and doc["figures"]["availability"]["label"] == "availability (exact)"
    code = main(["failover", path, "--years", "300", "--wide"])
    out = capsys.readouterr().out
    assert code == 0 and "risk-adjusted" in out and "pitfall:" in out
    code = main(["failover", path, "--years", "5"])
    err = capsys.readouterr().err
    assert code == 2 and "allowed: 100 to 1000000" in err


def test_failover_settings_errors_name_the_field():
    from vpncost.errors import ScenarioError
    with pytest.raises(ScenarioError, match=r"f.yaml: failover.rates: unknown parameter 'dx_bogus'; allowed:"):
        from_dict({"name": "x", "region": "us-east-1", "failover": {"rates": {"dx_bogus": 1}},
                   "options": [{"name": "v", "type": "vpn"}]}, "f.yaml")
    with pytest.raises(ScenarioError, match="failover.site_prefix"):
        from_dict({"name": "x", "region": "us-east-1", "failover": {"site_prefix": "10.0.0/33"},
                   "options": [{"name": "v", "type": "vpn"}]}, "f.yaml")


def test_stationary_probabilities():
    p = failures.Process("p", (failures.FaultMode("a", 8760, 1, ("x",)), failures.FaultMode("b", 8760, 2, ("y",))))
    assert p.stationary() == pytest.approx([1 / 4, 1 / 4, 2 / 4])
    assert math.isclose(sum(p.stationary()), 1)


def test_static_vpn_route_on_a_tgw_stays_and_blackholes_when_both_tunnels_are_down():
    """A TGW static route to a VPN attachment is configuration: it is not withdrawn when the tunnels go down, and as
    a static route it outranks the DX route, so DX + static VPN backup on a TGW is about as available as the VPN."""
    from vpncost.scenario import load_scenario
    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    tops = designs.option_topologies(sc, [o.model_dump() for o in sc.options]
                                     + designs.reference_designs(sc, ["vpn_only"]))
    static = tops["DX 10G + static VPN backup on TGW"]
    both_down = {"tunnel:backup1:1", "tunnel:backup1:2"}
    s = routing.select(static, "10.0.0.0/16", both_down)
    assert s.routes[0].origin == "tgw_static" and not s.up and "blackholed" in s.rule
    assert routing.select(static, "10.0.0.0/16", {"dx:dx1"}).up  # DX down, VPN up: the VPN carries it
    p = sc.failover.params()
    a_static = availability.exact(static, p, sc.traffic.peak_mbps)["downtime_minutes_per_year"]
    a_vpn = availability.exact(tops["VPN only"], p, sc.traffic.peak_mbps)["downtime_minutes_per_year"]
    a_bgp = availability.exact(tops["DX 10G + BGP VPN backup on TGW"], p, sc.traffic.peak_mbps)["downtime_minutes_per_year"]
    assert a_static == pytest.approx(a_vpn, rel=0.05) and a_static > 100 * a_bgp
    assert "blackholes the traffic although DX is up" in " ".join(routing.pitfalls(static))


def test_static_vpn_route_on_a_vgw_is_withdrawn_with_its_tunnels():
    top = Topology("v", "vgw", (DxConnection("dx1", "EqDC2", "d1", 1000),), (VpnConnection("vpn1", routing="static"),),
                   site_routes(["10.0.0.0/16"], [DxConnection("dx1", "EqDC2", "d1", 1000),
                                                 VpnConnection("vpn1", routing="static")]))
    s = routing.select(top, "10.0.0.0/16", {"tunnel:vpn1:1", "tunnel:vpn1:2"})
    assert s.up and s.routes[0].origin == "dx"


@pytest.mark.parametrize("asns, winner, words", [((65000, 65000), "vpn2", "lowest MED (50)"),
                                                  ((65000, 65001), "vpn1", "MED not compared")])
def test_med_is_compared_only_between_routes_from_the_same_first_as(asns, winner, words):
    v1, v2 = VpnConnection("vpn1", cgw="c1", cgw_asn=asns[0]), VpnConnection("vpn2", cgw="c2", cgw_asn=asns[1])
    routes = (Route("10.0.0.0/16", "vpn1", "vpn_bgp", med=100, first_as=asns[0]),
              Route("10.0.0.0/16", "vpn2", "vpn_bgp", med=50, first_as=asns[1]))
    s = routing.select(Topology("t", "vgw", (), (v1, v2), routes), "10.0.0.0/16")
    assert s.paths[0].startswith(winner) and words in s.rule


def test_pitfall_a_more_specific_vpn_prefix_takes_traffic_from_dx():
    dx, v = DxConnection("dx1", "EqDC2", "d1", 1000), VpnConnection("vpn1")
    routes = (Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.1.0/24", "vpn1", "vpn_bgp"))
    notes = routing.pitfalls(Topology("t", "vgw", (dx,), (v,), routes))
    assert len(notes) == 1 and notes[0].startswith("10.0.1.0/24: vpn1 advertises a more specific prefix")
    same = (Route("10.0.0.0/16", "dx1", "dx"), Route("10.0.0.0/16", "vpn1", "vpn_bgp"))
    assert routing.pitfalls(Topology("t", "vgw", (dx,), (v,), same)) == []


def test_sla_credits_only_for_aws_side_unavailability():
    """The VPN SLA excludes the site's internet access, the customer gateway and the customer's own changes."""
    top = designs.topology_for_option(from_dict({"name": "x", "region": "us-east-1", "options": [
        {"name": "v", "type": "vpn"}]}).options[0])
    customer_only = FailureParams(tunnel_replacement_per_year=0, internet_per_year=24, internet_hours=10,
                                  cgw_per_year=6, customer_change_per_year=12)
    sim = availability.simulate(top, customer_only, years=400, seed=3, monthly_charges={"vpn": 36.5})
    assert sim["downtime_min"].sum() > 0 and sim["sla_credit_usd"].sum() == 0
    # downtime on AWS's side is credited: a Direct Connect port down about a third of the time (single-location SLA)
    dx = designs.topology_for_option(from_dict({"name": "x", "region": "us-east-1", "options": [
        {"name": "d", "type": "direct_connect", "location": "EqDC2"}]}).options[0])
    sim = availability.simulate(dx, FailureParams(dx_connection_per_year=100, dx_connection_hours=24), years=50,
                                seed=3, monthly_charges={"direct_connect": 219.0})
    assert sim["sla_credit_usd"].sum() > 0


def test_poisson_interval_matches_published_values():
    assert availability.poisson_interval(0) == pytest.approx((0.0, 3.6889), abs=1e-4)
    assert availability.poisson_interval(1) == pytest.approx((0.0253, 5.5716), abs=1e-4)
    assert availability.poisson_interval(10) == pytest.approx((4.7954, 18.3904), abs=1e-4)


def test_zero_outage_interval_still_contains_the_exact_value():
    """Four DX connections at two locations: no simulated year has an outage, and the interval still covers the
    exact availability (it used to collapse to [1, 1])."""
    from vpncost.scenario import load_scenario
    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    top = designs.option_topologies(sc, designs.reference_designs(sc, ["dx_4_two_locations"]))["4 DX, two locations"]
    p = sc.failover.params()
    ex = availability.exact(top, p)
    sim = availability.simulate(top, p, years=500, seed=1)
    assert sim["outages"].sum() == 0
    s = availability.summarize(sim, ex["mean_outage_hours"])
    assert s["availability_ci_low"] < ex["availability"] <= s["availability_ci_high"] == 1.0
    assert ex["outages_per_year"] > 0 and ex["mean_outage_hours"] > 0


def test_outage_count_and_exact_outage_rate_agree():
    top = designs.topology_for_option(from_dict({"name": "x", "region": "us-east-1", "options": [
        {"name": "d", "type": "direct_connect", "location": "EqDC2"}]}).options[0])
    p = FailureParams()
    ex = availability.exact(top, p)
    sim = availability.simulate(top, p, years=4000, seed=2)
    lo, hi = availability.poisson_interval(int(sim["outages"].sum()))
    assert lo / 4000 <= ex["outages_per_year"] <= hi / 4000
    s = availability.summarize(sim, ex["mean_outage_hours"])
    assert s["availability_ci_low"] <= ex["availability"] <= s["availability_ci_high"]


def test_one_failover_figure_everywhere(capsys):
    """The CLI's JSON, the report and the notebook panel show the same figures for the same designs, years and
    seed (each from designs.compare); the panel's histogram is the table's simulated years."""
    from vpncost.present import report
    from vpncost.present.text import failover_view
    from vpncost.present.widgets import FailoverPanel
    from vpncost.scenario import load_scenario
    path = ROOT / "data/scenarios/resilient_dc.yaml"
    assert main(["failover", str(path), "--json"]) == 0
    cli = pd.DataFrame(json.loads(capsys.readouterr().out)["designs"])
    ctx = report.context(path)
    panel = FailoverPanel(load_scenario(path))
    numeric = [c for c in designs.FIGURES if c != "simulated_years"]
    for other in (ctx.failover, panel.designs):
        assert list(other["design"]) == list(cli["design"])
        assert other[numeric].to_numpy(float) == pytest.approx(cli[numeric].to_numpy(float), rel=1e-9, abs=1e-9)
        assert (other["simulated_years"] == 2000).all() and list(other["feasible"]) == list(cli["feasible"])
    assert report.failover_table(ctx).reset_index().equals(failover_view(ctx.failover))
    row = panel.designs.set_index("design").loc[panel.design.value]
    assert panel.sim["downtime_min"].mean() == pytest.approx(row["sim_downtime_mean_min_per_year"], rel=1e-9)
    legend = [t.get_text() for t in panel.axes["hist"].get_legend().get_texts()]
    assert f"mean: {row['sim_downtime_mean_min_per_year']:,.1f} min" in legend
    four = cli.set_index("design").loc["4 DX, two locations"]
    assert four["downtime_with_detection_min_per_year"] > 1 and four["availability_with_detection"] < 0.99999999


def test_availability_prints_digits_that_differ_from_100_percent():
    from vpncost.formats import percent_of_time
    assert percent_of_time(1 - 1.9 / 525_600) == "99.99964%"
    assert percent_of_time(0.998831) == "99.8831%" and percent_of_time(1.0) == "100%"


def test_the_failover_panel_moves_its_charts_with_every_input():
    """Outage cost, peak and repair times each change the picture; an impossible peak is said on screen."""
    import hashlib

    from vpncost.present.widgets import FailoverPanel, draw
    from vpncost.scenario import load_scenario
    panel = FailoverPanel(load_scenario(ROOT / "data/scenarios/resilient_dc.yaml"), years=300)

    def picture():
        draw(panel.fig)
        return hashlib.sha1(bytes(panel.fig.canvas.buffer_rgba())).hexdigest()
    seen = {picture()}
    for widget, value in ((panel.outage, 50_000.0), (panel.peak, 2_600.0), (panel.dx_hours, 9.0),
                          (panel.internet_hours, 6.0), (panel.cgw_hours, 12.0), (panel.peak, 100_000.0)):
        widget.value = value
        seen.add(picture())
    assert len(seen) == 7
    assert "No design can carry a 100,000 Mbps peak" in panel.summary.value
    assert not panel.designs["feasible"].any() and not panel.designs["frontier"].any()
    labels = [label for label, _ in panel.failure.options]
    assert panel.failure.value and all(":" not in label for label in labels)


@pytest.mark.parametrize("second, active", [("EqSE2", ["dx1"]), ("165HS", ["dx1", "dx2"])])
def test_two_dx_locations_without_communities_prefer_the_local_homed_one(second, active):
    """EqDC2 is associated with us-east-1; EqSE2 with us-west-2 (inter-Region): active/passive. 165HS is also a
    us-east-1 location: equal preference, active/active."""
    sc = from_dict({"name": "x", "region": "us-east-1", "traffic": {"peak_mbps": 1500}, "options": [
        {"name": "d", "type": "direct_connect", "location": "EqDC2", "extra_locations": [second], "count": 2}]})
    top = designs.topology_for_option(sc.options[0], region=sc.region)
    s = routing.select(top, "10.0.0.0/16")
    assert list(s.paths) == active and s.capacity_mbps == 1000 * len(active)
    if len(active) == 1:
        assert "local-homed" in s.rule
        assert routing.select(top, "10.0.0.0/16", {"dx:dx1"}).paths == ("dx2",)  # the remote one takes over
    ex = availability.exact(top, FailureParams(), peak_mbps=1500)
    assert (ex["capacity_availability"] > 0.99) is (len(active) == 2)  # 1.5 Gbps needs both ports active


@pytest.mark.parametrize("seed", range(12))
def test_the_simulated_mean_lies_inside_its_own_interval(seed):
    """Rare outages (the 4-DX design over 300 years): the interval is around the simulated mean, not the exact
    model's, so it always contains it."""
    sc = from_dict({"name": "x", "region": "us-east-1", "traffic": {"peak_mbps": 500}, "options": [
        {"name": "4 DX", "type": "direct_connect", "location": "EqDC2", "extra_locations": ["EqSE2"], "count": 4},
        {"name": "DX + VPN", "type": "direct_connect", "location": "EqDC2", "backup": {"type": "vpn"}}]})
    t = designs.compare(sc, years=300, seed=seed)
    assert (t["sim_downtime_ci_low_min_per_year"] <= t["sim_downtime_mean_min_per_year"]).all()
    assert (t["sim_downtime_mean_min_per_year"] <= t["sim_downtime_ci_high_min_per_year"]).all()


def test_the_panel_takes_validated_options_too():
    from vpncost.present.widgets import FailoverPanel
    from vpncost.scenario import load_scenario
    sc = load_scenario(ROOT / "data/scenarios/resilient_dc.yaml")
    panel = FailoverPanel(sc, sc.options, years=200)
    panel.update()
    panel.dx_hours.value = 9.0  # the two-phase redraw: the chosen design first
    assert (panel.designs["simulated_years"] == 200).all() and len(panel.designs) == 2
