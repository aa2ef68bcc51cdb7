"""AWS Direct Connect (pay-as-you-go): dedicated or hosted ports, data transfer out, optional VPN backup.

* port-hours by connection type, speed and location (the location's price zone where AWS's feed does not name
  it; Japan priced apart), partial hours as full;
* data transfer out per GB by (source Region, DX location) (:mod:`vpncost.pricing.pricing_pages`);
  ports spread over several locations (``extra_locations``) carry equal shares of the traffic, each at
  its location's rate; data in free;
* a private VIF to a VGW costs nothing more; a transit VIF through a (free) DX gateway adds the
  transit gateway's DX-gateway and VPC attachment-hours and processing;
* a VPN backup is priced as its own VPN design carrying ``traffic_share`` of the traffic; on the same
  transit gateway it shares the VPC attachments.
"""
from __future__ import annotations

from vpncost.model.components import Component
from vpncost.model.resources import customer_costs, transit_gateway, vpn
from vpncost.pricing.catalog import PriceCatalog
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
    share_dx = 1.0 - (opt.backup.traffic_share if opt.backup else 0.0)
    item = f"{opt.connection}_port_hour"
    ports = opt.port_locations()
    out = []
    for code in dict.fromkeys(ports):
        loc = dx_location(code)
        n = ports.count(code)
        port = catalog.lookup("direct_connect", item, location=[loc["code"], loc["price_zone"]], variant=opt.speed)
        out.append(Component(f"DX {opt.connection} port-hours ({opt.speed} at {loc['code']})", "port-hour",
                             (("billed_hours", float(n)),), "connection", price=port))
    for code in dict.fromkeys(ports):
        # traffic is spread over the ports: each location carries its ports' share at its own rate
        loc = dx_location(code)
        w = share_dx * ports.count(code) / len(ports)
        dto = catalog.lookup("direct_connect", "data_transfer_out", region=region, location=loc["code"])
        out.append(Component(f"DX data transfer out ({region} to {loc['code']})", "GB",
                             (("egress_gb", w), ("site_to_site_gb", w)), "data transfer", price=dto))
    loc = dx_location(opt.location)
    dti = catalog.lookup("direct_connect", "data_transfer_in", region=region, location=loc["code"])
    out.append(Component("DX data transfer in", "GB", (("ingress_gb", share_dx),), "data transfer", price=dti))
    if opt.gateway == "tgw":
        out.append(transit_gateway.attachments(catalog, region, "Direct Connect gateway", 1))
        out.append(transit_gateway.attachments(catalog, region, "VPC", opt.vpc_attachments))
        out.append(transit_gateway.processing(catalog, region, share_dx, attachment="Direct Connect gateway"))
    out += customer_costs.line_items(opt.extra_monthly_usd, opt.extra_one_time_usd)
    if opt.backup:
        b = opt.backup
        shared = b.gateway == "tgw" and opt.gateway == "tgw"
        out += vpn.components(b, scenario, catalog, share=b.traffic_share, vpc_attachments=0 if shared else None,
                              prefix="Backup ")
    return out
