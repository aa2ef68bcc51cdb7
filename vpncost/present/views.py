"""Chart- and widget-ready tables drawn from the model's outputs (reshaping only; no prices here).

Every chart in :mod:`vpncost.present.plots` and every widget in :mod:`vpncost.present.widgets` reads one of these,
so tests check a chart by checking its table.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from vpncost.model import compare
from vpncost.model.components import GROUPS
from vpncost.model.estimate import CostModel, estimate, summary


def cost_by_group(breakdown: pd.DataFrame, hours_per_month: float = 730.0) -> pd.DataFrame:
    """Cost per month [USD] of each option (rows, scenario order) by component group (columns)."""
    per_month = hours_per_month / breakdown["hours"].iloc[0]
    options = list(dict.fromkeys(breakdown["option"]))  # scenario order
    row = {o: i for i, o in enumerate(options)}
    col = {g: j for j, g in enumerate(GROUPS)}
    wide = np.zeros((len(options), len(GROUPS)))
    for o, g, c in zip(breakdown["option"], breakdown["group"], breakdown["cost_usd"].to_numpy(float)):
        if g in col:  # (a pivot table was a tenth of a dashboard update)
            wide[row[o], col[g]] += c
    return pd.DataFrame(wide * per_month, index=pd.Index(options, name="option"), columns=list(GROUPS))


def dashboard_data(model: CostModel, variable: str = "egress_gb", points: int = 121) -> dict:
    """Everything the VPN-vs-DX dashboard draws, for one compiled scenario.

    Keys: ``summary`` (:func:`~vpncost.model.estimate.summary`), ``stack`` (:func:`cost_by_group`),
    ``curve`` (:func:`~vpncost.model.compare.cost_curve` from 0 to :func:`~vpncost.model.compare.curve_x_max`), ``break_even``
    (crossings inside that range), ``tco`` (:func:`~vpncost.model.compare.tco`), ``variable``, ``scenario``.
    """
    b = estimate(model)
    x_max = compare.curve_x_max(model, variable)
    return {
        "summary": summary(model, breakdown=b),
        "stack": cost_by_group(b, model.scenario.hours_per_month),
        "curve": compare.cost_curve(model, variable, np.linspace(0.0, x_max, points)),
        "break_even": compare.break_even_table(model, variable, x_max=x_max),
        "tco": compare.tco(model),
        "variable": variable,
        "scenario": model.scenario,
    }


def dashboard_scenario(base, *, region=None, egress_gb=None, ingress_gb=None, dx_connection=None, dx_speed=None,
                       dx_location=None, growth_pct_per_year=None, years=None):
    """``base`` with the dashboard's inputs applied (the DX ones to its first Direct Connect option), re-validated.

    Raises :class:`~vpncost.errors.ScenarioError` (one line naming the field) on a bad value.
    """
    def given(**values):
        return {k: v for k, v in values.items() if v is not None}

    changes = given(region=region, years=years)
    traffic = given(egress_gb=egress_gb, ingress_gb=ingress_gb, growth_pct_per_year=growth_pct_per_year)
    dx = given(connection=dx_connection, speed=dx_speed, location=dx_location)
    if traffic:
        changes["traffic"] = traffic
    first = next((i for i, o in enumerate(base.options) if o.type == "direct_connect"), None)
    if dx and first is not None:  # the DX pickers show and change the first DX option; the others keep theirs
        changes["options"] = [o.model_dump() | ({**dx, "name": renamed(o, **dx)} if i == first else {})
                              for i, o in enumerate(base.options)]
    return base.replace(source="dashboard", **changes)


def renamed(option, connection=None, speed=None, location=None) -> str:
    """The option's name with the connection type, port speed and location it names replaced by the new ones
    ('DX 10G dedicated + VPN backup' with hosted 5G: 'DX 5G hosted + VPN backup'), so a label never describes
    a port the option no longer has.

    Parameters
    ----------
    option : DirectConnectOption
        The option as the scenario has it.
    connection, speed, location : str, optional
        The new values (None: unchanged).
    """
    import re

    name = option.name
    for old, new in ((option.connection, connection), (option.speed, speed), (option.location, location)):
        if new and old and new != old:
            name = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w.])", new, name)
    return name


def path_segments(table: pd.DataFrame, region: str) -> pd.DataFrame:
    """Line segments for a map of the chosen paths, from :func:`vpncost.model.acceleration.tradeoff`'s table.

    One row per segment: site, path (internet | accelerated), leg (site-region | site-edge | edge-region),
    lon0, lat0, lon1, lat1 [deg].
    """
    from vpncost.reference.locations import edge_locations
    from vpncost.reference.regions import region as region_row

    r = region_row(region)
    edges = edge_locations().set_index("code")
    rows = []
    for t in table.itertuples(index=False):
        e = edges.loc[t.edge]
        rows.append({"site": t.site, "path": "internet", "leg": "site-region", "lon0": t.longitude, "lat0": t.latitude,
                     "lon1": float(r["longitude"]), "lat1": float(r["latitude"])})
        rows.append({"site": t.site, "path": "accelerated", "leg": "site-edge", "lon0": t.longitude, "lat0": t.latitude,
                     "lon1": float(e["longitude"]), "lat1": float(e["latitude"])})
        rows.append({"site": t.site, "path": "accelerated", "leg": "edge-region", "lon0": float(e["longitude"]),
                     "lat0": float(e["latitude"]), "lon1": float(r["longitude"]), "lat1": float(r["latitude"])})
    return pd.DataFrame(rows)


def location_choices(region: str) -> list:
    """Direct Connect locations for a picker: those associated with ``region`` first, then the others by
    distance from it, each as ``(label, code)``.

    Parameters
    ----------
    region : str
        Region code.
    """
    from vpncost.reference.locations import great_circle_km
    from vpncost.reference.regions import dx_locations
    from vpncost.reference.regions import region as region_row

    t = dx_locations()
    r = region_row(region)
    km = great_circle_km(float(r["latitude"]), float(r["longitude"]), t["latitude"].to_numpy(float),
                         t["longitude"].to_numpy(float))
    order = sorted(range(len(t)), key=lambda i: (t["region"].iloc[i] != region, km[i]))
    return [(f"{t['code'].iloc[i]}: {t['name'].iloc[i]} ({t['region'].iloc[i]})", t["code"].iloc[i]) for i in order]


FAR_KM = 1_000.0  # a Direct Connect location of another Region this far from the scenario's is flagged [km]


def far_dx_options(scenario) -> list:
    """Direct Connect options whose location belongs to another Region and lies more than :data:`FAR_KM` from
    the scenario's Region (after the Region changes on a dashboard, say): what the dashboard flags.

    Parameters
    ----------
    scenario : Scenario
        Region and options.

    Returns
    -------
    list of tuple
        (option name, location code, the location's Region, distance [km]) per flagged option.
    """
    from vpncost.reference.locations import great_circle_km
    from vpncost.reference.regions import dx_location
    from vpncost.reference.regions import region as region_row

    r = region_row(scenario.region)
    out = []
    for o in scenario.options:
        if o.type != "direct_connect":
            continue
        for code in dict.fromkeys(o.port_locations()):
            loc = dx_location(code)
            km = float(great_circle_km(float(r["latitude"]), float(r["longitude"]), float(loc["latitude"]),
                                       float(loc["longitude"])))
            if loc["region"] != scenario.region and km > FAR_KM:
                out.append((o.name, code, str(loc["region"]), km))
    return out


def offered_speeds(connection: str, location: str) -> list:
    """Port speeds a picker offers: hosted speeds, or the dedicated speeds AWS lists for ``location``.

    Parameters
    ----------
    connection : str
        ``dedicated`` or ``hosted``.
    location : str
        Direct Connect location code.
    """
    from vpncost.reference.limits import speeds
    from vpncost.reference.regions import dx_location

    allowed = list(speeds(connection))
    if connection == "dedicated":
        listed = str(dx_location(location)["speeds"]).split()
        allowed = [s for s in allowed if s in listed] or allowed
    return allowed


def network_map(model) -> tuple:
    """Where a network's sites, Direct Connect locations and Regions are, and the paths between them.

    Parameters
    ----------
    model : NetworkModel
        A compiled network (:func:`vpncost.model.network.build`).

    Returns
    -------
    tuple of pandas.DataFrame
        (points: kind (site, dx, region), name, latitude, longitude [deg], sites (how many);
        links: kind (vpn, dx, peering), latitude0, longitude0, latitude1, longitude1 [deg]).
    """
    from vpncost.reference.locations import site_coordinates
    from vpncost.reference.regions import dx_location, region

    net = model.network
    points, links = [], []
    where = {}
    for code in net.regions:
        row = region(code)
        where[code] = (float(row["latitude"]), float(row["longitude"]))
        points.append({"kind": "region", "name": code, "latitude": where[code][0], "longitude": where[code][1],
                       "sites": 0})
    for d in net.direct_connect:
        row = dx_location(d.location)
        where[d.name] = (float(row["latitude"]), float(row["longitude"]))
        points.append({"kind": "dx", "name": f"{d.name} ({d.location})", "latitude": where[d.name][0],
                       "longitude": where[d.name][1], "sites": 0})
        for r in d.gateway.associations:
            links.append(("dx", *where[d.name], *where[r]))
    for s in net.sites:
        lat, lon = site_coordinates(s, next(iter(s.traffic.regions), next(iter(net.regions))))
        points.append({"kind": "site", "name": s.name, "latitude": lat, "longitude": lon, "sites": s.count})
        for p in model.paths[model.paths["site"] == s.name].itertuples(index=False):
            dx = next((d.name for d in net.direct_connect if d.name == p.via), None)
            links.append(("dx", lat, lon, *where[dx]) if dx else ("vpn", lat, lon, *where[p.enters]))
    for p in net.peerings:
        links.append(("peering", *where[p.between[0]], *where[p.between[1]]))
    links = pd.DataFrame(list(dict.fromkeys(links)),
                         columns=["kind", "latitude0", "longitude0", "latitude1", "longitude1"])
    return pd.DataFrame(points), links
