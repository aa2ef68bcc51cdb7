"""Tidy views of the price table for charts and notebooks (no plotting here)."""
from __future__ import annotations

import pandas as pd

from vpncost.pricing.catalog import PriceCatalog, tier_label
from vpncost.reference.limits import SPEED_MBPS


def dx_port_prices(catalog: PriceCatalog, zone: str = "*") -> pd.DataFrame:
    """Direct Connect port-hour rates by speed.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    zone : str
        ``*`` or ``japan`` (Japan locations are priced apart).

    Returns
    -------
    pandas.DataFrame
        speed, mbps [Mbit/s], connection (dedicated/hosted), usd_per_hour [USD/port-hour],
        usd_per_month [USD per month of the catalog's hours], status.
    """
    hours = float(catalog.meta.get("hours_per_month", 730))
    rows = []
    for conn in ("dedicated", "hosted"):
        for speed in catalog.variants("direct_connect", f"{conn}_port_hour"):
            p = catalog.lookup("direct_connect", f"{conn}_port_hour", "*", zone, speed)
            rows.append(dict(speed=speed, mbps=SPEED_MBPS.get(speed), connection=conn, usd_per_hour=p.rate,
                             usd_per_month=p.rate * hours, status=p.status))
    return pd.DataFrame(rows).sort_values(["connection", "mbps"], ignore_index=True)


def internet_dto_by_region(catalog: PriceCatalog, regions=None) -> pd.DataFrame:
    """Internet data-transfer-out tiers per Region.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    regions : list of str, optional
        Region codes (default: every known Region).

    Returns
    -------
    pandas.DataFrame
        region, tier (``first 10 TB/month``...), tier_start_gb [GB/month], usd_per_gb [USD/GB], status.
    """
    from vpncost.reference.regions import region_codes

    rows = []
    for code in regions or region_codes():
        p = catalog.find("data_transfer", "internet_out", code)
        if p is None:
            continue
        for start, end, usd in zip(p.tier_start, p.tier_end, p.usd):
            rows.append(dict(region=code, tier=tier_label(start, end), tier_start_gb=start,
                             usd_per_gb=usd, status=p.status))
    return pd.DataFrame(rows)


def effective_prices(catalog: PriceCatalog, service: "str | None" = None, region: "str | None" = None) -> pd.DataFrame:
    """Rows that apply to ``region``: a Region's own rows hide the ``*`` rows they override.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    service : str, optional
        Only this service.
    region : str, optional
        Region code.
    """
    table = catalog.select(service, region)
    if region:
        key = ["service", "item", "location", "variant"]
        exact = set(map(tuple, table.loc[table.region != "*", key].to_numpy()))
        shadowed = [r == "*" and tuple(k) in exact for r, k in zip(table["region"], table[key].to_numpy())]
        table = table[[not s for s in shadowed]].reset_index(drop=True)
    return table
