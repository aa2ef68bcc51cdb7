"""Where each VPN connection's site is, for the idle rule on accelerated VPNs (the inventory knows a customer
gateway's address, not where it stands).

A sites file is a CSV with ``vpn_id`` and either ``city`` (a name in ``data/cities.csv``) or ``latitude`` and
``longitude`` [deg], and an optional ``min_saving_ms``: the RTT saving below which acceleration is not worth it for
that site [ms] (default: the caller's, e.g. the latency settings' ``min_saving_ms``).
"""
from __future__ import annotations

import pandas as pd

from vpncost.errors import VpncostError

COLUMNS = ["vpn_id", "latitude", "longitude", "min_saving_ms"]


def read_sites(path, default_min_saving_ms: float) -> pd.DataFrame:
    """Sites per VPN connection, validated.

    Parameters
    ----------
    path : str or pathlib.Path
        The CSV file.
    default_min_saving_ms : float
        Threshold for rows without ``min_saving_ms`` [ms] (the CLI passes the latency settings' default).

    Returns
    -------
    pandas.DataFrame
        vpn_id, latitude, longitude [deg], min_saving_ms [ms]; one row per VPN connection.
    """
    from vpncost.fileio import read_csv_input
    from vpncost.reference.locations import city

    name = str(path)
    table = read_csv_input(path, "sites")
    if "vpn_id" not in table.columns or not ({"city"} <= set(table.columns) or
                                             {"latitude", "longitude"} <= set(table.columns)):
        raise VpncostError(f"{name}: a sites file needs columns vpn_id and city, or vpn_id, latitude and longitude")
    rows = []
    for k, r in enumerate(table.to_dict("records"), start=2):  # line 1 is the header
        vid = str(r.get("vpn_id") or "").strip()
        if not vid:
            raise VpncostError(f"{name}: line {k}: vpn_id is empty")
        try:
            if str(r.get("latitude", "")).strip():
                lat, lon = float(r["latitude"]), float(r["longitude"])
            else:
                row = city(r.get("city", ""))
                lat, lon = float(row["latitude"]), float(row["longitude"])
            th = str(r.get("min_saving_ms", "")).strip()
            th = float(th) if th else float(default_min_saving_ms)
        except (TypeError, ValueError):
            raise VpncostError(f"{name}: line {k}: latitude, longitude and min_saving_ms must be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise VpncostError(f"{name}: line {k}: latitude must be -90..90 and longitude -180..180")
        if not 0 <= th < float("inf"):
            raise VpncostError(f"{name}: line {k}: min_saving_ms must be a number of ms, 0 or more")
        rows.append({"vpn_id": vid, "latitude": lat, "longitude": lon, "min_saving_ms": th})
    out = pd.DataFrame(rows, columns=COLUMNS)
    dup = out["vpn_id"][out["vpn_id"].duplicated()]
    if len(dup):
        raise VpncostError(f"{name}: vpn_id {dup.iloc[0]} is listed twice")
    return out
