"""AWS Direct Connect (pay-as-you-go): dedicated or hosted ports, data transfer out, optional VPN backup.

* port-hours by connection type, speed and location (the location's price zone where AWS's feed does not name
  it; Japan priced apart), partial hours as full;
* data transfer out per GB by (source Region, DX location) (:mod:`vpncost.pricing.pricing_pages`);
  ports spread over several locations (``extra_locations``) carry equal shares of the traffic, each at
  its location's rate; data in free;
* a private VIF to a VGW costs nothing more; a transit VIF through a (free) DX gateway adds the
  transit gateway's DX-gateway and VPC attachment-hours and processing;
* a VPN backup is priced as its own VPN design carrying ``traffic_share`` of the traffic, or all of it when
  its routes outrank Direct Connect's (a static VPN route on a transit gateway,
  :mod:`vpncost.reference.route_order`); on the same transit gateway it shares the VPC attachments;
* flat-rate billing (:mod:`vpncost.reference.flat_rate`): a port pair (or single port) per tier and speed, data
  out from the tier's Regions included, from any other Region at the pay-as-you-go rate; TGW charges still apply;
* SiteLink: a SiteLink-enabled VIF per location and a per-GB rate between the locations' countries for the
  site-to-site traffic, which then no longer crosses the Region.
"""
from __future__ import annotations

from vpncost.errors import PriceNotFoundError
from vpncost.model.components import Component
from vpncost.model.resources import customer_costs, transit_gateway, vpn
from vpncost.pricing.catalog import Price, PriceCatalog
from vpncost.reference import flat_rate
from vpncost.reference.regions import dx_location


def components(opt, scenario, catalog: PriceCatalog) -> list:
    """Components of a Direct Connect option (and its VPN backup) for the scenario.

    Parameters
    ----------
    opt : DirectConnectOption
        Connection type, speed, ``count`` [ports], location, gateway, backup, customer items.
    scenario : Scenario
        Region and traffic.
    catalog : PriceCatalog
        Prices.
    """
    region = scenario.region
    share_dx = 1.0 - opt.backup_share()
    ports = opt.port_locations()
    flat = flat_rate.resolve(opt.location, opt.speed, region, opt.tier, opt.included_regions) \
        if opt.billing == "flat_rate" else None
    out = flat_rate_port_hours(opt, catalog, flat) if flat else _ports(opt, catalog, ports)
    # site-to-site traffic between the locations crosses SiteLink, not the Region
    carried = (("egress_gb", 1.0),) if opt.sitelink else (("egress_gb", 1.0), ("site_to_site_gb", 1.0))
    for code in dict.fromkeys(ports):
        # traffic is spread over the ports: each location carries its ports' share at its own rate
        loc = dx_location(code)
        w = share_dx * ports.count(code) / len(ports)
        drivers = tuple((d, w * c) for d, c in carried)
        if flat and region in flat[1]:
            out.append(included_transfer_out(region, loc["code"], flat, drivers))
            continue
        out.append(transfer_out(catalog, region, loc["code"], drivers))
    loc = dx_location(opt.location)
    dti = catalog.lookup("direct_connect", "data_transfer_in", region=region, location=loc["code"])
    out.append(Component("DX data transfer in", "GB", (("ingress_gb", share_dx),), "data transfer", price=dti))
    if opt.sitelink:
        out += _sitelink(opt, catalog, share_dx)
    if opt.gateway == "tgw":
        out.append(transit_gateway.attachments(catalog, region, "Direct Connect gateway", 1))
        out.append(transit_gateway.attachments(catalog, region, "VPC", opt.vpc_attachments))
        out.append(transit_gateway.processing(catalog, region, share_dx, attachment="Direct Connect gateway",
                                              site_to_site=not opt.sitelink))
    out += customer_costs.line_items(opt.extra_monthly_usd, opt.extra_one_time_usd)
    if opt.backup:
        b = opt.backup
        shared = b.gateway == "tgw" and opt.gateway == "tgw"
        out += vpn.components(b, scenario, catalog, share=opt.backup_share(), vpc_attachments=0 if shared else None,
                              prefix="Backup ")
    return out


def _ports(opt, catalog: PriceCatalog, ports: list) -> list:
    return port_hours(catalog, opt.connection, opt.speed, ports)


def port_hours(catalog: PriceCatalog, connection: str, speed: str, ports: list) -> list:
    """Port-hours of ports at one or more locations, one component per location.

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    connection : str
        ``dedicated`` or ``hosted``.
    speed : str
        Port speed (``1G``, ``10G``, ...).
    ports : list of str
        One location code per port [location codes].
    """
    item = f"{connection}_port_hour"
    out = []
    for code in dict.fromkeys(ports):
        loc = dx_location(code)
        port = catalog.lookup("direct_connect", item, location=[loc["code"], loc["price_zone"]], variant=speed)
        out.append(Component(f"DX {connection} port-hours ({speed} at {loc['code']})", "port-hour",
                             (("billed_hours", float(ports.count(code))),), "connection", price=port))
    return out


def transfer_out(catalog: PriceCatalog, region: str, location: str, drivers: tuple) -> Component:
    """Direct Connect data transfer out by (the Region the data leaves from, the location).

    Parameters
    ----------
    catalog : PriceCatalog
        Prices.
    region : str
        Region code the data leaves from.
    location : str
        Direct Connect location code.
    drivers : tuple of (str, float)
        Usage drivers and their coefficients [-].
    """
    dto = catalog.lookup("direct_connect", "data_transfer_out", region=region, location=location)
    return Component(f"DX data transfer out ({region} to {location})", "GB", drivers, "data transfer", price=dto)


def included_transfer_out(region: str, location: str, flat: tuple, drivers: tuple) -> Component:
    """Direct Connect data transfer out from a Region of the port's flat-rate tier: included, at $0.

    Parameters
    ----------
    region : str
        Region code the data leaves from (one of the tier's).
    location : str
        Direct Connect location code.
    flat : tuple
        ``(tier, included Regions, basis)`` from :func:`vpncost.reference.flat_rate.resolve`.
    drivers : tuple of (str, float)
        Usage drivers and their coefficients [-].
    """
    free = Price(("direct_connect", "data_transfer_out", region, location, "flat_rate"), "GB", (0.0,),
                 (float("inf"),), (0.0,), "sourced" if flat[2].startswith("published") else "assumed",
                 f"included in flat-rate tier {flat[0]} ({flat[2]})", "2026-09-16")
    return Component(f"DX data transfer out ({region} to {location}, in flat-rate tier {flat[0]})", "GB", drivers,
                     "data transfer", price=free)


def flat_rate_port_hours(opt, catalog: PriceCatalog, flat: tuple) -> list:
    """Flat-rate port-hours: a port pair billed as one (the second port free), or single ports.

    Parameters
    ----------
    opt : DirectConnectOption or a network's DirectConnectSpec
        ``speed``, ``location``, ``port_pair``, ``count`` [ports].
    catalog : PriceCatalog
        Prices.
    flat : tuple
        ``(tier, included Regions, basis)`` from :func:`vpncost.reference.flat_rate.resolve`.
    """
    tier = flat[0]
    item = "flat_rate_port_pair_hour" if opt.port_pair else "flat_rate_port_hour"
    variant = f"{opt.speed}-tier{tier}"
    what = "port pair" if opt.port_pair else "port"
    try:
        price = catalog.lookup("direct_connect", item, location=[opt.location], variant=variant)
    except PriceNotFoundError:
        raise PriceNotFoundError(
            f"no published flat-rate price for a {opt.speed} tier-{tier} {what}: AWS quotes it; add the quote as an "
            f"override row: direct_connect,{item},*,*,{variant},<USD per hour>") from None
    units = 1.0 if opt.port_pair else float(opt.count)
    return [Component(f"DX flat-rate {what}-hours ({opt.speed} tier {tier} at {opt.location})", "port-hour",
                      (("billed_hours", units),), "connection", price=price)]


def _sitelink(opt, catalog: PriceCatalog, share: float) -> list:
    """SiteLink: a SiteLink-enabled virtual interface per location, and the data between the locations."""
    locs = list(dict.fromkeys([opt.location, *opt.extra_locations]))
    vif = catalog.lookup("direct_connect", "sitelink_vif_hour")
    pair = "-".join(sorted({str(dx_location(code)["country"]) for code in locs[:2]})) or "*"
    try:
        data = catalog.lookup("direct_connect", "sitelink_data", location=[pair])
    except PriceNotFoundError:
        raise PriceNotFoundError(f"no SiteLink data rate between {pair.replace('-', ' and ')} in the price table; add it "
                                 f"as an override row: direct_connect,sitelink_data,*,{pair},*,<USD per GB>") from None
    return [Component("DX SiteLink VIF-hours", "vif-hour", (("billed_hours", float(len(locs))),), "connection",
                      price=vif),
            Component(f"DX SiteLink data ({pair})", "GB", (("site_to_site_gb", share),), "data transfer", price=data)]
