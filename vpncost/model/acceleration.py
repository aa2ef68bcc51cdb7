"""Is acceleration worth it? The extra monthly cost of an accelerated VPN against the milliseconds it saves.

For each site the cost model prices the baseline VPN (on a VGW or a TGW) and the same VPN accelerated
(always on a TGW): the premium is two accelerators per connection, the DT-Premium for the site's edge
group and, when the baseline was a VGW, the transit gateway. The latency model (a model, not a
measurement: see :mod:`vpncost.model.latency`) gives the RTT saved. The verdict applies a visible rule:

    worth it  <=>  saved_ms >= min_saving_ms  and  saved_ms * value_of_ms_usd_per_month >= extra_usd_per_month
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from vpncost.errors import PriceNotFoundError, ScenarioError
from vpncost.formats import rate
from vpncost.model import latency as lat_model

RULE = ("worth it when the RTT saving is at least {min_saving_ms:g} ms and the saving, valued at "
        "${value_of_ms_usd_per_month:g} per ms per month, covers the extra monthly cost")


def rule_text(value_of_ms_usd_per_month: float, min_saving_ms: float) -> str:
    """The verdict rule in words, with its two adjustable numbers.

    Parameters
    ----------
    value_of_ms_usd_per_month : float
        What 1 ms less round trip is worth [USD/month].
    min_saving_ms : float
        Savings below this are not noticeable [ms].
    """
    return RULE.format(value_of_ms_usd_per_month=value_of_ms_usd_per_month, min_saving_ms=min_saving_ms)


def verdict(saved_ms, extra_usd, value_of_ms_usd_per_month: float, min_saving_ms: float) -> list:
    """Plain-language verdict per site (numeric in, list of strings out).

    Parameters
    ----------
    saved_ms : numeric
        Round-trip time saved by acceleration [ms].
    extra_usd : numeric
        Extra cost of acceleration [USD/month].
    value_of_ms_usd_per_month : float
        What 1 ms less round trip is worth [USD/month].
    min_saving_ms : float
        Savings below this are not noticeable [ms].
    """
    out = []
    for s, e in zip(np.atleast_1d(saved_ms), np.atleast_1d(extra_usd)):
        if np.isnan(e):
            out.append("no verdict: no price for the premium")
        elif round(s, 1) <= 0:
            out.append("not worth it: no saving (the accelerated path is " + (
                f"{-s:.1f} ms slower" if -s >= 0.05 else "no faster") + " in the model)")
        elif round(s, 1) < min_saving_ms:
            out.append(f"not worth it: saves {s:.1f} ms, under the {min_saving_ms:g} ms you would notice")
        else:  # the figures multiply out as printed: saving [ms, one decimal] x value of a ms = worth
            s = round(s, 1)
            worth = s * value_of_ms_usd_per_month
            said = f"{s:.1f} ms saved x {rate(value_of_ms_usd_per_month)}/ms = ${worth:,.2f}/month"
            out.append(f"worth it: {said}, more than the ${e:,.2f} premium" if worth >= e else
                       f"not worth it: {said}, less than the ${e:,.2f} premium")
    return out


def _site_points(sites: pd.DataFrame) -> pd.DataFrame:
    from vpncost.reference.locations import city

    rows = []
    for i, r in enumerate(sites.to_dict("records")):  # (iterrows builds a Series per row)
        name = r.get("name") or r.get("city") or f"site {i + 1}"
        lat, lon = r.get("latitude"), r.get("longitude")
        if (lat is None or pd.isna(lat)) and isinstance(r.get("city"), str) and r.get("city"):
            c = city(r["city"])
            lat, lon = c["latitude"], c["longitude"]
        if lat is None or pd.isna(lat) or lon is None or pd.isna(lon):
            raise ScenarioError(f"sites row {i + 1}: give a city (data/cities.csv) or latitude and longitude")
        rows.append({"site": str(name), "latitude": float(lat), "longitude": float(lon)})
    return pd.DataFrame(rows)


def tradeoff(sites: pd.DataFrame, region: str, egress_gb: float = 0.0, ingress_gb: float = 0.0, *,
             baseline_gateway: str = "vgw", connections: int = 1, dominant_direction: str = "auto",
             hours: float = 730.0, value_of_ms_usd_per_month: float = 10.0, min_saving_ms: float = 10.0,
             params: lat_model.LatencyParams = lat_model.DEFAULT, catalog=None) -> pd.DataFrame:
    """Acceleration premium against milliseconds saved, one row per site.

    Parameters
    ----------
    sites : DataFrame
        ``name`` and ``city`` (data/cities.csv) or ``latitude``/``longitude`` [deg]; optional per-site
        ``egress_gb``/``ingress_gb`` [GB per period] replace the defaults below.
    region : str
        AWS Region of the VPCs.
    egress_gb, ingress_gb : float
        Traffic per site in the period [GB].
    baseline_gateway : {'vgw', 'tgw'}
        What the site would use without acceleration.
    connections : int
        VPN connections per site [connections].
    dominant_direction : {'auto', 'egress', 'ingress'}
        Direction Global Accelerator bills DT-Premium on.
    hours : float
        Length of the period [h].
    value_of_ms_usd_per_month : float
        What 1 ms less round trip is worth [USD/month].
    min_saving_ms : float
        Savings below this are not noticeable [ms].
    params : LatencyParams
        The latency model's constants.
    catalog : PriceCatalog, optional
        Prices.

    Returns
    -------
    DataFrame
        site, latitude, longitude, edge, edge_group, rtt_standard_ms, rtt_accelerated_ms, saved_ms,
        jitter_standard_ms, jitter_accelerated_ms, baseline_usd, accelerated_usd, extra_usd_per_month,
        accelerator_usd (fixed fee + DT-Premium), transit_gateway_usd (extra TGW charges),
        usd_per_ms_saved, error (a missing price, e.g. no DT-Premium for that edge group), verdict.
        ``attrs['rule']`` holds the verdict rule in words.
    """
    if baseline_gateway not in ("vgw", "tgw"):
        raise ScenarioError(f"baseline_gateway: {baseline_gateway!r}; allowed: vgw, tgw")
    pts = _site_points(sites)
    paths = lat_model.paths(pts["latitude"], pts["longitude"], region, params)
    rows = []
    from vpncost.model.estimate import default_catalog

    cat = catalog if catalog is not None else default_catalog()  # what each case's scenario would load
    priced: dict = {}  # sites with the same edge group and traffic cost the same: price each case once
    for k, (site, p) in enumerate(zip(sites.reset_index(drop=True).to_dict("records"), paths.itertuples(index=False))):
        eg, ing = site.get("egress_gb", egress_gb), site.get("ingress_gb", ingress_gb)
        eg = float(eg) if pd.notna(eg) else float(egress_gb)
        ing = float(ing) if pd.notna(ing) else float(ingress_gb)
        key = (p.edge_group, eg, ing)
        if key not in priced:
            priced[key] = _priced(cat, region, p.edge_group, eg, ing, baseline_gateway, connections,
                                  dominant_direction, hours)
        rows.append({"site": pts.loc[k, "site"], **priced[key]})
    cost = pd.DataFrame(rows)
    out = pd.DataFrame({
        "site": pts["site"], "latitude": pts["latitude"], "longitude": pts["longitude"], "edge": paths["edge"],
        "edge_group": paths["edge_group"], "rtt_standard_ms": paths["rtt_internet_ms"],
        "rtt_accelerated_ms": paths["rtt_accelerated_ms"], "saved_ms": paths["saved_ms"],
        "jitter_standard_ms": paths["jitter_internet_ms"], "jitter_accelerated_ms": paths["jitter_accelerated_ms"],
    })
    out = pd.concat([out, cost.drop(columns="site")], axis=1)
    out["extra_usd_per_month"] = out["accelerated_usd"] - out["baseline_usd"]
    out["usd_per_ms_saved"] = np.where(out["saved_ms"] > 0, out["extra_usd_per_month"] / out["saved_ms"].where(out["saved_ms"] > 0),
                                       np.inf)
    out["verdict"] = verdict(out["saved_ms"].to_numpy(), out["extra_usd_per_month"].to_numpy(),
                             value_of_ms_usd_per_month, min_saving_ms)
    missing = out["error"] != ""
    out.loc[missing, "verdict"] = "no verdict: " + out.loc[missing, "error"]
    out.attrs["rule"] = rule_text(value_of_ms_usd_per_month, min_saving_ms)
    return out


@lru_cache(maxsize=512)
def _priced(catalog, region, edge_group, egress_gb, ingress_gb, baseline_gateway, connections, dominant_direction,
            hours) -> dict:
    """:func:`_premium` remembered per catalog (immutable in use) and case: a panel moved to another site prices
    the same cases again."""
    return _premium(region, edge_group, egress_gb, ingress_gb, baseline_gateway, connections, dominant_direction,
                    hours, catalog)[0]


def _premium(region, edge_group, egress_gb, ingress_gb, baseline_gateway, connections, dominant_direction, hours,
             catalog) -> tuple:
    """Monthly cost of the baseline and the accelerated VPN for one (edge group, traffic) case."""
    from vpncost.model.estimate import build, catalog_for
    from vpncost.scenario import from_dict

    sc = from_dict({
        "name": "acceleration premium", "region": region, "hours": hours, "site": {"edge_group": edge_group},
        "traffic": {"egress_gb": egress_gb, "ingress_gb": ingress_gb, "dominant_direction": dominant_direction},
        "options": [{"name": "baseline", "type": "vpn", "gateway": baseline_gateway, "connections": connections},
                    {"name": "accelerated", "type": "vpn", "gateway": "tgw", "accelerated": True,
                     "connections": connections}]}, source="sites")
    catalog = catalog or catalog_for(sc)
    try:
        model = build(sc, catalog)
    except PriceNotFoundError as exc:
        return {"baseline_usd": np.nan, "accelerated_usd": np.nan, "accelerator_usd": np.nan,
                "transit_gateway_usd": np.nan, "error": str(exc)}, catalog
    u = model.usage()
    per_month = sc.hours_per_month / sc.hours
    base = {g: float(v) * per_month for g, v in model.option("baseline").cost_by_group(u).items()}
    acc = {g: float(v) * per_month for g, v in model.option("accelerated").cost_by_group(u).items()}
    return {"baseline_usd": sum(base.values()), "accelerated_usd": sum(acc.values()),
            "accelerator_usd": acc.get("accelerator", 0.0),
            "transit_gateway_usd": acc.get("transit gateway", 0.0) - base.get("transit gateway", 0.0),
            "error": ""}, catalog


def scenario_tradeoff(scenario, sites: "pd.DataFrame | None" = None, value_of_ms_usd_per_month: "float | None" = None,
                      min_saving_ms: "float | None" = None, catalog=None) -> pd.DataFrame:
    """:func:`tradeoff` for a scenario: its Region, per-site traffic (totals / sites), its latency settings,
    and as baseline the gateway of its first non-accelerated VPN option (a VGW when it has none).

    Parameters
    ----------
    scenario : Scenario
        The scenario (Region, traffic, options, ``latency`` settings).
    sites : pandas.DataFrame, optional
        Sites to assess: ``name`` and ``city``, or ``name``, ``latitude`` [deg], ``longitude`` [deg];
        optional ``egress_gb``/``ingress_gb`` [GB per period]. Default: the scenario's own site.
    value_of_ms_usd_per_month : float, optional
        What 1 ms less round trip is worth [USD/month] (default: the scenario's).
    min_saving_ms : float, optional
        Smallest saving that counts [ms] (default: the scenario's).
    catalog : PriceCatalog, optional
        Prices (default: the scenario's catalog).
    """
    from vpncost.reference.locations import site_coordinates

    if sites is None:
        lat, lon = site_coordinates(scenario.site, scenario.region)
        sites = pd.DataFrame({"name": [scenario.site.name], "latitude": [lat], "longitude": [lon]})
    base = next((o for o in scenario.options if o.type == "vpn" and not o.accelerated), None)
    t = scenario.traffic
    ls = scenario.latency
    return tradeoff(sites, scenario.region, t.egress_gb / scenario.sites, t.ingress_gb / scenario.sites,
                    baseline_gateway=base.gateway if base else "vgw", connections=base.connections if base else 1,
                    dominant_direction=t.dominant_direction, hours=scenario.hours,
                    value_of_ms_usd_per_month=ls.value_of_ms_usd_per_month if value_of_ms_usd_per_month is None else value_of_ms_usd_per_month,
                    min_saving_ms=ls.min_saving_ms if min_saving_ms is None else min_saving_ms,
                    params=ls.params(), catalog=catalog)
