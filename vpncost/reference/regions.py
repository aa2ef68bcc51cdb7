"""AWS Regions and Direct Connect locations from ``data/regions.csv`` and ``data/dx_locations.csv``."""
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


def region(code: str) -> pd.Series:
    """One Region's row; a clear error listing the allowed codes when unknown."""
    table = regions()
    hit = table[table["code"] == code]
    if hit.empty:
        raise VpncostError(f"region: {code!r} is not a known Region; allowed: {', '.join(table['code'])}")
    return hit.iloc[0]


def dx_location(code: str) -> pd.Series:
    """One Direct Connect location's row; a clear error listing the allowed codes when unknown."""
    table = dx_locations()
    hit = table[table["code"].str.lower() == str(code).lower()]
    if hit.empty:
        raise VpncostError(f"location: {code!r} is not a known Direct Connect location; allowed: {', '.join(table['code'])}")
    return hit.iloc[0]


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

