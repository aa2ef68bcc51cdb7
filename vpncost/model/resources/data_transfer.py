"""Internet data transfer out of a Region (EC2/VPC -> internet), the path a Site-to-Site VPN uses.

Tiers are per account per month (10,240 / 51,200 / 153,600 GB boundaries); data in is free. The
100 GB/month free tier is account-wide and off unless the scenario turns it on (as in the AWS Pricing
Calculator).
"""
from __future__ import annotations

from vpncost.model.components import Component
from vpncost.pricing.catalog import PriceCatalog


def free_tier_gb(catalog: PriceCatalog) -> float:
    """Size of the account-wide internet free tier from the price table.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.

    Returns
    -------
    float
        Free tier [GB/month].
    """
    return float(catalog.lookup("data_transfer", "internet_out_free_tier").tier_end[0])


def internet_out(catalog: PriceCatalog, region: str, drivers: tuple, *, other_egress_gb: float = 0.0,
                 free_tier: bool = False, name: str = "Internet data transfer out") -> Component:
    """Internet data transfer out on the traffic given by ``drivers``, tiered per month.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code the traffic leaves from.
    drivers : tuple of (str, float)
        Usage drivers and their share [-], e.g. ``(("egress_gb", 1.0),)``.
    other_egress_gb : float
        The account's other internet egress [GB/month], billed first in the same tiers, so this traffic
        starts where it ends.
    free_tier : bool
        Apply the account-wide free tier (where the Region's partition has one).
    name : str
        Component name.
    """
    from vpncost.reference.regions import not_offered
    price = catalog.lookup("data_transfer", "internet_out", region=region)
    free = free_tier and not not_offered(region, "free_tier")   # not in GovCloud (reference/regions.py)
    return Component(name, "GB", drivers, "data transfer", price=price, offset_gb=other_egress_gb,
                     free_gb=free_tier_gb(catalog) if free else 0.0)


def inter_region_out(catalog: PriceCatalog, source: str, destination: str, drivers: tuple) -> Component:
    """Inter-Region data transfer, billed in the sending Region at its rate to the receiving one (nothing on
    the receiving side: sources.csv CUR-DT).

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    source, destination : str
        Region codes: the sender (billed) and the receiver.
    drivers : tuple of (str, float)
        Usage drivers and their coefficients [-].
    """
    price = catalog.lookup("data_transfer", "inter_region_out", region=source, variant=destination)
    return Component(f"Inter-Region data transfer out ({source} to {destination})", "GB", drivers, "data transfer",
                     price=price)
