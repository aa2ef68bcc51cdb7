"""Transit gateway charges, shared by every design that uses one.

* attachment-hours for each attachment: VPN, Direct Connect gateway, and the VPC attachment(s)
  the design needs (at least one to reach the VPC);
* data processing per GB sent *into* the transit gateway from any attachment: hybrid traffic enters
  once in each direction (from the VPC going out, from the VPN/DX coming in) and traffic between
  sites enters once (from the first site's attachment).
"""
from __future__ import annotations

from vpncost.model.components import Component
from vpncost.pricing.catalog import PriceCatalog

# attachment kind -> the price table's variant (AWS prices attachment-hours and processing per attachment type)
VARIANTS = {"VPN": "vpn", "VPC": "vpc", "Direct Connect gateway": "dx_gateway", "Connect": "connect", "peering": "peering"}


def attachments(catalog: PriceCatalog, region: str, kind: str, count: float) -> Component:
    """Attachment-hours of ``count`` attachments of one ``kind``.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code of the transit gateway.
    kind : str
        ``VPN``, ``Direct Connect gateway`` or ``VPC``.
    count : float
        Attachments [attachments].
    """
    price = catalog.lookup("transit_gateway", "attachment_hour", region=region, variant=VARIANTS[kind])
    return Component(f"TGW {kind} attachment-hours", "attachment-hour", (("billed_hours", float(count)),),
                     "transit gateway", price=price)


def processing(catalog: PriceCatalog, region: str, share: float = 1.0, attachment: str = "VPN",
               site_to_site: bool = True) -> Component:
    """Data processing on ``share`` of egress + ingress + site-to-site traffic.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code of the transit gateway.
    share : float
        Share of the traffic through this transit gateway [-].
    attachment : str
        The hybrid attachment (``VPN`` or ``Direct Connect gateway``) whose per-GB rate applies; AWS's feed gives
        every attachment type of a Region the same rate.
    site_to_site : bool
        Whether site-to-site traffic enters the transit gateway (not when SiteLink carries it).
    """
    price = catalog.lookup("transit_gateway", "data_processing", region=region, variant=VARIANTS[attachment])
    drivers = tuple((d, share) for d in ("egress_gb", "ingress_gb", "site_to_site_gb")[:3 if site_to_site else 2])
    return Component("TGW data processing", "GB", drivers, "transit gateway", price=price)
