"""AWS Regions and Direct Connect locations from ``data/regions.csv`` and ``data/dx_locations.csv``.

Partitions (``regions.csv`` ``partition``): the commercial Regions (``aws``) and AWS GovCloud (US)
(``aws-us-gov``: us-gov-west-1, us-gov-east-1), which AWS's vpc, datatransfer and directconnect feeds price (at
its own rates, in ``data/prices.csv``). What a partition does not offer, as a table (sources: keys of ``data/sources.csv``):

============  =====================================================  =================================================
partition     not offered                                            source
============  =====================================================  =================================================
aws-us-gov    Global Accelerator (so no accelerated VPN), Cloud WAN  pricing-pages: the globalaccelerator and cloudwan
                                                                     feeds carry no GovCloud price
aws-us-gov    the 100 GB/month internet free tier                    AWS's wording "aggregated across all AWS Services
                                                                     and Regions (except China and GovCloud)" (WP)
any two       a transit gateway peering or a Direct Connect gateway  partitions are separate (own accounts and
partitions    association between them                               endpoints); pricing-pages has no price between
============  =====================================================  =================================================

Regions that are known but not priced by the shipped feeds are refused with the reason (:data:`UNPRICED`).
"""
from functools import lru_cache

import pandas as pd

from vpncost.errors import VpncostError
from vpncost.paths import data_dir


@lru_cache(maxsize=8)
def _read(path: str) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype={"code": str}, keep_default_na=False)
    except FileNotFoundError:
        raise VpncostError(f"{path}: file not found") from None


def regions() -> pd.DataFrame:
    """Regions table: code, name, pricelist_location, ga_group, latitude [deg], longitude [deg]."""
    return _read(str(data_dir() / "regions.csv"))


def dx_locations() -> pd.DataFrame:
    """Direct Connect locations: code, name, city, country, location_group, price_zone, region, lat/lon [deg]."""
    return _read(str(data_dir() / "dx_locations.csv"))


def region_codes() -> list:
    """Known Region codes, in file order."""
    return regions()["code"].tolist()


UNPRICED = {"eusc-de-east-1": "the AWS European Sovereign Cloud (Brandenburg) is a separate partition (aws-eusc) "
                              "with its own accounts, billed in EUR; the shipped price feeds carry no price for it"}
NOT_OFFERED = {"aws-us-gov": {"global_accelerator": "Global Accelerator (accelerated VPN)", "cloud_wan": "Cloud WAN",
                              "free_tier": "the 100 GB/month internet free tier"}}


def unknown_region_message(code) -> str:
    """Why ``code`` is not a Region a file may name: the reason for a known but unpriced one, else the allowed
    codes."""
    if isinstance(code, str) and code in UNPRICED:
        return f"{code}: {UNPRICED[code]}"
    return f"unknown Region {code!r}; allowed: {', '.join(region_codes())}"


def partition(code: str) -> str:
    """The partition of a Region: ``aws`` (commercial) or ``aws-us-gov`` (GovCloud)."""
    return str(region(code).get("partition", "aws") or "aws")


def not_offered(code: str, service: str) -> "str | None":
    """What ``service`` (``global_accelerator``, ``cloud_wan``, ``free_tier``) is called when the Region's
    partition does not offer it, else None."""
    return NOT_OFFERED.get(partition(code), {}).get(service)


@lru_cache(maxsize=8)
def _rows(path: str, fold_case: bool) -> dict:
    """A table's rows by code (lower-cased with ``fold_case``): lookups in the model's inner loops are a dict
    access, not a filter over the table (a filter per lookup was a third of a dashboard update)."""
    table = _read(path)
    return {(code.lower() if fold_case else code): table.iloc[i] for i, code in enumerate(table["code"])}


def region(code: str) -> pd.Series:
    """One Region's row; a clear error listing the allowed codes when unknown."""
    hit = _rows(str(data_dir() / "regions.csv"), False).get(code) if isinstance(code, str) else None
    if hit is None:
        raise VpncostError(f"region: {code!r} is not a known Region; allowed: {', '.join(regions()['code'])}")
    return hit.copy()


def dx_location_code(code: str) -> "str | None":
    """The location's code as AWS spells it, for ``code`` in any case and spacing, or None when unknown."""
    hit = _rows(str(data_dir() / "dx_locations.csv"), True).get(str(code).strip().lower())
    return None if hit is None else hit["code"]


def dx_location(code: str) -> pd.Series:
    """One Direct Connect location's row; a clear error listing the allowed codes when unknown."""
    hit = _rows(str(data_dir() / "dx_locations.csv"), True).get(str(code).lower())
    if hit is None:
        raise VpncostError(f"location: {code!r} is not a known Direct Connect location; allowed: "
                           f"{', '.join(dx_locations()['code'])}")
    return hit.copy()


def codes_by_pricing_name(table: "pd.DataFrame | None" = None) -> dict:
    """AWS's long Region names as its pricing data spells them (``pricelist_location`` and the earlier names in
    ``other_pricing_names``, e.g. 'Asia Pacific (Osaka-Local)') -> Region code: the one map from names to codes.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A Regions table (default: ``data/regions.csv``).
    """
    table = regions() if table is None else table
    out = dict(zip(table["pricelist_location"], table["code"]))
    for code, names in zip(table["code"], table.get("other_pricing_names", pd.Series([""] * len(table)))):
        out.update({n: code for n in str(names).split("|") if n})
    return out


def region_code_for_pricelist_location(name: str) -> "str | None":
    """Map a Price List ``location`` name (e.g. 'US East (N. Virginia)') to a Region code, or None."""
    return _pricing_names().get(name)


@lru_cache(maxsize=1)
def _pricing_names() -> dict:
    return codes_by_pricing_name()

