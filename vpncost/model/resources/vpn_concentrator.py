"""Site-to-Site VPN Concentrator: one transit gateway attachment that up to 100 sites connect to.

* Concentrator-hours (per Concentrator) and site-hours (per connected site), partial hours as full;
* the Concentrator's own transit gateway attachment, the VPC attachment(s) and TGW processing;
* data out at the Region's internet tiers, data in free.

Rates: ``vpn/concentrator_hour`` and ``vpn/concentrator_site_hour`` (single source, AWS Price List figures quoted
2026; ``data/prices_supplement.csv``). Limits (100 sites, 100 Mbps per site, 5 Gbps shared, BGP, TGW only):
:mod:`vpncost.reference.limits`.
"""
from __future__ import annotations

from vpncost.model.components import Component
from vpncost.model.resources import customer_costs, data_transfer, transit_gateway
from vpncost.pricing.catalog import PriceCatalog


def components(opt, scenario, catalog: PriceCatalog) -> list:
    """Components of a VPN Concentrator design for the scenario's sites.

    Parameters
    ----------
    opt : ConcentratorOption
        Concentrators [Concentrators], VPC attachments [attachments], customer items.
    scenario : Scenario
        Region, ``sites`` [sites], traffic and pricing options.
    catalog : PriceCatalog
        Prices.
    """
    region, t = scenario.region, scenario.traffic
    hub, attachment = shared(catalog, region, opt.concentrators)
    out = [hub, site_hours(catalog, region, scenario.sites),
           data_transfer.internet_out(catalog, region, (("egress_gb", 1.0), ("site_to_site_gb", 1.0)),
                                      other_egress_gb=t.other_internet_egress_gb, free_tier=scenario.pricing.free_tier),
           attachment]
    if opt.vpc_attachments:
        out.append(transit_gateway.attachments(catalog, region, "VPC", opt.vpc_attachments))
    out.append(transit_gateway.processing(catalog, region))
    return out + customer_costs.line_items(opt.extra_monthly_usd, opt.extra_one_time_usd)


def shared(catalog: PriceCatalog, region: str, concentrators: int) -> list:
    """What the Concentrators cost whatever connects to them: Concentrator-hours and their transit gateway
    attachments (one each).

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code.
    concentrators : int
        Concentrators [Concentrators].
    """
    hub = catalog.lookup("vpn", "concentrator_hour", region=region)
    return [Component("VPN Concentrator-hours", "concentrator-hour", (("billed_hours", float(concentrators)),),
                      "connection", price=hub),
            transit_gateway.attachments(catalog, region, "VPN", concentrators)]


def site_hours(catalog: PriceCatalog, region: str, sites: float) -> Component:
    """Site-hours of the sites connected to the Region's Concentrators.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code.
    sites : float
        Connected sites [sites].
    """
    price = catalog.lookup("vpn", "concentrator_site_hour", region=region)
    return Component("VPN Concentrator site-hours", "site-hour", (("billed_hours", float(sites)),), "connection",
                     price=price)
