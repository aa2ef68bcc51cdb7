"""Direct Connect flat-rate billing (announced 2026-09): which tier a location offers for which Regions.

AWS's ``DescribeLocations`` returns, per location, ``availableBillingModes``: the billing mode
(``FlatRateTier1..5``, ``PortPairFlatRateTier1..5``), its port speeds and its ``includedRegions`` (Direct Connect
API reference, ``AvailableBillingMode``). Data transfer out from an included Region is part of the port price; from
any other Region it is billed at the pay-as-you-go Direct Connect rate. The public record has two published
points, in ``data/dx_flat_rate.csv`` with their sources; any other (location, tier) needs the tier's Regions from
the API (``included_regions`` in the scenario) and its price from the customer's quote (an override row).
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from vpncost.errors import ScenarioError
from vpncost.paths import data_dir


@lru_cache(maxsize=2)
def _read(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def tiers() -> pd.DataFrame:
    """Published flat-rate tiers: location, tier, speeds, port_pair, included_regions, basis, source, as_of."""
    return _read(str(data_dir() / "dx_flat_rate.csv"))


def resolve(location: str, speed: str, region: str, tier="auto", included_regions=()) -> tuple:
    """The tier, its included Regions and how they are known, for a flat-rate port.

    Parameters
    ----------
    location : str
        Direct Connect location code.
    speed : str
        Port speed (``10G`` or ``100G``).
    region : str
        The Region the traffic comes from.
    tier : int or 'auto'
        A tier 1..5, or ``auto``: the lowest published tier at the location whose Regions include ``region``.
    included_regions : sequence of str
        The tier's Regions as ``DescribeLocations`` lists them; empty: the published ones.

    Returns
    -------
    tuple
        ``(tier, tuple of included Region codes, basis)``.

    Raises
    ------
    ScenarioError
        One line when the tier or its Regions are not published and not given.
    """
    rows = tiers()
    here = rows.loc[[loc.lower() == location.lower() and speed in s.split() for loc, s in zip(rows["location"], rows["speeds"])]]
    if tier == "auto":
        hits = here.loc[[region in r.split() for r in here["included_regions"]]].sort_values("tier")
        if hits.empty:
            raise ScenarioError(f"tier: auto: no published flat-rate tier at {location} for {speed} ports that includes "
                                f"{region}; set tier: 1..5 and included_regions (DescribeLocations lists them)")
        row = hits.iloc[0]
        return int(row["tier"]), tuple(row["included_regions"].split()), f"{row['basis']}; {row['source']}"
    if included_regions:
        return int(tier), tuple(included_regions), "given in the scenario (DescribeLocations includedRegions)"
    hit = here[here["tier"] == str(tier)]
    if hit.empty:
        raise ScenarioError(f"included_regions: the Regions of flat-rate tier {tier} at {location} are not published; "
                            "list them (DescribeLocations availableBillingModes.includedRegions)")
    return int(tier), tuple(hit.iloc[0]["included_regions"].split()), f"{hit.iloc[0]['basis']}; {hit.iloc[0]['source']}"
