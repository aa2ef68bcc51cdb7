"""Designs side by side: monthly cost from the cost model, availability from the failure model.

Reference designs (after the Direct Connect Resiliency Toolkit models):

======================  ===============================================================================
design                  what it is
======================  ===============================================================================
vpn_only                one Site-to-Site VPN connection (two tunnels)
dx_only                 one Direct Connect connection
dx_vpn_backup           one Direct Connect connection with a Site-to-Site VPN as backup
dx_2_one_location       two connections on separate devices at one location (development and test)
dx_2_two_locations      one connection at each of two locations (high resiliency, 99.9 % SLA)
dx_4_two_locations      two connections on separate devices at each of two locations (maximum, 99.99 %)
======================  ===============================================================================

Risk-adjusted monthly cost = connectivity cost + expected outage cost (the exact expected downtime x the
business's $/hour) - expected SLA credits (simulated), all per month: :func:`risk_adjusted_usd_per_month`.
:func:`compare` is the one table the CLI, JSON, report and notebook panel show; :data:`FIGURES` names and
defines each of its figures.
"""
from __future__ import annotations

import zlib
from collections import OrderedDict

import numpy as np
import pandas as pd

from vpncost.failover import availability
from vpncost.failover.failures import FailureParams
from vpncost.failover.topology import DxConnection, Topology, VpnConnection, site_routes
from vpncost.reference.limits import SPEED_MBPS, TUNNEL_MBPS
from vpncost.reference.regions import dx_location
from vpncost.reference.route_order import selects_like_tgw, vpn_origin

DESIGNS = ("vpn_only", "dx_only", "dx_vpn_backup", "dx_2_one_location", "dx_2_two_locations", "dx_4_two_locations")
DESIGN_NAMES = {"vpn_only": "VPN only", "dx_only": "DX only", "dx_vpn_backup": "DX + VPN backup",
                "dx_2_one_location": "2 DX, one location", "dx_2_two_locations": "2 DX, two locations",
                "dx_4_two_locations": "4 DX, two locations"}


def topology_for_option(opt, site_prefix: str = "10.0.0.0/16", bfd: bool = False, name: "str | None" = None,
                        region: "str | None" = None) -> Topology:
    """The failover topology of a scenario option (one site): VPN connections with two tunnels each, or
    Direct Connect ports on separate devices at their locations, plus a VPN backup when there is one.

    Parameters
    ----------
    opt : VpnOption or DirectConnectOption
        A validated scenario option.
    site_prefix : str
        The on-premises prefix the routes carry.
    bfd : bool
        BFD on Direct Connect (0.9 s detection instead of the BGP hold time).
    name : str, optional
        Topology name (default: the option's).
    region : str, optional
        The VPCs' Region: Direct Connect locations associated with another Region are inter-Region (AWS prefers
        local-homed ones); default: every location counts as local.
    """
    dx, vpn = [], []
    gateway = "tgw" if selects_like_tgw(opt.gateway) else opt.gateway  # Cloud WAN selects routes as a TGW does
    if opt.type == "vpn":
        vpn = [_vpn(f"vpn{i + 1}", opt, i) for i in range(opt.connections)]
    elif opt.type == "vpn_concentrator":  # one site's view: its connection to the Concentrator, two tunnels
        vpn = [VpnConnection("vpn1", routing="bgp")]
    else:
        seen: dict = {}
        for i, loc in enumerate(opt.port_locations()):
            seen[loc] = seen.get(loc, 0) + 1
            local = region is None or dx_location(loc)["region"] == region
            dx.append(DxConnection(f"dx{i + 1}", loc, f"{loc}-device{seen[loc]}", float(SPEED_MBPS[opt.speed]), bfd=bfd,
                                   local=local))
        if opt.backup:
            vpn = [_vpn(f"backup{i + 1}", opt.backup, i) for i in range(opt.backup.connections)]
    static = {"static": vpn_origin(opt.gateway, "static")}
    routes = site_routes([site_prefix], [*dx, *vpn], static)
    return Topology(name or opt.name, gateway, tuple(dx), tuple(vpn), routes,
                    ecmp=gateway == "tgw")


def _vpn(name, settings, i):
    return VpnConnection(name, routing=settings.routing, cgw=f"cgw{i + 1}", cgw_ip=f"198.51.100.{i + 1}",
                         cgw_asn=65000 + i, tunnel_mbps=TUNNEL_MBPS[settings.tunnel])


def reference_options(design: str, *, gateway: str = "vgw", connection: str = "dedicated", speed: str = "1G",
                      location: str = "EqDC2", second_location: str = "EqSE2") -> dict:
    """Scenario option (a dict) for a reference design.

    Parameters
    ----------
    design : str
        One of :data:`DESIGNS`.
    gateway : str
        ``vgw`` or ``tgw``.
    connection : str
        ``dedicated`` or ``hosted``.
    speed : str
        Port speed, e.g. ``1G``.
    location, second_location : str
        Direct Connect location codes.
    """
    base = {"name": DESIGN_NAMES[design], "gateway": gateway}
    dx = {**base, "type": "direct_connect", "connection": connection, "speed": speed, "location": location}
    return {
        "vpn_only": {**base, "type": "vpn"},
        "dx_only": dx,
        "dx_vpn_backup": {**dx, "backup": {"gateway": gateway}},
        "dx_2_one_location": {**dx, "count": 2},
        "dx_2_two_locations": {**dx, "count": 2, "extra_locations": [second_location]},
        "dx_4_two_locations": {**dx, "count": 4, "extra_locations": [second_location]},
    }[design]


def pareto(cost, avail) -> np.ndarray:
    """True where no other design is at least as cheap and at least as available (and better in one).

    Parameters
    ----------
    cost : array_like
        Monthly cost per design [USD/month].
    avail : array_like
        Availability per design [-].
    """
    cost, avail = np.asarray(cost, float), np.asarray(avail, float)
    out = np.ones(len(cost), bool)
    for i in range(len(cost)):
        better = (cost <= cost[i]) & (avail >= avail[i]) & ((cost < cost[i]) | (avail > avail[i]))
        out[i] = not better.any()
    return out


#: Every failover figure, defined once and named the same in the CLI, JSON, CSV, report and panel:
#: column -> (label, definition). "Exact" figures enumerate every combination of failures; "simulated" ones come
#: from ``simulated_years`` seeded years per design (the seed derived from the scenario's and the design's name,
#: so a design's years do not depend on which others are compared).
FIGURES = {
    "availability": ("availability (exact)",
                     "share of the year with a working path; the seconds failover detection loses not counted [-]"),
    "availability_with_detection": ("availability with detection (exact)",
                                    "share of the year with traffic flowing: detection losses counted [-]"),
    "downtime_min_per_year": ("downtime (exact)", "expected time without a working path [min/year]"),
    "downtime_with_detection_min_per_year": (
        "downtime with detection (exact)", "expected time without traffic, detection losses included; the outage "
                                           "cost is priced from it [min/year]"),
    "sim_downtime_mean_min_per_year": ("simulated downtime, mean", "mean over the simulated years, detection "
                                                                   "included [min/year]"),
    "sim_downtime_ci_low_min_per_year": ("95 % interval, low", "of the simulated mean [min/year]"),
    "sim_downtime_ci_high_min_per_year": ("95 % interval, high", "of the simulated mean [min/year]"),
    "sim_downtime_p50_min_per_year": ("simulated downtime, p50", "half the simulated years are better [min/year]"),
    "sim_downtime_p95_min_per_year": ("simulated downtime, p95", "one simulated year in 20 is worse [min/year]"),
    "sim_downtime_p99_min_per_year": ("simulated downtime, p99", "one simulated year in 100 is worse [min/year]"),
    "simulated_years": ("simulated years", "seeded years per design [years]"),
    "failovers_per_year": ("failovers (exact)", "expected failures that move traffic to another path [1/year]"),
    "below_peak_min_per_year": ("below the peak (exact)",
                                "expected time with a working path that carries less than the peak [min/year]"),
    "capacity_availability": ("availability at the peak (exact)", "share of the year a path carries the peak [-]"),
    "outage_usd_per_month": ("expected outage cost", "downtime with detection x the outage cost per hour "
                                                     "[USD/month]"),
    "sla_credit_usd_per_month": ("expected SLA credits", "mean over the simulated years [USD/month]"),
    "risk_adjusted_usd_per_month": ("risk-adjusted cost", "connectivity + expected outage cost - expected SLA "
                                                          "credits [USD/month]"),
}


def design_seed(seed: int, name: str) -> int:
    """The simulation seed of one design: from the run's seed and the design's name (stable across runs and
    independent of the other designs compared).

    Parameters
    ----------
    seed : int
        The run's seed (``failover.seed``).
    name : str
        The design's name.
    """
    return int(np.random.SeedSequence([seed, zlib.crc32(name.encode())]).generate_state(1)[0])


#: The simulated years :func:`simulation` keeps in memory, all designs together [years]: the panel's eight
#: designs at a few repair times; a run asking for more (``failover.years`` up to 1,000,000) is not kept.
SIMULATION_CACHE_YEARS = 200_000
_SIMULATIONS: "OrderedDict[tuple, pd.DataFrame]" = OrderedDict()
#: What a cached simulation keeps: the columns that depend on neither the peak nor the outage cost
SIMULATION_COLUMNS = ("year", "downtime_min", "failovers", "outages", "sla_credit_usd", "availability")


def simulation(topology, params: FailureParams, years: int, seed: int, charges: tuple = ()) -> pd.DataFrame:
    """The seeded simulated years of one design (the same years feed the table, the histogram and the credits;
    kept while they fit :data:`SIMULATION_CACHE_YEARS`): :data:`SIMULATION_COLUMNS` only. The frame is shared
    by everyone who asks for the same years: copy it to change it. Time below a peak and outage costs come from
    :func:`compare` (the exact model).

    Parameters
    ----------
    topology : Topology
        The design.
    params : FailureParams
        Fault rates [per year] and durations [h].
    years : int
        Simulated years [years].
    seed : int
        The design's seed (:func:`design_seed`).
    charges : tuple
        ``(("direct_connect", USD per month), ("vpn", USD per connection-month))`` for SLA credits.
    """
    key = (topology, params, years, seed, charges)
    if key in _SIMULATIONS:
        _SIMULATIONS.move_to_end(key)
        return _SIMULATIONS[key]
    sim = availability.simulate(topology, params, years=years, seed=seed, monthly_charges=dict(charges))
    sim = sim[list(SIMULATION_COLUMNS)]
    if years <= SIMULATION_CACHE_YEARS:
        _SIMULATIONS[key] = sim
        while sum(len(v) for v in _SIMULATIONS.values()) > SIMULATION_CACHE_YEARS:
            _SIMULATIONS.popitem(last=False)
    return sim


def compare(scenario, options: "list | None" = None, params: "FailureParams | None" = None,
            years: "int | None" = None, seed: "int | None" = None, outage_cost_usd_per_hour: "float | None" = None,
            site_prefix: "str | None" = None, bfd: "bool | None" = None, catalog=None, progress: bool = False,
            labels: "list | None" = None) -> pd.DataFrame:
    """Cost, feasibility, availability and downtime (exact, and simulated with its interval and percentiles),
    failovers, time below the peak, expected outage cost and SLA credits for each option, with the
    cost-availability frontier and the risk-adjusted monthly cost. Each figure is defined in :data:`FIGURES`.

    Parameters
    ----------
    scenario : Scenario
        Region, traffic (``peak_mbps`` [Mbit/s]), prices and the ``failover`` section, whose values every
        argument left out takes.
    options : list of dict, optional
        Scenario option dicts (default: the scenario's own options).
    params : FailureParams, optional
        Fault rates [per year] and durations [h].
    years : int, optional
        Simulated years per design [years].
    seed : int, optional
        Random seed (design seeds: :func:`design_seed`).
    outage_cost_usd_per_hour : float, optional
        What an hour without connectivity costs [USD/h].
    site_prefix : str, optional
        The on-premises prefix the routes carry.
    bfd : bool, optional
        BFD on Direct Connect.
    catalog : PriceCatalog, optional
        Prices.
    progress : bool
        Show a progress bar per design.
    labels : list of str, optional
        What an error names for each option: the field the user wrote that made it (default: the option's name).

    Returns
    -------
    pandas.DataFrame
        design, kind, monthly_usd [USD/month], capacity_mbps [Mbit/s], feasible, reasons, then the
        :data:`FIGURES` columns, sla_tier, seed, frontier (on availability with detection).
    """
    from vpncost.failover.failures import dx_sla_tier
    from vpncost.model.estimate import build
    sc = scenario if options is None else with_options(scenario, options, labels)
    f = sc.failover
    params = f.params() if params is None else params
    years = f.years if years is None else years
    seed = f.seed if seed is None else seed
    outage = f.outage_cost_usd_per_hour if outage_cost_usd_per_hour is None else outage_cost_usd_per_hour
    site_prefix = f.site_prefix if site_prefix is None else site_prefix
    bfd = f.bfd if bfd is None else bfd
    model = build(sc, catalog)
    totals = model.totals() * (sc.hours_per_month / sc.hours)
    peak = sc.traffic.peak_mbps
    month = model.usage(hours=sc.hours_per_month)
    rows, charges_of = [], {}
    bar = None
    if progress:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(sc.options), desc=f"simulating {years:,} years per design", unit="design",
                   dynamic_ncols=True, leave=False)  # as wide as the terminal, never wider
    for i, opt in enumerate(sc.options):
        top = topology_for_option(opt, site_prefix, bfd, region=sc.region)
        charges = charges_of[opt.name] = tuple(sorted(monthly_charges(model.options[i], month).items()))
        ex = availability.exact(top, params, peak)
        k = design_seed(seed, opt.name)
        s = availability.summarize(simulation(top, params, years, k, charges), ex["mean_outage_hours"],
                                   columns=("downtime_min", "sla_credit_usd"))
        a = model.options[i].assessment
        rows.append({
            "design": opt.name, "kind": model.options[i].kind, "monthly_usd": float(totals[i]),
            "capacity_mbps": a.capacity_mbps, "feasible": a.feasible, "reasons": list(a.reasons),
            "availability": ex["availability"],
            "availability_with_detection": 1.0 - ex["downtime_minutes_per_year"] / availability.MINUTES_PER_YEAR,
            "downtime_min_per_year": (1.0 - ex["availability"]) * availability.MINUTES_PER_YEAR,
            "downtime_with_detection_min_per_year": ex["downtime_minutes_per_year"],
            "sim_downtime_mean_min_per_year": s["downtime_min_mean"],
            "sim_downtime_ci_low_min_per_year": s["downtime_min_ci_low"],
            "sim_downtime_ci_high_min_per_year": s["downtime_min_ci_high"],
            "sim_downtime_p50_min_per_year": s["downtime_min_p50"],
            "sim_downtime_p95_min_per_year": s["downtime_min_p95"],
            "sim_downtime_p99_min_per_year": s["downtime_min_p99"],
            "simulated_years": years, "failovers_per_year": ex["failovers_per_year"],
            "below_peak_min_per_year": ex["degraded_minutes_per_year"],
            "capacity_availability": ex["capacity_availability"],
            "outage_usd_per_month": outage_usd_per_month(ex["downtime_minutes_per_year"], outage),
            "sla_credit_usd_per_month": s["sla_credit_usd_mean"] / 12.0,
            "sla_tier": dx_sla_tier(top) or ("vpn" if top.vpn else ""), "seed": k,
        })
        if bar is not None:
            bar.update()
    if bar is not None:
        bar.close()
    out = pd.DataFrame(rows)
    out["risk_adjusted_usd_per_month"] = risk_adjusted_usd_per_month(
        out["monthly_usd"], out["outage_usd_per_month"], out["sla_credit_usd_per_month"])
    ok = out["feasible"].to_numpy(bool)  # a design that cannot carry the traffic is no point of the frontier
    out["frontier"] = False
    out.loc[ok, "frontier"] = pareto(out.loc[ok, "monthly_usd"], out.loc[ok, "availability_with_detection"])
    out.attrs.update(years=years, seed=seed, outage_cost_usd_per_hour=outage, peak_mbps=peak, charges=charges_of)
    return out


def outage_usd_per_month(downtime_minutes_per_year, outage_cost_usd_per_hour):
    """Expected outage cost: the exact expected downtime priced at what an hour without connectivity costs.

    Parameters
    ----------
    downtime_minutes_per_year : numeric
        Expected downtime, detection included (:func:`vpncost.failover.availability.exact`) [min/year].
    outage_cost_usd_per_hour : numeric
        What an hour without connectivity costs [USD/h].

    Returns
    -------
    numeric
        [USD/month].
    """
    return downtime_minutes_per_year / 60.0 * outage_cost_usd_per_hour / 12.0


def risk_adjusted_usd_per_month(monthly_usd, outage_usd_per_month, sla_credit_usd_per_month):
    """The one definition of risk-adjusted cost: connectivity + expected outage cost - expected SLA credits.

    Parameters
    ----------
    monthly_usd : numeric
        Connectivity cost [USD/month].
    outage_usd_per_month : numeric
        Expected outage cost (:func:`outage_usd_per_month`) [USD/month].
    sla_credit_usd_per_month : numeric
        Expected SLA credits (simulated: :func:`compare`) [USD/month].
    """
    return monthly_usd + outage_usd_per_month - sla_credit_usd_per_month


def monthly_charges(option_model, u) -> dict:
    """Monthly charges the SLAs refund against.

    Parameters
    ----------
    option_model : OptionModel
        A compiled option (:func:`vpncost.model.estimate.build`).
    u : dict
        Driver values for one month (``CostModel.usage(hours=hours_per_month)``).

    Returns
    -------
    dict
        ``{"vpn": USD per VPN connection-month, "direct_connect": USD per month of dedicated ports}``.
    """
    from vpncost.model import components as comps
    vpn = dx = 0.0
    n_vpn = 0.0
    for c in option_model.components:
        if c.price is None:
            continue
        if c.service == "vpn" and c.unit == "connection-hour" and not c.one_time:
            vpn += float(comps.cost(c, u))
            n_vpn += sum(coef for _, coef in c.drivers)
        elif c.service == "direct_connect" and c.unit == "port-hour" and "hosted" not in c.name:
            dx += float(comps.cost(c, u))
    return {"vpn": vpn / n_vpn if n_vpn else 0.0, "direct_connect": dx}


def reference_designs(scenario, designs=DESIGNS, second_location: "str | None" = None, gateway: "str | None" = None) -> list:
    """Option dicts of the reference designs, sized from the scenario's first Direct Connect option
    (connection type, speed, location, gateway, and on a transit gateway its peerings and associations) or 1G
    dedicated at the DX location nearest the site.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    designs : sequence of str
        Which of :data:`DESIGNS`.
    second_location : str, optional
        DX location for two-location designs (default: the nearest in the same location group).
    gateway : str, optional
        ``vgw`` or ``tgw`` (default: the DX option's, else ``vgw``).
    """
    dx = next((o for o in scenario.options if o.type == "direct_connect"), None)
    speed, connection = (dx.speed, dx.connection) if dx else ("1G", "dedicated")
    loc = dx.location if dx else _nearest_location(scenario, speed)
    second = second_location or (dx.extra_locations[0] if dx and dx.extra_locations else
                                 _second_location(loc, speed if connection == "dedicated" else None))
    if second_location and second == loc and {"dx_2_two_locations", "dx_4_two_locations"} & set(designs):
        from vpncost.errors import ScenarioError
        first = f"the location of option {dx.name!r}" if dx else "the Direct Connect location nearest the site"
        raise ScenarioError(f"{scenario.name}: failover.second_location: {second} is already the two-location "
                            f"designs' first location ({first}); name a different Direct Connect location")
    gw = gateway or (dx.gateway if dx else "vgw")
    kw = dict(gateway=gw, connection=connection, speed=speed,
              location=loc, second_location=second)
    refs = [reference_options(d, **kw) for d in designs]
    if dx is not None and gw == "tgw":  # like for like: the option's other Regions reached the same way
        for ref in refs:
            if dx.peerings:
                ref["peerings"] = [p.model_dump() for p in dx.peerings]
            if dx.associations and ref["type"] == "direct_connect":
                ref["associations"] = [a.model_dump() for a in dx.associations]
    return refs


def _offering(t, speed: "str | None"):
    """Locations that offer dedicated ports of ``speed`` (all when None or none do)."""
    if speed is None:
        return t
    ok = t[[speed in str(s).split() for s in t["speeds"]]]
    return ok if len(ok) else t


def _nearest_location(scenario, speed: str = "1G") -> str:
    from vpncost.reference.locations import nearest, site_coordinates
    from vpncost.reference.regions import dx_locations
    t = _offering(dx_locations(), speed).reset_index(drop=True)
    return str(t["code"].iloc[int(nearest(*site_coordinates(scenario.site, scenario.region), t)[0][0])])


def _second_location(location: str, speed: "str | None" = None) -> str:
    """Another DX location for two-location designs: the closest one in the same location group that offers the
    same dedicated port speed."""
    from vpncost.reference.locations import nearest
    from vpncost.reference.regions import dx_location, dx_locations
    a = dx_location(location)
    t = _offering(dx_locations(), speed)
    t = t[(t["code"] != a["code"])]
    same = t[t["location_group"] == a["location_group"]]
    t = same if len(same) else t
    return str(t["code"].iloc[int(nearest(float(a["latitude"]), float(a["longitude"]), t)[0][0])])


def scenario_options(scenario) -> tuple:
    """The designs the scenario's ``failover`` section asks for: its own options (when ``include_options``)
    and the reference designs (renamed ``... (reference)`` where a name is taken).

    Parameters
    ----------
    scenario : Scenario
        The scenario and its ``failover`` section.

    Returns
    -------
    tuple
        (option dicts, what an error names for each, ``scenario option`` / ``reference design`` for each).
    """
    f = scenario.failover
    opts = [o.model_dump() for o in scenario.options] if f.include_options else []
    labels = [f"options[{i}]" for i in range(len(opts))]
    sources = ["scenario option"] * len(opts)
    names = {o["name"] for o in opts}
    for k, ref in enumerate(reference_designs(scenario, f.designs, f.second_location)):
        if ref["name"] in names:
            ref = {**ref, "name": f"{ref['name']} (reference)"}
        opts.append(ref)
        labels.append(reference_label(scenario, f.designs, k))
        sources.append("reference design")
    return opts, labels, sources


def scenario_designs(scenario, catalog=None, progress: bool = False, years: "int | None" = None,
                     seed: "int | None" = None, outage_cost_usd_per_hour: "float | None" = None,
                     params: "FailureParams | None" = None) -> pd.DataFrame:
    """:func:`compare` over :func:`scenario_options`, with the ``failover`` section's outage cost, years, seed
    and rates unless given: the table ``vpncost failover``, the report and the notebook panel show.

    Parameters
    ----------
    scenario : Scenario
        The scenario and its ``failover`` section.
    catalog : PriceCatalog, optional
        Prices.
    progress : bool
        Show a progress bar.
    years : int, optional
        Simulated years per design [years] (default: the section's).
    seed : int, optional
        Random seed (default: the section's).
    outage_cost_usd_per_hour : float, optional
        What an hour without connectivity costs [USD/h] (default: the section's).
    params : FailureParams, optional
        Fault rates [per year] and durations [h] (default: the section's).
    """
    opts, labels, sources = scenario_options(scenario)
    out = compare(scenario, opts, params, years=years, seed=seed, outage_cost_usd_per_hour=outage_cost_usd_per_hour,
                  catalog=catalog, progress=progress, labels=labels)
    out.insert(1, "source", sources)
    return out


def reference_label(scenario, designs, k: int) -> str:
    """What an error names for reference design ``k``: the ``failover.designs`` entry that asked for it and the
    option it was sized from (the user's fields, not the generated option's).

    Parameters
    ----------
    scenario : Scenario
        The scenario the designs are sized from.
    designs : sequence of str
        The ``failover.designs`` entries.
    k : int
        Which entry [-].
    """
    dx = next((o for o in scenario.options if o.type == "direct_connect"), None)
    sized = f"sized from option {dx.name!r}" if dx else "1G dedicated at the Direct Connect location nearest the site"
    return f"failover.designs[{k}] (reference design {DESIGN_NAMES[designs[k]]!r}, {sized})"


def with_options(scenario, options: list, labels: "list | None" = None):
    """The scenario with ``options`` instead of its own; an invalid option is named by its label (default: its
    name), never by an index the user did not write.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    options : list of dict
        Scenario option dicts.
    labels : list of str, optional
        What an error names for each option (default: ``option 'NAME'``).
    """
    if labels is None:
        labels = [f"option {o.get('name')!r}" if isinstance(o, dict) and o.get("name") else f"options[{i}]"
                  for i, o in enumerate(options)]
    return scenario.replace(options=options, option_labels=labels)


def scenario_pitfalls(scenario) -> list:
    """Designs that surprise among the scenario's own options (:func:`vpncost.failover.routing.pitfalls`), each
    line starting with the option's name: what ``vpncost failover`` and the report print.

    Parameters
    ----------
    scenario : Scenario
        The scenario and its ``failover.site_prefix``.
    """
    from vpncost.failover.routing import pitfalls
    return [f"{o.name}: {p}" for o in scenario.options
            for p in pitfalls(topology_for_option(o, scenario.failover.site_prefix, region=scenario.region))]


def option_topologies(scenario, options: list, labels: "list | None" = None) -> dict:
    """Failover topology of each option, by name, validated through the scenario.

    Parameters
    ----------
    scenario : Scenario
        The scenario (its ``failover`` section gives the prefix and BFD).
    options : list of dict
        Scenario option dicts.
    labels : list of str, optional
        What an error names for each option (default: its name).
    """
    sc = with_options(scenario, options, labels)
    f = sc.failover
    return {o.name: topology_for_option(o, f.site_prefix, f.bfd, region=sc.region) for o in sc.options}
