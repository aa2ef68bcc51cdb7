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
    price = catalog.lookup("transit_gateway", "attachment_hour", region=region)
    return Component(f"TGW {kind} attachment-hours", "attachment-hour", (("billed_hours", float(count)),),
                     "transit gateway", price=price)


def processing(catalog: PriceCatalog, region: str, share: float = 1.0) -> Component:
    """Data processing on ``share`` of egress + ingress + site-to-site traffic.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code of the transit gateway.
    share : float
        Share of the traffic through this transit gateway [-].
    """
    price = catalog.lookup("transit_gateway", "data_processing", region=region)
    drivers = tuple((d, share) for d in ("egress_gb", "ingress_gb", "site_to_site_gb"))
    return Component("TGW data processing", "GB", drivers, "transit gateway", price=price)
