"""The optimizer: its answer equals exhaustive search by the engine to the cent, moves the way targets and prices
say it should, explains each site's choice, writes a design the other verbs read, and refuses an impossible
target in one line."""
import contextlib
import io
import json

import pytest
import yaml

from vpncost.cli import main
from vpncost.network import from_dict
from vpncost.optimize import Settings, frontier, optimize
from vpncost.optimize import program

SMALL = {
    "name": "Three sites", "kind": "network",
    "regions": {"us-east-1": {"transit_gateway": {"vpc_attachments": 2}}},
    "sites": [
        {"name": "Ashburn DC", "city": "Ashburn", "connect": [{"vpn": {"region": "us-east-1", "gateway": "tgw"}}],
         "traffic": {"us-east-1": {"egress_gb": 30000, "ingress_gb": 8000}, "peak_mbps": 600}},
        {"name": "DC office", "latitude": 38.9, "longitude": -77.04, "connect": [{"vpn": {"region": "us-east-1", "gateway": "tgw"}}],
         "traffic": {"us-east-1": {"egress_gb": 6000, "ingress_gb": 1000}, "peak_mbps": 150}},
        {"name": "Branches", "count": 5, "city": "Chicago",
         "connect": [{"vpn": {"region": "us-east-1", "gateway": "tgw"}}],
         "traffic": {"us-east-1": {"egress_gb": 300, "ingress_gb": 100}, "peak_mbps": 20}},
    ],
    "optimize": {"kinds": ["vpn", "vpn_pair", "concentrator", "dx_hosted", "dx_dedicated_backup"], "locations": 2,
                 "circuit": {"monthly_usd": 300, "usd_per_km_month": 1}},
}


def network(**optimize_fields):
    data = json.loads(json.dumps(SMALL))
    data["optimize"].update(optimize_fields)
    return from_dict(data)


def brute_force(net, settings=Settings()):
    """Every combination priced by the engine (:func:`vpncost.optimize.program.exhaustive`)."""
    total, labels, n = program.exhaustive(net, settings=settings)
    return (total, labels), n


@pytest.fixture(scope="module")
def small_plan():
    return optimize(network())


def test_the_optimum_equals_exhaustive_search_to_the_cent(small_plan):
    (best, labels), n = brute_force(network())
    assert n >= 50   # the search is not trivial
    assert small_plan.total_usd == pytest.approx(best, abs=0.005)
    assert small_plan.objective_usd == pytest.approx(small_plan.total_usd, abs=0.005)   # the program is exact
    assert small_plan.status == "optimal"


def test_with_targets_the_optimum_still_equals_exhaustive_search():
    net = network(availability_pct=99.9, sites={"Ashburn DC": {"availability_pct": 99.99, "rtt_ms": 10}})
    plan = optimize(net)
    (best, labels), n = brute_force(net)
    assert plan.total_usd == pytest.approx(best, abs=0.005)
    row = plan.sites.set_index("site").loc["Ashburn DC"]
    assert row["availability_pct"] >= 99.99 and row["rtt_ms"] <= 10


def test_the_outage_cost_is_minimised_with_the_cost_and_reported_apart():
    plan = optimize(network(sites={"Ashburn DC": {"outage_usd_per_hour": 50000}}))
    assert plan.outage_usd > 0 and not plan.notes
    assert plan.objective_usd == pytest.approx(plan.total_usd + plan.outage_usd, abs=0.005)
    (best, _), _ = brute_force(network())
    row = plan.sites.set_index("site").loc["Ashburn DC"]
    assert row["availability_pct"] > 99.99   # an expensive hour buys a backup it would not need otherwise
    assert plan.total_usd >= best - 0.005


def test_a_tighter_target_never_lowers_the_optimum_and_a_lower_price_never_raises_it():
    t = frontier(network(), [99.0, 99.5, 99.9, 99.99])
    reached = t.dropna(subset=["monthly_usd"])["monthly_usd"].tolist()
    assert len(reached) >= 3 and reached == sorted(reached)
    base = optimize(network())
    data = json.loads(json.dumps(SMALL))
    data["pricing"] = {"discount_pct": 10}
    assert optimize(from_dict(data)).total_usd <= base.total_usd + 1e-9


def test_one_sites_target_moves_only_that_site(small_plan):
    net = network(sites={"DC office": {"availability_pct": 99.99}})
    plan = optimize(net)
    before = small_plan.sites.set_index("site")["choice"]
    after = plan.sites.set_index("site")["choice"]
    assert after["DC office"] != before["DC office"]
    assert after["Branches"] == before["Branches"]
    assert plan.sites.set_index("site").loc["DC office", "availability_pct"] >= 99.99


def test_each_choice_says_its_runner_up_and_what_binds():
    plan = optimize(network(sites={"Ashburn DC": {"availability_pct": 99.99}}))
    row = plan.sites.set_index("site").loc["Ashburn DC"]
    assert row["runner_up"] and row["runner_up_more_usd"] >= -0.005   # the choice is the cheapest allowed
    assert "availability" in row["binding"] and "rules out" in row["binding"]


def test_shared_dedicated_ports_are_counted_once_for_the_sites_on_them():
    data = json.loads(json.dumps(SMALL))
    data["optimize"]["kinds"] = ["dx_dedicated_backup"]
    data["sites"] = data["sites"][:2]
    plan = optimize(from_dict(data))
    # 600 + 150 Mbps fit one 1G port at EqDC2: both sites share it, and it is billed once
    assert [c.dedicated for c in plan.choices] == [(("EqDC2", "1G", ("us-east-1",)),)] * 2
    assert plan.ports == {("EqDC2", "1G", ("us-east-1",)): 1}
    ports = [ln for ln in plan.model.breakdown().itertuples() if "port-hours" in ln.component]
    assert len(ports) == 1 and ports[0].quantity == pytest.approx(730)
    assert plan.total_usd == pytest.approx(brute_force(from_dict(data))[0][0], abs=0.005)


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def test_cli_writes_a_design_the_other_verbs_read(tmp_path, small_plan):
    f = tmp_path / "net.yaml"
    f.write_text(yaml.safe_dump(SMALL))
    code, out, err = run("optimize", f, "-o", tmp_path / "design.yaml", "--wide")
    assert code == 0, err
    assert "Cheapest design meeting the targets" in out and "Ashburn DC" in out
    code, est, err = run("estimate", tmp_path / "design.yaml", "--json")
    assert code == 0, err
    assert json.loads(est)["total_usd"] == pytest.approx(small_plan.total_usd, abs=0.005)
    code, out, err = run("optimize", f, "--json", "--frontier", "99,99.9")
    doc = json.loads(out)
    assert code == 0 and doc["monthly_usd"] == pytest.approx(small_plan.total_usd, abs=0.005)
    assert [r["availability_pct"] for r in doc["frontier"]] == [99.0, 99.9]


@pytest.mark.parametrize("fields, words", [
    ({"locations": 1, "sites": {"Ashburn DC": {"availability_pct": 99.9999}}},
     "optimize.sites.Ashburn DC.availability_pct: 99.9999% is out of reach"),
    ({"sites": {"Nowhere": {"availability_pct": 99}}}, "optimize.sites.Nowhere: not a site of the network"),
    ({"kinds": ["teleport"]}, "optimize.kinds"),
    ({"availability_pct": 100}, "optimize.availability_pct"),
    ({"budget_usd": 10}, "optimize.budget_usd: no design meeting the targets costs $10.00 a month or less"),
])
def test_impossible_or_bad_settings_are_one_line(tmp_path, fields, words):
    data = json.loads(json.dumps(SMALL))
    data["optimize"].update(fields)
    f = tmp_path / "net.yaml"
    f.write_text(yaml.safe_dump(data))
    code, out, err = run("optimize", f)
    assert code == 2 and words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_the_network_report_has_the_optimisation_when_the_network_asks_for_one():
    from vpncost import examples
    from vpncost.present import network_report as nr
    ctx = nr.context(examples.path("optimize_estate"))
    text = nr.optimization_text(ctx)
    assert "The cheapest design meeting the optimize: section's targets costs $" in text
    assert list(nr.optimization_sites_table(ctx).index) == [s.name for s in ctx.network.sites]
    assert nr.context(examples.path("global_estate")).optimization is None   # no optimize: section, no section


def test_the_panel_re_solves_on_each_target_and_says_when_one_is_out_of_reach():
    pytest.importorskip("ipywidgets")
    from vpncost.optimize import Optimizer
    from vpncost.present.optimize_panel import OptimizePanel
    panel = OptimizePanel(Optimizer(network()))
    first = panel.plan.total_usd
    panel.availability.value = 99.9
    assert panel.plan.total_usd > first and "a month" in panel.summary.value
    assert panel.map.value[:4] == b"\x89PNG"
    panel.availability.value = 99.999
    assert "out of reach" in panel.summary.value


def test_the_accelerated_connection_quota_per_region_is_kept():
    data = {"name": "Tokyo", "kind": "network", "regions": {"us-east-1": {"transit_gateway": {}}},
            "sites": [{"name": f"office {i}", "city": "Tokyo", "connect": [{"vpn": {"region": "us-east-1",
                                                                                    "gateway": "tgw"}}],
                       "traffic": {"us-east-1": {"egress_gb": 100}}} for i in range(3)],
            "optimize": {"kinds": ["vpn", "vpn_accelerated"], "rtt_ms": 150,
                         "sites": {"office 2": {"rtt_ms": 400}}}}
    plan = optimize(from_dict(data))   # two need acceleration for 150 ms, the third may stay on the internet
    assert [c.kind for c in plan.choices] == ["vpn_accelerated", "vpn_accelerated", "vpn"]
    data["optimize"]["quotas"] = {"accelerated_connections_per_region": 1}
    with pytest.raises(Exception, match="within 1 accelerated connections per Region"):
        optimize(from_dict(data))


def test_a_site_of_a_tgw_region_and_a_vgw_region_is_optimized_without_direct_connect():
    data = json.loads(json.dumps(SMALL))
    data["regions"]["eu-west-1"] = {}   # VGWs only
    data["sites"][0]["traffic"]["eu-west-1"] = {"egress_gb": 100}
    data["sites"][0]["connect"].append({"vpn": {"region": "eu-west-1", "gateway": "vgw"}})
    plan = optimize(from_dict(data))   # a DX gateway takes transit gateways or VGWs, not both: VPNs for this site
    assert plan.choices[0].kind.startswith("vpn")
    assert plan.total_usd == pytest.approx(brute_force(from_dict(data))[0][0], abs=0.005)


def test_an_unreachable_round_trip_alone_is_one_line_and_the_frontier_json_is_strict(tmp_path):
    data = json.loads(json.dumps(SMALL))
    data["optimize"]["sites"] = {"Branches": {"rtt_ms": 1}}
    f = tmp_path / "net.yaml"
    f.write_text(yaml.safe_dump(data))
    code, out, err = run("optimize", f)
    assert code == 2 and "optimize.sites.Branches.rtt_ms: 1 ms is out of reach" in err and "Traceback" not in err
    f.write_text(yaml.safe_dump(SMALL))
    code, out, err = run("optimize", f, "--json", "--frontier", "99.9999")
    assert code == 0 and "NaN" not in out and json.loads(out)["frontier"][0]["monthly_usd"] is None
