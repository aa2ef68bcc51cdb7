"""Round-trip latency model for standard VPN, accelerated VPN and Direct Connect paths.

**This is a model, not a measurement.** It estimates round-trip time (RTT) from great-circle distances,
the speed of light in fibre, route-inflation factors for each kind of path and a fixed per-path
overhead. Calibrate it with :func:`calibrate` from a few RTTs you measured (e.g. ``ping`` over each
tunnel) before relying on its numbers.

Paths
-----
========================  ================================================================================
standard VPN              site -> Region over the public internet
accelerated VPN           site -> nearest AWS edge location over the internet, edge -> Region on the AWS backbone
Direct Connect            site -> DX location over a carrier circuit, DX location -> Region on the AWS backbone
========================  ================================================================================

RTT [ms] = 2 * sum(segment great-circle km * route factor) / fibre speed [km/ms] + path overhead [ms].

Notes (every constant is a field of :class:`LatencyParams`)
------------------------------------------------------------
=================================  =========  ===================================================================
parameter                          default    meaning and basis
=================================  =========  ===================================================================
fibre_km_per_ms                    204.2      speed of light in silica fibre: c / 1.468 (group index of SMF-28)
internet_route_factor              1.5        internet path length / great-circle distance (assumption; measured
                                              inflation of internet paths ranges from about 1.3 on long-haul
                                              backbones to 3 and more between poorly connected networks)
backbone_route_factor              1.25       AWS backbone path length / great-circle distance (assumption)
circuit_route_factor               1.3        carrier circuit to a DX location / great-circle (assumption)
internet_overhead_ms               5.0        fixed RTT of an internet path: access links, queuing, IPsec (assumption)
accelerated_overhead_ms            6.0        the same for the accelerated path, one more hop at the edge (assumption)
direct_connect_overhead_ms         2.0        fixed RTT of a DX path: circuit equipment, no internet (assumption)
jitter_base_ms                     0.3        jitter of a path with no internet share (assumption)
jitter_ms_per_1000km_internet      0.5        jitter added per 1,000 routed km of internet (assumption)
=================================  =========  ===================================================================

The jitter figure is an *indicator* that grows with the internet share of the path, for ranking
designs; it is not a forecast of measured jitter.

References
----------
AWS, "Accelerated Site-to-Site VPN connections" (VPN User Guide): traffic enters at the edge location
closest to the customer gateway and crosses the AWS global network.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache

import numpy as np
import pandas as pd

from vpncost.reference.locations import great_circle_km, nearest

PATHS = ("internet", "accelerated", "direct_connect")


@dataclass(frozen=True)
class LatencyParams:
    """Constants of the latency model (see the module Notes for units and basis)."""

    fibre_km_per_ms: float = 204.2
    internet_route_factor: float = 1.5
    backbone_route_factor: float = 1.25
    circuit_route_factor: float = 1.3
    internet_overhead_ms: float = 5.0
    accelerated_overhead_ms: float = 6.0
    direct_connect_overhead_ms: float = 2.0
    jitter_base_ms: float = 0.3
    jitter_ms_per_1000km_internet: float = 0.5

    def updated(self, **changes) -> "LatencyParams":
        """A copy with some constants changed; unknown names raise a one-line error.

        Parameters
        ----------
        **changes : float
            Constants by name, in the units of the module table.
        """
        from vpncost.errors import ScenarioError
        known = {f.name for f in fields(self)}
        bad = sorted(set(changes) - known)
        if bad:
            raise ScenarioError(f"latency: unknown parameter {bad[0]!r}; allowed: {', '.join(sorted(known))}")
        return replace(self, **{k: float(v) for k, v in changes.items()})

    def as_dict(self) -> dict:
        return asdict(self)


DEFAULT = LatencyParams()


def rtt_internet_ms(site_region_km, params: LatencyParams = DEFAULT):
    """Round trip of the standard VPN path over the internet.

    Parameters
    ----------
    site_region_km : numeric
        Great-circle distance from the site to the Region [km].
    params : LatencyParams
        The model's constants (see the module table).

    Returns
    -------
    numeric
        RTT [ms].
    """
    p = params
    return 2.0 * np.asarray(site_region_km) * p.internet_route_factor / p.fibre_km_per_ms + p.internet_overhead_ms


def rtt_accelerated_ms(site_edge_km, edge_region_km, params: LatencyParams = DEFAULT):
    """Round trip of the accelerated path: internet to the nearest edge, then the AWS backbone to the Region.

    Parameters
    ----------
    site_edge_km : numeric
        Site to edge location [km].
    edge_region_km : numeric
        Edge location to the Region [km].
    params : LatencyParams
        The model's constants (see the module table).

    Returns
    -------
    numeric
        RTT [ms].
    """
    p = params
    routed = np.asarray(site_edge_km) * p.internet_route_factor + np.asarray(edge_region_km) * p.backbone_route_factor
    return 2.0 * routed / p.fibre_km_per_ms + p.accelerated_overhead_ms


def rtt_direct_connect_ms(site_location_km, location_region_km, params: LatencyParams = DEFAULT):
    """Round trip of a Direct Connect path: carrier circuit to the DX location, then the backbone to the Region.

    Parameters
    ----------
    site_location_km : numeric
        Site to the Direct Connect location [km].
    location_region_km : numeric
        Location to the Region [km].
    params : LatencyParams
        The model's constants (see the module table).

    Returns
    -------
    numeric
        RTT [ms].
    """
    p = params
    routed = np.asarray(site_location_km) * p.circuit_route_factor + np.asarray(location_region_km) * p.backbone_route_factor
    return 2.0 * routed / p.fibre_km_per_ms + p.direct_connect_overhead_ms


def jitter_ms(internet_km, params: LatencyParams = DEFAULT):
    """Jitter indicator: a base plus a share per 1,000 km of routed internet path.

    Parameters
    ----------
    internet_km : numeric
        Great-circle length of the internet part of the path [km].
    params : LatencyParams
        The model's constants (see the module table).

    Returns
    -------
    numeric
        Jitter [ms].
    """
    p = params
    return p.jitter_base_ms + p.jitter_ms_per_1000km_internet * np.asarray(internet_km) * p.internet_route_factor / 1000.0


def paths(site_lat, site_lon, region_code, params: LatencyParams = DEFAULT, dx_location: "str | None" = None) -> pd.DataFrame:
    """Latency of every path from each site to one Region.

    Parameters
    ----------
    site_lat, site_lon : numeric
        Sites' latitude and longitude [deg].
    region_code : str
        AWS Region code.
    params : LatencyParams
        The model's constants (see the module table).
    dx_location : str, optional
        Direct Connect location code, for the DX path.

    Returns
    -------
    pandas.DataFrame
        latitude, longitude, edge (nearest edge location code), edge_group, site_region_km, site_edge_km,
        edge_region_km [km], rtt_internet_ms, rtt_accelerated_ms, saved_ms (internet minus accelerated) [ms],
        internet_share_accelerated (routed internet km / routed km), jitter_internet_ms, jitter_accelerated_ms
        [ms]; with ``dx_location`` also site_dx_km, dx_region_km [km], rtt_direct_connect_ms,
        jitter_direct_connect_ms [ms].
    """
    from vpncost.reference.locations import edge_locations
    from vpncost.reference.regions import dx_location as dx_row
    from vpncost.reference.regions import region

    lat = np.atleast_1d(np.asarray(site_lat, dtype=float))
    lon = np.atleast_1d(np.asarray(site_lon, dtype=float))
    reg = region(region_code)
    rlat, rlon = float(reg["latitude"]), float(reg["longitude"])
    edges = edge_locations()
    idx, d_edge = nearest(lat, lon, edges)
    e = edges.iloc[idx]
    d_direct = great_circle_km(lat, lon, rlat, rlon)
    d_er = great_circle_km(e["latitude"].to_numpy(float), e["longitude"].to_numpy(float), rlat, rlon)
    p = params
    inet_routed = d_edge * p.internet_route_factor
    out = pd.DataFrame({
        "latitude": lat, "longitude": lon, "edge": e["code"].to_numpy(), "edge_city": e["city"].to_numpy(),
        "edge_group": e["edge_group"].to_numpy(), "site_region_km": d_direct, "site_edge_km": d_edge, "edge_region_km": d_er,
        "rtt_internet_ms": rtt_internet_ms(d_direct, p), "rtt_accelerated_ms": rtt_accelerated_ms(d_edge, d_er, p),
    })
    out["saved_ms"] = out["rtt_internet_ms"] - out["rtt_accelerated_ms"]
    total = inet_routed + d_er * p.backbone_route_factor
    out["internet_share_accelerated"] = np.divide(inet_routed, total, out=np.ones_like(total), where=total > 0)
    out["jitter_internet_ms"] = jitter_ms(d_direct, p)
    out["jitter_accelerated_ms"] = jitter_ms(d_edge, p)
    if dx_location:
        loc = dx_row(dx_location)
        d1 = great_circle_km(lat, lon, float(loc["latitude"]), float(loc["longitude"]))
        d2 = float(great_circle_km(float(loc["latitude"]), float(loc["longitude"]), rlat, rlon))
        out["site_dx_km"] = d1
        out["dx_region_km"] = d2
        out["rtt_direct_connect_ms"] = rtt_direct_connect_ms(d1, d2, p)
        out["jitter_direct_connect_ms"] = p.jitter_base_ms
    return out


def calibrate(measurements: pd.DataFrame, params: LatencyParams = DEFAULT) -> tuple:
    """Fit route factors and overheads to measured RTTs by linear least squares.

    Only constants the data can identify are fitted (e.g. the backbone factor needs accelerated or DX
    measurements); the others keep their values in ``params``.

    Parameters
    ----------
    measurements : pandas.DataFrame
        ``path`` (internet | accelerated | direct_connect), ``rtt_ms`` [ms], and the segment distances [km]
        for that path: ``site_region_km`` (internet), ``site_edge_km`` and ``edge_region_km`` (accelerated),
        ``site_dx_km`` and ``dx_region_km`` (direct_connect), as :func:`paths` returns them.
    params : LatencyParams
        Starting constants; those the data cannot identify are kept.

    Returns
    -------
    tuple
        ``(fitted LatencyParams, report)``: the report has each measurement with the model's RTT before and
        after and the residual [ms].
    """
    from vpncost.errors import VpncostError

    m = measurements.reset_index(drop=True)
    missing = {"path", "rtt_ms"} - set(m.columns)
    if missing:
        raise VpncostError(f"calibrate: missing column(s) {', '.join(sorted(missing))}; need path, rtt_ms and distances")
    bad = sorted(set(m["path"]) - set(PATHS))
    if bad:
        raise VpncostError(f"calibrate: path {bad[0]!r} is not allowed; allowed: {', '.join(PATHS)}")
    k = 2.0 / params.fibre_km_per_ms
    names = ["internet_route_factor", "backbone_route_factor", "circuit_route_factor",
             "internet_overhead_ms", "accelerated_overhead_ms", "direct_connect_overhead_ms"]
    A = np.zeros((len(m), len(names)))
    col = {n: i for i, n in enumerate(names)}

    def dist(name):
        if name not in m.columns:
            raise VpncostError(f"calibrate: column {name!r} is needed for the paths measured")
        return m[name].to_numpy(float)
    is_ = {p: (m["path"] == p).to_numpy() for p in PATHS}
    if is_["internet"].any():
        A[is_["internet"], col["internet_route_factor"]] = k * dist("site_region_km")[is_["internet"]]
        A[is_["internet"], col["internet_overhead_ms"]] = 1.0
    if is_["accelerated"].any():
        A[is_["accelerated"], col["internet_route_factor"]] = k * dist("site_edge_km")[is_["accelerated"]]
        A[is_["accelerated"], col["backbone_route_factor"]] = k * dist("edge_region_km")[is_["accelerated"]]
        A[is_["accelerated"], col["accelerated_overhead_ms"]] = 1.0
    if is_["direct_connect"].any():
        A[is_["direct_connect"], col["circuit_route_factor"]] = k * dist("site_dx_km")[is_["direct_connect"]]
        A[is_["direct_connect"], col["backbone_route_factor"]] = k * dist("dx_region_km")[is_["direct_connect"]]
        A[is_["direct_connect"], col["direct_connect_overhead_ms"]] = 1.0
    used = [i for i in range(len(names)) if np.any(A[:, i])]
    if len(m) < len(used) or np.linalg.matrix_rank(A[:, used]) < len(used):
        raise VpncostError(f"calibrate: {len(m)} measurement(s) cannot identify {len(used)} constants; "
                           "measure sites at several different distances for each path")
    y = m["rtt_ms"].to_numpy(float)
    sol, *_ = np.linalg.lstsq(A[:, used], y, rcond=None)
    fitted = params.updated(**{names[i]: float(v) for i, v in zip(used, sol)})
    before = _predict(m, params)
    after = _predict(m, fitted)
    report = m.assign(model_before_ms=before, model_after_ms=after, residual_ms=y - after)
    return fitted, report


def _predict(m: pd.DataFrame, p: LatencyParams) -> np.ndarray:
    out = np.full(len(m), np.nan)
    for path, fn, cols in (("internet", rtt_internet_ms, ("site_region_km",)),
                           ("accelerated", rtt_accelerated_ms, ("site_edge_km", "edge_region_km")),
                           ("direct_connect", rtt_direct_connect_ms, ("site_dx_km", "dx_region_km"))):
        sel = (m["path"] == path).to_numpy()
        if sel.any():
            out[sel] = fn(*(m.loc[sel, c].to_numpy(float) for c in cols), p)
    return out


@lru_cache(maxsize=512)
def _site_path(lat: float, lon: float, region_code: str, params, dx_location, path: str, data: str) -> tuple:
    """(RTT, jitter) [ms] of one site's ``path`` to a Region, remembered per data folder ``data``: a dashboard
    update changes traffic, not where the site is (building the one-row table of :func:`paths` was half of an
    update's model time)."""
    p = paths(lat, lon, region_code, params, dx_location=dx_location).iloc[0]
    return float(p[f"rtt_{path}_ms"]), float(p[f"jitter_{path}_ms"])


def option_latency(scenario, params: "LatencyParams | None" = None) -> pd.DataFrame:
    """Modelled RTT and jitter of each option of a scenario, from its site to its Region.

    Parameters
    ----------
    scenario : Scenario
        Site, Region and options.
    params : LatencyParams, optional
        Constants (default: the scenario's ``latency`` settings).

    Returns
    -------
    pandas.DataFrame
        option, path (internet | accelerated | direct_connect), rtt_ms, jitter_ms [ms].
    """
    from vpncost.paths import data_dir
    from vpncost.reference.locations import site_coordinates

    params = params or scenario.latency.params()
    lat, lon = site_coordinates(scenario.site, scenario.region)
    data = str(data_dir())
    rows = []
    for opt in scenario.options:
        if opt.type in ("vpn", "vpn_concentrator"):
            path = "accelerated" if getattr(opt, "accelerated", False) else "internet"
            rtt, jit = _site_path(float(lat), float(lon), scenario.region, params, None, path, data)
        else:
            path = "direct_connect"
            rtt, jit = _site_path(float(lat), float(lon), scenario.region, params, opt.location, path, data)
        rows.append({"option": opt.name, "path": path, "rtt_ms": rtt, "jitter_ms": jit})
    return pd.DataFrame(rows)
