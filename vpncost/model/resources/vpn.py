"""Site-to-Site VPN on a virtual private gateway (VGW) or a transit gateway (TGW), optionally accelerated.

Priced per connection-hour (two tunnels per connection; partial hours billed as full; standard or 5 Gbps
"large" tunnels), data out at the Region's internet data-transfer tiers, data in free. A VGW has no charge of
its own; a TGW adds its attachment-hours and per-GB processing; Cloud WAN (``gateway: cloudwan``) adds a core
network edge, its attachments and processing; acceleration (TGW only) adds two accelerators per connection and
the DT-Premium. A connection that replaces one in service pays the old one's connection-hours and gateway
attachment during the overlap.
"""
from __future__ import annotations

import math
from dataclasses import replace

from vpncost.model.components import Component
from vpncost.model.resources import cloud_wan, customer_costs, data_transfer, global_accelerator, transit_gateway
from vpncost.pricing.catalog import PriceCatalog
from vpncost.reference.limits import vpn_connections


def components(settings, scenario, catalog: PriceCatalog, *, share: float = 1.0, vpc_attachments: "int | None" = None,
               prefix: str = "") -> list:
    """Components of a VPN design carrying ``share`` of the scenario's traffic.

    Parameters
    ----------
    settings : VpnOption or VpnBackup
        Gateway, connections per site, tunnel size, routing, acceleration, customer items.
    scenario : Scenario
        Region, sites, traffic, pricing options.
    catalog : PriceCatalog
        Prices.
    share : float
        Share of the scenario's traffic this VPN carries [-] (a backup: ``traffic_share``).
    vpc_attachments : int, optional
        TGW VPC attachments counted [attachments]; 0 when another part of the same design already pays for
        them on the same transit gateway.
    prefix : str
        Put before each component name.
    """
    region = scenario.region
    n = vpn_connections(settings.connections, scenario.sites)
    price = catalog.lookup("vpn", "connection_hour", region=region, variant=settings.tunnel)
    out = [Component(f"VPN connection-hours ({settings.tunnel} tunnels)", "connection-hour",
                     (("billed_hours", float(n)),), "connection", price=price)]
    t = scenario.traffic
    out.append(data_transfer.internet_out(
        catalog, region, (("egress_gb", share), ("site_to_site_gb", share)),
        other_egress_gb=t.other_internet_egress_gb, free_tier=scenario.pricing.free_tier,
        ))
    if settings.gateway == "tgw":
        out.append(transit_gateway.attachments(catalog, region, "VPN", n))
        vpcs = settings.vpc_attachments if vpc_attachments is None else vpc_attachments
        if vpcs:
            out.append(transit_gateway.attachments(catalog, region, "VPC", vpcs))
        out.append(transit_gateway.processing(catalog, region, share))
    elif settings.gateway == "cloudwan":
        out.append(cloud_wan.core_network_edge(catalog, region))
        out.append(cloud_wan.attachments(catalog, region, "VPN", n))
        vpcs = settings.vpc_attachments if vpc_attachments is None else vpc_attachments
        if vpcs:
            out.append(cloud_wan.attachments(catalog, region, "VPC", vpcs))
        out.append(cloud_wan.processing(catalog, region, share))
    if settings.accelerated:
        from vpncost.reference.locations import site_edge_group
        from vpncost.reference.regions import region as region_row

        out.append(global_accelerator.fixed_fee(catalog, n))
        row = region_row(region)
        out.append(global_accelerator.dt_premium(catalog, row["ga_group"], site_edge_group(scenario.site, region),
                                                 share, row["ga_group_basis"]))
    if getattr(settings, "replaces_existing", False) and settings.migration_overlap_hours:
        # acceleration cannot be switched on in place: the old connection runs beside the new one, with its own
        # gateway attachment (the old connection's tunnel size is taken to be the new one's)
        overlap = (("once", float(n) * math.ceil(settings.migration_overlap_hours)),)
        out.append(Component("Migration: existing connection-hours during overlap", "connection-hour", overlap,
                             "connection", price=price))
        attachment = {"tgw": lambda: transit_gateway.attachments(catalog, region, "VPN", 1),
                      "cloudwan": lambda: cloud_wan.attachments(catalog, region, "VPN", 1)}.get(settings.gateway)
        if attachment:
            a = attachment()
            out.append(replace(a, name=f"Migration: existing {a.name.split(' attachment')[0]} attachment-hours during "
                                       "overlap", drivers=overlap))
    out += customer_costs.line_items(settings.extra_monthly_usd, settings.extra_one_time_usd)
    return [c if c.name.startswith(prefix) else replace(c, name=prefix + c.name) for c in out]
