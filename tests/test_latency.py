"""Latency model, calibration, the acceleration trade-off and its constraints."""
import json

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from vpncost.cli import main
from vpncost.errors import ScenarioError, VpncostError
from vpncost.model import latency
from vpncost.model.acceleration import scenario_tradeoff, tradeoff
from vpncost.model.estimate import estimate, summary
from vpncost.reference.locations import (
    city,
    edge_locations,
    nearest_edge,
    site_edge_group,
)
from vpncost.scenario import from_dict


def at(name):
    c = city(name)
    return float(c["latitude"]), float(c["longitude"])


def test_far_site_saves_more_than_near_site():
    far = latency.paths(*at("Tokyo"), "us-east-1").iloc[0]
    near = latency.paths(*at("Ashburn"), "us-east-1").iloc[0]
    assert far["edge"] == "NRT" and near["edge"] == "IAD"
    assert far["saved_ms"] > 15 > near["saved_ms"]
    assert far["rtt_internet_ms"] > far["rtt_accelerated_ms"]
    assert far["jitter_internet_ms"] > far["jitter_accelerated_ms"]


def test_rtt_formula_by_hand():
    p = latency.LatencyParams()
    assert latency.rtt_internet_ms(1000.0, p) == pytest.approx(2 * 1000 * 1.5 / 204.2 + 5.0)
    assert latency.rtt_accelerated_ms(100.0, 900.0, p) == pytest.approx(2 * (150 + 1125) / 204.2 + 6.0)
    assert latency.rtt_direct_connect_ms(100.0, 900.0, p) == pytest.approx(2 * (130 + 1125) / 204.2 + 2.0)


def test_paths_are_vectorised_and_match_scalars():
    lats, lons = np.array([35.69, 51.51, -33.87]), np.array([139.69, -0.13, 151.21])
    many = latency.paths(lats, lons, "eu-west-1")
    for i in range(3):
        one = latency.paths(lats[i], lons[i], "eu-west-1").iloc[0]
        assert many.iloc[i]["rtt_accelerated_ms"] == pytest.approx(one["rtt_accelerated_ms"])
        assert many.iloc[i]["edge"] == one["edge"]


def test_rtt_grows_with_distance():
    lons = np.linspace(-77, 60, 30)
    p = latency.paths(np.full(30, 39.0), lons, "us-east-1")
    assert np.all(np.diff(p["site_region_km"]) > 0)
    assert np.all(np.diff(p["rtt_internet_ms"]) > 0)


def synthetic(params, n=12, seed=1, noise=0.3):
    rng = np.random.default_rng(seed)
    lats, lons = rng.uniform(-40, 60, n), rng.uniform(-120, 150, n)
    p = latency.paths(lats, lons, "us-east-1", params, dx_location="EqDC2")
    rows = []
    for path, col in (("internet", "rtt_internet_ms"), ("accelerated", "rtt_accelerated_ms"),
                      ("direct_connect", "rtt_direct_connect_ms")):
        rows.append(p.assign(path=path, rtt_ms=p[col] + rng.normal(0, noise, n)))
    return pd.concat(rows, ignore_index=True)


def test_calibration_recovers_known_factors():
    truth = latency.LatencyParams(internet_route_factor=1.83, backbone_route_factor=1.17, circuit_route_factor=1.42,
                                  internet_overhead_ms=9.0, accelerated_overhead_ms=4.5, direct_connect_overhead_ms=1.2)
    fitted, report = latency.calibrate(synthetic(truth))
    for name in ("internet_route_factor", "backbone_route_factor", "circuit_route_factor"):
        assert getattr(fitted, name) == pytest.approx(getattr(truth, name), rel=0.01)
    assert fitted.internet_overhead_ms == pytest.approx(9.0, abs=0.5)
    assert np.sqrt(np.mean(report["residual_ms"] ** 2)) < 0.5
    exact, _ = latency.calibrate(synthetic(truth, noise=0.0))
    assert exact.internet_route_factor == pytest.approx(1.83, rel=1e-9)


def test_calibration_fits_only_what_the_data_identify():
    truth = latency.LatencyParams(internet_route_factor=1.7, internet_overhead_ms=8.0)
    data = synthetic(truth, noise=0.0)
    fitted, _ = latency.calibrate(data[data["path"] == "internet"])
    assert fitted.internet_route_factor == pytest.approx(1.7)
    assert fitted.backbone_route_factor == latency.DEFAULT.backbone_route_factor
    with pytest.raises(VpncostError, match="cannot identify"):
        latency.calibrate(data[data["path"] == "internet"].head(1))
    with pytest.raises(VpncostError, match="allowed: internet, accelerated, direct_connect"):
        latency.calibrate(data.assign(path="carrier pigeon"))


def test_edge_locations_have_sources_and_groups():
    e = edge_locations()
    assert len(e) > 60 and e["source"].str.len().min() > 20
    assert set(e["edge_group"]) == {"NA", "EU", "AP", "AU", "KR", "IN", "SA", "ZA", "ME"}
    assert nearest_edge(*at("Jakarta"))["edge_group"] == "IN"


def test_tradeoff_uses_the_right_dt_premium_cell():
    sites = pd.DataFrame({"name": ["tokyo", "ashburn"], "city": ["Tokyo", "Ashburn"]})
    t = tradeoff(sites, "us-east-1", egress_gb=1000, ingress_gb=200, baseline_gateway="tgw")
    tok, ash = t.iloc[0], t.iloc[1]
    assert tok["edge_group"] == "AP" and ash["edge_group"] == "NA"
    # fixed fee: 2 accelerators x 730 h x $0.025; DT-Premium NA->AP $0.035/GB vs NA->NA $0.015/GB
    assert tok["accelerator_usd"] == pytest.approx(36.5 + 1000 * 0.035)
    assert ash["accelerator_usd"] == pytest.approx(36.5 + 1000 * 0.015)
    assert tok["transit_gateway_usd"] == 0  # baseline already on a TGW
    assert tok["saved_ms"] > ash["saved_ms"]
    assert tok["usd_per_ms_saved"] == pytest.approx(tok["extra_usd_per_month"] / tok["saved_ms"])
    assert "worth it" in tok["verdict"] and ash["verdict"].startswith("not worth it")
    assert "$10 per ms" in t.attrs["rule"]


def test_tradeoff_vgw_baseline_adds_the_transit_gateway_and_rule_is_adjustable():
    sites = pd.DataFrame({"name": ["tokyo"], "city": ["Tokyo"]})
    t = tradeoff(sites, "us-east-1", 1000, 200, value_of_ms_usd_per_month=0.5)
    assert t.loc[0, "transit_gateway_usd"] == pytest.approx(36.5 * 2 + 1200 * 0.02)
    assert t.loc[0, "verdict"].startswith("not worth it")


def test_missing_premium_price_is_reported_per_site(tmp_path):
    from vpncost.pricing.catalog import load_prices
    t = load_prices().table  # a price table without the NA -> SA DT-Premium cell
    t = t[~((t["item"] == "dt_premium") & (t["region"] == "NA") & (t["location"] == "SA"))]
    t.to_csv(tmp_path / "p.csv", index=False)
    t = tradeoff(pd.DataFrame({"name": ["rio"], "city": ["Sao Paulo"]}), "us-east-1", 100, 100,
                 catalog=load_prices(tmp_path / "p.csv"))
    assert np.isnan(t.loc[0, "extra_usd_per_month"]) and "dt_premium" in t.loc[0, "verdict"]


def test_scenario_site_edge_group_follows_the_nearest_edge():
    sc = from_dict({"name": "x", "region": "us-east-1", "site": {"city": "Sydney"},
                    "options": [{"name": "a", "type": "vpn", "gateway": "tgw", "accelerated": True}]})
    assert site_edge_group(sc.site, sc.region) == "AU"


@pytest.mark.parametrize("option, field, words", [
    ({"accelerated": True}, "options[0].accelerated", "gateway: tgw"),
    ({"tunnel": "large"}, "options[0].tunnel", "gateway: tgw"),
    ({"gateway": "tgw", "accelerated": True, "nat_traversal": False}, "options[0].nat_traversal", "NAT-T"),
])
def test_acceleration_constraints_fail_clearly(option, field, words):
    with pytest.raises(ScenarioError) as err:
        from_dict({"name": "x", "region": "us-east-1", "options": [{"name": "v", "type": "vpn", **option}]}, "s.yaml")
    assert f"s.yaml: {field}:" in str(err.value) and words in str(err.value)


def test_migrating_to_acceleration_needs_a_new_connection_and_a_cutover():
    sc = from_dict({"name": "x", "region": "us-east-1", "options": [
        {"name": "v", "type": "vpn", "gateway": "tgw", "accelerated": True, "replaces_existing": True,
         "migration_overlap_hours": 48, "cutover_minutes": 12}]})
    b = estimate(sc)
    overlap = b[b["component"].str.startswith("Migration")]
    # the old connection's connection-hours and its TGW VPN attachment during the overlap, spread over the 3-year term
    assert set(overlap["component"]) == {"Migration: existing connection-hours during overlap",
                                         "Migration: existing TGW VPN attachment-hours during overlap"}
    assert overlap["cost_usd"].sum() == pytest.approx(48 * (0.05 + 0.05) / 36)
    w = "; ".join(summary(sc).loc[0, "warnings"])
    assert "cannot be turned on for an existing connection" in w and "both tunnels down" in w and "12 min" in w


def test_accelerated_quota_warning():
    sc = from_dict({"name": "x", "region": "us-east-1", "sites": 11,
                    "options": [{"name": "v", "type": "vpn", "gateway": "tgw", "accelerated": True}]})
    assert "10 per Region" in "; ".join(summary(sc).loc[0, "warnings"])


def test_summary_and_json_carry_latency_beside_cost(capsys):
    code = main(["estimate", str(ROOT / "data/scenarios/small_branch.yaml"), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    paths = {o["name"]: o["latency"]["path"] for o in doc["options"]}
    assert paths == {"VPN on VGW": "internet", "VPN on TGW": "internet", "Accelerated VPN": "accelerated",
                     "DX hosted 100M": "direct_connect"}
    assert all(o["latency"]["note"] == "modelled, not measured" for o in doc["options"])


def test_latency_overrides_in_the_scenario():
    sc = from_dict({"name": "x", "region": "us-east-1", "site": {"city": "Tokyo"},
                    "latency": {"internet_route_factor": 3.0, "value_of_ms_usd_per_month": 2},
                    "options": [{"name": "v", "type": "vpn"}]})
    assert sc.latency.params().internet_route_factor == 3.0
    base = from_dict({"name": "x", "region": "us-east-1", "site": {"city": "Tokyo"}, "options": [{"name": "v", "type": "vpn"}]})
    assert summary(sc).loc[0, "rtt_ms"] > summary(base).loc[0, "rtt_ms"]
    assert "$2 per ms" in scenario_tradeoff(sc).attrs["rule"]


def test_cli_acceleration(capsys, tmp_path):
    path = str(ROOT / "data/scenarios/small_branch.yaml")
    code = main(["acceleration", path, "--sites", str(ROOT / "data/sites_world.csv"), "--value-of-ms", "5"])
    out = capsys.readouterr().out
    assert code == 0 and "Tokyo office" in out and "$5 per ms" in out and "modelled, not measured" in out
    code = main(["acceleration", path, "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["sites"][0]["edge_group"] == "NA"
    bad = tmp_path / "sites.csv"
    bad.write_text("name,town\nx,Paris\n")
    code = main(["acceleration", path, "--sites", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "needs a city column" in err and len(err.strip().splitlines()) == 1
    code = main(["acceleration", path, "--value-of-ms", "-3"])
    assert code == 2
