"""Transit gateway peering: a Region the site reaches through the option's transit gateway and a peering to a
transit gateway in another Region (hub and spoke). ``share`` of the site's traffic, each direction, is with VPCs
there; as AWS bills it (pricing-pages transit gateway and data-transfer feeds; rules quoted in WP and AE-TGW,
``data/sources.csv``):

==================================  =============================================================================
charge                              rule
==================================  =============================================================================
peering attachment-hours            each transit gateway owner pays its own peering attachment: one in the
                                    option's Region, one in the peer Region, each at its Region's rate
peer VPC attachment-hours           ``vpc_attachments`` on the peer transit gateway (paid by the VPC owner)
data processing                     per GB entering a transit gateway from a VPC, VPN or Direct Connect gateway
                                    attachment, **none for data arriving from a peering attachment**: traffic to
                                    the site is processed in the peer Region (from its VPC) and no longer in the
                                    option's own; traffic from the site is processed once, in the option's Region
                                    (from the VPN or DX attachment, as without peering)
inter-Region data transfer          per GB, billed in the sending Region at its rate to the receiving Region:
                                    to the site, peer -> option's Region; from the site, option's Region -> peer
==================================  =============================================================================

Everything else the site's traffic costs (Direct Connect or internet data transfer out, the option's own
attachments) stays as the option prices it: the traffic still leaves AWS from the option's Region.
"""
from __future__ import annotations

from vpncost.model.components import Component, with_drivers
from vpncost.model.resources import data_transfer, transit_gateway
from vpncost.pricing.catalog import PriceCatalog

PROCESSING = "TGW data processing"  # the option's own processing lines (and "Backup TGW data processing")


def peered_share(opt) -> float:
    """Share of the site's traffic with VPCs behind the option's peerings [-].

    Parameters
    ----------
    opt : VpnOption, DirectConnectOption or ConcentratorOption
        A validated option.
    """
    return float(sum(p.share for p in getattr(opt, "peerings", ())))


def apply(parts: list, opt, scenario, catalog: PriceCatalog) -> list:
    """The option's components with its peerings priced: the peering lines added, and the option's own
    transit gateway processing of traffic to the site reduced by the peered share (it arrives from a peering
    attachment).

    Parameters
    ----------
    parts : list of Component
        The option's components without peering.
    opt : VpnOption, DirectConnectOption or ConcentratorOption
        The option (``peerings``).
    scenario : Scenario
        Its scenario (``region``: the option's transit gateway).
    catalog : PriceCatalog
        Prices.

    Returns
    -------
    list of Component
        The components to price.
    """
    if not getattr(opt, "peerings", ()):
        return parts
    s = peered_share(opt)  # a peering with share 0 still pays its attachments
    out = [with_drivers(c, egress_gb=lambda k: k * (1.0 - s)) if c.name.endswith(PROCESSING) else c for c in parts]
    for p in opt.peerings:
        out += components(catalog, scenario.region, p)
    return out


def components(catalog: PriceCatalog, home: str, peering) -> list:
    """The charges of one peering.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    home : str
        The option's Region (its transit gateway) [Region code].
    peering : Peering
        ``region`` (the peer), ``share`` [-] of the site's traffic, ``vpc_attachments`` there.
    """
    peer, share = peering.region, float(peering.share)
    out = []
    for region in (home, peer):
        out.append(attachment(catalog, region, home, peer))
    if peering.vpc_attachments:
        price = catalog.lookup("transit_gateway", "attachment_hour", region=peer, variant=transit_gateway.VARIANTS["VPC"])
        out.append(Component(f"TGW VPC attachment-hours ({peer})", "attachment-hour",
                             (("billed_hours", float(peering.vpc_attachments)),), "transit gateway", price=price))
    price = catalog.lookup("transit_gateway", "data_processing", region=peer, variant=transit_gateway.VARIANTS["VPC"])
    out.append(Component(f"TGW data processing ({peer}, from its VPCs to the site)", "GB", (("egress_gb", share),),
                         "transit gateway", price=price))
    for src, dst, driver in ((peer, home, "egress_gb"), (home, peer, "ingress_gb")):
        out.append(data_transfer.inter_region_out(catalog, src, dst, ((driver, share),)))
    return out


def attachment(catalog: PriceCatalog, region: str, home: str, peer: str) -> Component:
    """The peering attachment-hours one side pays: the transit gateway in ``region``.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        The side that pays (``home`` or ``peer``) [Region code].
    home, peer : str
        The two ends of the peering [Region codes].
    """
    price = catalog.lookup("transit_gateway", "attachment_hour", region=region, variant=transit_gateway.VARIANTS["peering"])
    return Component(f"TGW peering attachment-hours ({region}; {home} to {peer})", "attachment-hour",
                     (("billed_hours", 1.0),), "transit gateway", price=price)
