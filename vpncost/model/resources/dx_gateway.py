"""A Direct Connect gateway associated with transit gateways in several Regions: one set of ports (billed once)
carries the site's traffic straight to VPCs in each associated Region, without a peering. ``share`` of the
traffic Direct Connect carries, each direction, is with VPCs in the associated Region; as AWS bills it
(pricing-pages Direct Connect and transit gateway feeds; the DX FAQ quoted in WP, ``data/sources.csv``):

==================================  =============================================================================
charge                              rule
==================================  =============================================================================
Direct Connect gateway              free; the ports are the option's, billed once whatever the Regions they serve
DX gateway attachment-hours         one on each associated transit gateway, at its Region's rate
VPC attachment-hours                ``vpc_attachments`` on the associated transit gateway
data processing                     in the associated Region, on its share both ways (from its VPC going out,
                                    from the DX gateway attachment coming in); no longer in the option's Region
Direct Connect data transfer out    by the Region the data leaves from and the location: the associated Region's
                                    rate to each of the option's locations (ports share the traffic as without
                                    associations); the option's own Region carries the rest
==================================  =============================================================================

Applied after :mod:`~vpncost.model.resources.tgw_peering` (peered traffic still passes the option's own
transit gateway), so the option's own processing keeps ``1 - peered - associated`` of the traffic to the site.
"""
from __future__ import annotations

from vpncost.model.components import Component, with_drivers
from vpncost.model.resources import direct_connect, transit_gateway
from vpncost.pricing.catalog import PriceCatalog
from vpncost.reference.regions import dx_location

PROCESSING = "TGW data processing"   # the Direct Connect path's own line (not the VPN backup's)
DTO_PREFIX = "DX data transfer out ("


def apply(parts: list, opt, scenario, catalog: PriceCatalog) -> list:
    """The option's components with its associations priced: each associated Region's lines added, and the
    option's own Direct Connect data transfer out and transit gateway processing carrying the rest.

    Parameters
    ----------
    parts : list of Component
        The option's components (peerings already applied).
    opt : DirectConnectOption
        The option (``associations``).
    scenario : Scenario
        Its scenario (``region``: the option's own Region).
    catalog : PriceCatalog
        Prices.

    Returns
    -------
    list of Component
        The components to price.
    """
    assoc = getattr(opt, "associations", ())
    if not assoc:
        return parts
    carried = 1.0 - opt.backup_share()          # what Direct Connect carries [-]
    total = sum(float(a.share) for a in assoc)
    home = scenario.region
    def moved(k):  # the associated share no longer passes the option's transit gateway
        return k - total * carried
    out = []
    for c in parts:
        if c.name == PROCESSING:
            c = with_drivers(c, egress_gb=moved, ingress_gb=moved)
        elif c.name.startswith(f"{DTO_PREFIX}{home} to "):  # it leaves AWS from the associated Region instead
            c = with_drivers(c, egress_gb=lambda k: k * (1.0 - total))
        out.append(c)
    ports = opt.port_locations()
    for a in assoc:
        out += components(catalog, a, carried, ports)
    return out


def components(catalog: PriceCatalog, association, carried: float, ports: list) -> list:
    """The charges of one associated Region.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    association : Association
        ``region``, ``share`` [-] of the traffic Direct Connect carries, ``vpc_attachments`` there.
    carried : float
        Share of the site's traffic Direct Connect carries [-].
    ports : list of str
        The option's port locations (one code per port) [location codes].
    """
    region, share = association.region, float(association.share) * carried
    out = [Component(f"TGW Direct Connect gateway attachment-hours ({region})", "attachment-hour",
                     (("billed_hours", 1.0),), "transit gateway",
                     price=catalog.lookup("transit_gateway", "attachment_hour", region=region,
                                          variant=transit_gateway.VARIANTS["Direct Connect gateway"]))]
    if association.vpc_attachments:
        out.append(Component(f"TGW VPC attachment-hours ({region})", "attachment-hour",
                             (("billed_hours", float(association.vpc_attachments)),), "transit gateway",
                             price=catalog.lookup("transit_gateway", "attachment_hour", region=region,
                                                  variant=transit_gateway.VARIANTS["VPC"])))
    out.append(Component(f"TGW data processing ({region})", "GB", (("egress_gb", share), ("ingress_gb", share)),
                         "transit gateway",
                         price=catalog.lookup("transit_gateway", "data_processing", region=region,
                                              variant=transit_gateway.VARIANTS["Direct Connect gateway"])))
    for code in dict.fromkeys(ports):
        loc = dx_location(code)["code"]
        w = ports.count(code) / len(ports)
        out.append(direct_connect.transfer_out(catalog, region, loc, (("egress_gb", share * w),)))
    return out
