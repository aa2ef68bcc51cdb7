"""Where sites are: cities (``data/cities.csv``), AWS edge locations (``data/edge_locations.csv``),
great-circle distance, the nearest Region and the edge group a site's accelerated traffic enters at.

An accelerated VPN enters AWS at the edge location closest to the customer gateway (VPN User Guide);
the model takes the nearest listed edge metro and its DT-Premium edge group. ``site.edge_group`` in a
scenario overrides it.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from vpncost.errors import ScenarioError
from vpncost.paths import data_dir

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius [km] (IUGG)


@lru_cache(maxsize=4)
def _cities(path: str) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False)


def cities() -> pd.DataFrame:
    """Cities users can pick for sites: city, country, latitude [deg], longitude [deg], source, as_of."""
    return _cities(str(data_dir() / "cities.csv"))


@lru_cache(maxsize=4)
def _city_rows(path: str) -> dict:
    """Cities' rows by lower-cased name, first row of a name kept (a dict access: a column filter per lookup
    was a tenth of a dashboard update)."""
    table = _cities(path)
    rows: dict = {}
    for i, name in enumerate(table["city"]):
        rows.setdefault(name.lower(), table.iloc[i])
    return rows


def city(name: str) -> pd.Series:
    """One city's row (case-insensitive); a clear error listing the known cities otherwise."""
    hit = _city_rows(str(data_dir() / "cities.csv")).get(str(name).strip().lower())
    if hit is None:
        raise ScenarioError(f"city {name!r} is not in data/cities.csv; allowed: {', '.join(cities()['city'])} "
                            "(or give latitude and longitude)")
    return hit.copy()


@lru_cache(maxsize=4)
def _edges(path: str) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False)


def edge_locations() -> pd.DataFrame:
    """AWS edge metros: code, city, country, latitude [deg], longitude [deg], edge_group, source, as_of, note."""
    return _edges(str(data_dir() / "edge_locations.csv"))


def great_circle_km(lat1, lon1, lat2, lon2):
    """Great-circle distance [km] between points given in degrees (haversine; numeric in, numeric out)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def site_coordinates(site, region_code: str) -> "tuple[float, float]":
    """A site's (latitude, longitude) [deg]: its own, its city's, or (when unknown) its Region's."""
    from vpncost.reference.regions import region

    if site.latitude is not None:
        return float(site.latitude), float(site.longitude)
    if site.city:
        row = city(site.city)
        return float(row["latitude"]), float(row["longitude"])
    row = region(region_code)
    return float(row["latitude"]), float(row["longitude"])


def nearest(latitude, longitude, table: pd.DataFrame) -> tuple:
    """The row of ``table`` closest to each point, by great-circle distance.

    Parameters
    ----------
    latitude, longitude : numeric
        Points [deg] (scalars or arrays of one shape).
    table : pandas.DataFrame
        Candidates with ``latitude`` and ``longitude`` columns [deg].

    Returns
    -------
    index : numpy.ndarray of int
        Position in ``table`` of the closest row, one per point.
    distance_km : numpy.ndarray
        Distance to it [km].
    """
    lat = np.atleast_1d(np.asarray(latitude, dtype=float))
    lon = np.atleast_1d(np.asarray(longitude, dtype=float))
    d = great_circle_km(lat[:, None], lon[:, None], table["latitude"].to_numpy(float)[None, :],
                        table["longitude"].to_numpy(float)[None, :])
    idx = np.argmin(d, axis=1)
    return idx, d[np.arange(len(lat)), idx]


def nearest_edge(latitude: float, longitude: float) -> pd.Series:
    """The edge location row closest to a point [deg] (great-circle)."""
    t = edge_locations()
    return t.iloc[int(nearest(latitude, longitude, t)[0][0])]


def site_edge_group(site, region_code: str) -> str:
    """The Global Accelerator edge group a site's traffic enters at (see module notes)."""
    if site.edge_group:
        return site.edge_group
    lat, lon = site_coordinates(site, region_code)
    return str(nearest_edge(lat, lon)["edge_group"])
