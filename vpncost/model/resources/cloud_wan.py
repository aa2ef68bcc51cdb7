"""AWS Cloud WAN as the gateway of a Site-to-Site VPN: a core network edge in the Region, the VPN and VPC
attachments, and per-GB data processing (``cloud_wan`` rows of the price table, from AWS's ``cloudwan`` feed).

Cloud WAN is not offered in every Region; where the feed has no price the lookup says so in one line.
"""
from __future__ import annotations

from vpncost.model.components import Component
from vpncost.pricing.catalog import PriceCatalog

VARIANTS = {"VPN": "vpn", "VPC": "vpc", "Connect": "connect", "TGW peering": "tgw_peering"}


def core_network_edge(catalog: PriceCatalog, region: str, count: float = 1.0) -> Component:
    """Core network edge-hours of the Region.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code.
    count : float
        Core network edges [edges] (one per Region the core network spans).
    """
    price = catalog.lookup("cloud_wan", "core_network_edge_hour", region=region)
    return Component("Cloud WAN core network edge-hours", "edge-hour", (("billed_hours", float(count)),),
                     "transit gateway", price=price)


def attachments(catalog: PriceCatalog, region: str, kind: str, count: float) -> Component:
    """``count`` Cloud WAN attachments of one ``kind``.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code.
    kind : str
        ``VPN``, ``VPC``, ``Connect`` or ``TGW peering``.
    count : float
        Attachments [attachments].
    """
    price = catalog.lookup("cloud_wan", "attachment_hour", region=region, variant=VARIANTS[kind])
    return Component(f"Cloud WAN {kind} attachment-hours", "attachment-hour", (("billed_hours", float(count)),),
                     "transit gateway", price=price)


def processing(catalog: PriceCatalog, region: str, share: float = 1.0, attachment: str = "VPN") -> Component:
    """Data processing on ``share`` of egress + ingress + site-to-site traffic, at the rate of the attachment the
    data enters from.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code.
    share : float
        Share of the traffic through the core network [-].
    attachment : str
        ``VPN`` or ``VPC``.
    """
    price = catalog.lookup("cloud_wan", "data_processing", region=region, variant=VARIANTS[attachment])
    drivers = tuple((d, share) for d in ("egress_gb", "ingress_gb", "site_to_site_gb"))
    return Component("Cloud WAN data processing", "GB", drivers, "transit gateway", price=price)
