"""Tidy views of the price table for charts and notebooks (no plotting here)."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from vpncost.pricing.catalog import KEY_COLUMNS, PriceCatalog, tier_label
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


def effective_prices(catalog: PriceCatalog, service: "str | None" = None, region: "str | None" = None,
                     region_locations_only: bool = False) -> pd.DataFrame:
    """Rows that apply to ``region``: a Region's own rows hide the ``*`` rows they override.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    service : str, optional
        Only this service.
    region : str, optional
        Region code.
    region_locations_only : bool
        With ``region``: of the rows priced per Direct Connect location, keep only the locations whose associated
        Region is ``region`` (DescribeLocations), instead of all 143 (``attrs["dx_locations_hidden"]`` counts
        the locations left out). Data transfer from the Region to any location is priced per (Region, location)
        and stays whole.
    """
    table = catalog.select(service, region)
    if region:
        key = ["service", "item", "location", "variant"]
        exact = set(map(tuple, table.loc[table.region != "*", key].to_numpy()))
        shadowed = [r == "*" and tuple(k) in exact for r, k in zip(table["region"], table[key].to_numpy())]
        table = table[[not s for s in shadowed]].reset_index(drop=True)
    if region and region_locations_only:
        from vpncost.reference.regions import dx_locations

        locs = dx_locations()
        codes = set(locs["code"])
        own = set(locs.loc[locs["region"] == region, "code"])
        per_location = (table["service"] == "direct_connect") & table["location"].isin(codes) \
            & ~table["item"].isin(("data_transfer_out", "data_transfer_in"))
        hidden = set(table.loc[per_location & ~table["location"].isin(own), "location"])
        table = table[~(per_location & table["location"].isin(hidden))].reset_index(drop=True)
        table.attrs["dx_locations_hidden"] = len(hidden)
    return table


# items every commercial Region should have, for the coverage table: (label, service, item, variant)
PER_REGION = (("VPN connection-hour", "vpn", "connection_hour", "standard"),
              ("TGW VPN attachment-hour", "transit_gateway", "attachment_hour", "vpn"),
              ("TGW VPC attachment-hour", "transit_gateway", "attachment_hour", "vpc"),
              ("TGW DX-gateway attachment-hour", "transit_gateway", "attachment_hour", "dx_gateway"),
              ("TGW data processing", "transit_gateway", "data_processing", "vpn"),
              ("internet data transfer out", "data_transfer", "internet_out", "*"),
              ("Cloud WAN core network edge-hour", "cloud_wan", "core_network_edge_hour", "*"),
              ("public IPv4 address-hour", "vpc", "public_ipv4_hour", "in_use"))


def coverage(catalog: PriceCatalog) -> pd.DataFrame:
    """How each Region's prices are known: per Region and item, how many prices are sourced, single-source,
    assumed or missing (no row at all).

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.

    Returns
    -------
    pandas.DataFrame
        region, item, expected, sourced, single_source, assumed, price_list, override, missing (counts of
        prices; Direct Connect data transfer out counts one price per Direct Connect location, DT-Premium one
        per edge group of the Region's Global Accelerator group).
    """
    from vpncost.reference.regions import dx_locations, regions

    statuses = ("sourced", "single_source", "assumed", "price_list", "override")
    edge_groups = sorted(set(catalog.table.loc[catalog.table["item"] == "dt_premium", "location"]))
    locations = dx_locations()["code"].tolist()
    rows = []
    for reg in regions().itertuples(index=False):
        checks = [(label, [(svc, item, reg.code, "*", variant)]) for label, svc, item, variant in PER_REGION]
        checks.append(("DX data transfer out (per location)",
                       [("direct_connect", "data_transfer_out", reg.code, loc, "*") for loc in locations]))
        checks.append(("DT-Premium (per edge group)",
                       [("global_accelerator", "dt_premium", reg.ga_group, g, "*") for g in edge_groups]))
        for label, keys in checks:
            found = Counter()
            for service, item, region, location, variant in keys:
                p = catalog.find(service, item, [region], [location], [variant])
                exact = p is not None and p.key[2] == region and p.key[4] == variant
                found[p.status if exact else "missing"] += 1
            rows.append({"region": reg.code, "item": label, "expected": len(keys),
                         **{s: found.get(s, 0) for s in statuses}, "missing": found.get("missing", 0)})
    return pd.DataFrame(rows)


def diff(old: PriceCatalog, new: PriceCatalog) -> pd.DataFrame:
    """Rows added, removed and changed between two price tables.

    Parameters
    ----------
    old, new : PriceCatalog
        The two tables.

    Returns
    -------
    pandas.DataFrame
        change (added | removed | changed), service, item, region, location, variant, tier_start [unit per month],
        old_usd, new_usd [USD per unit], change_pct [%], unit, old_status, new_status; unchanged rows left out.
    """
    key = [*KEY_COLUMNS, "tier_start"]
    a = old.table[[*key, "usd", "unit", "status"]]
    b = new.table[[*key, "usd", "unit", "status"]]
    m = a.merge(b, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    m["change"] = m["_merge"].map({"left_only": "removed", "right_only": "added", "both": "changed"}).astype(str)
    same = (m["change"] == "changed") & np.isclose(m["usd_old"].fillna(-1), m["usd_new"].fillna(-1), rtol=0, atol=1e-12)
    m = m[~same].copy()
    m["change_pct"] = np.where(m["change"] == "changed", 100 * (m["usd_new"] / m["usd_old"].where(m["usd_old"] != 0) - 1),
                               np.nan)
    m["unit"] = m["unit_new"].fillna(m["unit_old"])
    out = m.rename(columns={"usd_old": "old_usd", "usd_new": "new_usd", "status_old": "old_status",
                            "status_new": "new_status"})
    order = {"changed": 0, "added": 1, "removed": 2}
    out = out.sort_values(["change", *key], key=lambda c: c.map(order) if c.name == "change" else c, kind="stable")
    return out[["change", *key, "old_usd", "new_usd", "change_pct", "unit", "old_status", "new_status"]].reset_index(drop=True)
