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

