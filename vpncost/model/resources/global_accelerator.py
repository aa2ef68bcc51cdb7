"""Global Accelerator charges of an accelerated Site-to-Site VPN.

AWS creates two accelerators per accelerated connection (one per tunnel), each billed the fixed
hourly fee for every full or partial hour, plus the DT-Premium per GB on the *dominant direction* of
the traffic, priced by (source Region group, edge-location group), on top of normal data transfer out.
DT-Premium is computed hourly by AWS; from period totals the model takes the larger direction
(``traffic.dominant_direction`` overrides).
"""
from __future__ import annotations

from dataclasses import replace

from vpncost.model.components import Component
from vpncost.pricing.catalog import PriceCatalog

ACCELERATORS_PER_CONNECTION = 2  # one per tunnel (VPN User Guide, accelerated-vpn)


def fixed_fee(catalog: PriceCatalog, connections: float) -> Component:
    """Global Accelerator fixed fee: two accelerators (one per tunnel) per accelerated connection.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    connections : float
        Accelerated VPN connections [connections].
    """
    price = catalog.lookup("global_accelerator", "fixed_fee_hour")
    return Component("Global Accelerator fixed fee", "accelerator-hour",
                     (("billed_hours", ACCELERATORS_PER_CONNECTION * float(connections)),), "accelerator", price=price)


def dt_premium(catalog: PriceCatalog, source_group: str, edge_group: str, share: float = 1.0,
               group_basis: str = "documented") -> Component:
    """DT-Premium on ``share`` of the dominant-direction traffic.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    source_group : str
        Global Accelerator group of the Region (NA, EU, AP, ...).
    edge_group : str
        Edge group where the site's traffic enters.
    share : float
        Share of the traffic carried [-].
    group_basis : str
        How the Region's group is known (``data/regions.csv`` ``ga_group_basis``); an assumed group makes the
        price assumed too, with the reason in its note.
    """
    price = catalog.lookup("global_accelerator", "dt_premium", region=source_group, location=edge_group)
    if group_basis != "documented":
        price = replace(price, status="assumed", note=f"Region's source group {source_group} {group_basis}")
    return Component(f"Global Accelerator DT-Premium ({source_group} to {edge_group})", "GB",
                     (("dominant_gb", share),), "accelerator", price=price)
