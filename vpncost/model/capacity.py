"""Can an option carry the site's traffic and address family? Documented limits only.

The limits themselves (tunnel bandwidth, ECMP, port speeds, quotas) and their sources are in
:mod:`vpncost.reference.limits`. ``assess`` returns an :class:`Assessment`: ``reasons`` make an option
infeasible; ``warnings`` are adjustable quotas or degraded failover capacity the user should know about.

The rate an option must carry (:func:`demand`) comes from the peak *and* from the volume: a month's gigabytes
imply an average rate, and no peak can be below it. 10 PB a month is about 30 Gbit/s on average, whatever
``peak_mbps`` says, so a 5 Gbps port cannot carry it. Per direction (egress, ingress; site-to-site traffic adds to
both, as it enters AWS from one site and leaves to another):

==================  ==========================================================================================
rate                rule
==================  ==========================================================================================
average [Mbit/s]    GB x 8,000 / (hours x 3,600): GB read as 10^9 bytes, the smaller of the two readings, so
                    the floor is never overstated
per site            the direction's average / ``sites`` (like sites); checked against a per-site capacity
                    (VPN connections, a Concentrator's 100 Mbps per site)
all sites           the direction's average; checked against shared capacity (Direct Connect ports, a
                    Concentrator's 5 Gbps)
peak per site       ``peak_mbps`` when given, never below the per-site average; when not given, the per-site
                    average x ``traffic.peak_to_average`` (default 1: the average alone, no assumed burstiness)
==================  ==========================================================================================
"""
from __future__ import annotations

from dataclasses import dataclass

from vpncost.reference.limits import (
    ACCELERATED_CONNECTIONS_QUOTA,
    CONCENTRATOR_MBPS,
    CONCENTRATOR_SITE_MBPS,
    CONCENTRATOR_SITES,
    FLAT_RATE_SWITCHES,
    SPEED_MBPS,
    TUNNEL_MBPS,
    VGW_CONNECTIONS_QUOTA,
    vpn_capacity_mbps,
    vpn_connections,
)


MBIT_PER_GB = 8_000.0   # 10^9 bytes x 8 bits
SECONDS_PER_HOUR = 3_600.0


def average_mbps(gb, hours):
    """The average rate a volume implies over a period.

    Parameters
    ----------
    gb : float or array
        Volume in the period [GB].
    hours : float
        The period [h].

    Returns
    -------
    float or array
        Average rate [Mbit/s].
    """
    return gb * MBIT_PER_GB / (hours * SECONDS_PER_HOUR)


@dataclass(frozen=True)
class Demand:
    """What an option must carry [Mbit/s]: per site and for all sites, and the reason for each figure."""

    site_mbps: float        # the busiest site's rate: its peak, never below its average
    total_mbps: float       # all sites together, through shared capacity: never below the busiest site's
    site_basis: str         # "peak 2,400 Mbps" or "30,441 Mbps on average (egress 10,000,000 GB in 730 h; ...)"
    total_basis: str


def demand(scenario) -> Demand:
    """The rates an option must carry, from the peak and from the period's volumes (module docstring).

    Parameters
    ----------
    scenario : Scenario
        ``traffic`` (volumes [GB] in ``hours`` [h], ``peak_mbps`` [Mbit/s], ``peak_to_average`` [-]), ``sites``.

    Returns
    -------
    Demand
        Per-site and all-sites rates [Mbit/s], each with what it comes from.
    """
    t, hours, sites = scenario.traffic, scenario.hours, max(1, scenario.sites)
    directions = {"egress": t.egress_gb + t.site_to_site_gb, "ingress": t.ingress_gb + t.site_to_site_gb}
    name, gb = max(directions.items(), key=lambda kv: kv[1])
    total_avg = average_mbps(gb, hours)
    site_avg = total_avg / sites
    what = f"{name} {gb:,.0f} GB in {hours:,.0f} h"
    per = " per site" if sites > 1 else ""
    if t.peak_mbps > 0 and t.peak_mbps >= site_avg:
        site, site_basis = t.peak_mbps, f"peak {t.peak_mbps:,.0f} Mbps"
    elif t.peak_mbps > 0:
        site = site_avg
        site_basis = f"{site_avg:,.0f} Mbps on average{per} ({what}; above the {t.peak_mbps:,.0f} Mbps peak given)"
    else:
        site = site_avg * t.peak_to_average
        site_basis = (f"{site_avg:,.0f} Mbps on average{per} ({what})" if t.peak_to_average == 1 else
                      f"{site:,.0f} Mbps ({site_avg:,.0f} Mbps on average{per}, {what}, x {t.peak_to_average:g} "
                      "peak-to-average)")
    if total_avg > site:
        total, total_basis = total_avg, f"{total_avg:,.0f} Mbps on average for all {sites} sites ({what})"
    else:
        total, total_basis = site, site_basis
    return Demand(site, total, site_basis, total_basis)


@dataclass(frozen=True)
class Assessment:
    """Capacity [Mbps] of an option and why it cannot (``reasons``) or may not (``warnings``) fit."""

    capacity_mbps: float
    reasons: tuple = ()
    warnings: tuple = ()

    @property
    def feasible(self) -> bool:
        return not self.reasons


def _vpn_checks(settings, scenario, label: str, peak: float, basis: str = "") -> tuple:
    reasons, warnings = [], []
    cap = vpn_capacity_mbps(settings.gateway, settings.routing, settings.tunnel, settings.connections)
    if peak > cap:
        why = {("vgw", "bgp"): "a VGW uses one tunnel and has no ECMP",
               ("vgw", "static"): "a VGW uses one tunnel and has no ECMP",
               ("tgw", "static"): "ECMP on a TGW needs BGP routing; static routing uses one tunnel",
               }.get((settings.gateway, settings.routing), "ECMP across both tunnels of each connection")
        reasons.append(f"{label}{basis or f'peak {peak:,.0f} Mbps'} exceeds {cap:,.0f} Mbps ({why}; "
                       f"{TUNNEL_MBPS[settings.tunnel]:,.0f} Mbps per {settings.tunnel} tunnel)")
    if scenario.traffic.ipv6 and settings.gateway == "vgw":
        reasons.append(f"{label}IPv6 traffic: a VGW VPN carries IPv4 only (use a transit gateway)")
    n = vpn_connections(settings.connections, scenario.sites)
    if settings.gateway == "vgw" and n > VGW_CONNECTIONS_QUOTA:
        warnings.append(f"{label}{n} VPN connections on one VGW exceed the default quota of "
                        f"{VGW_CONNECTIONS_QUOTA} (adjustable: request an increase)")
    if getattr(settings, "replaces_existing", False):
        why = ("acceleration cannot be turned on for an existing connection: a new connection replaces it; "
               if settings.accelerated else "")
        warnings.append(f"{label}{why}the cut-over is a customer-initiated change that takes both tunnels down "
                        f"(about {settings.cutover_minutes:g} min of downtime)")
    if settings.accelerated and n > ACCELERATED_CONNECTIONS_QUOTA:
        warnings.append(f"{label}{n} accelerated connections exceed the default quota of "
                        f"{ACCELERATED_CONNECTIONS_QUOTA} per Region (adjustable)")
    return cap, reasons, warnings


def assess(option, scenario) -> Assessment:
    """Feasibility of one scenario option against the site's peak traffic and IPv6 need.

    Parameters
    ----------
    option : VpnOption or DirectConnectOption
        A validated scenario option.
    scenario : Scenario
        Its scenario (``traffic.peak_mbps`` [Mbit/s], ``traffic.ipv6``, ``sites``).

    Returns
    -------
    Assessment
        Capacity [Mbit/s], the reasons it cannot carry the traffic, and warnings (quotas, backup capacity).
    """
    need = demand(scenario)
    peak = need.site_mbps
    if option.type == "vpn":
        cap, reasons, warnings = _vpn_checks(option, scenario, "", peak, need.site_basis)
        return Assessment(cap, tuple(reasons), tuple(warnings))
    if option.type == "vpn_concentrator":
        return _concentrator(option, scenario, need)
    cap = SPEED_MBPS[option.speed] * option.count
    reasons, warnings = [], []
    if need.total_mbps > cap:
        reasons.append(f"{need.total_basis} exceeds {cap:,.0f} Mbps of Direct Connect "
                       f"({option.count} x {option.speed})")
    warnings += _switches(option.billing_switch_months)
    if option.backup:
        # in normal operation the backup carries its share of the traffic: traffic_share, or all of it when its
        # routes outrank Direct Connect's (route_order.backup_carries_traffic)
        share = option.backup_share()
        bpeak = need.site_mbps * share
        bbasis = (need.site_basis if share == 1 else f"{share:g} of {need.site_basis}") if share else ""
        if share == 1 and option.backup.traffic_share < 1:
            warnings.append("backup VPN carries all the traffic while Direct Connect is up: a static route to a VPN "
                            "attachment outranks the routes Direct Connect propagates on a transit gateway (priced "
                            "so; use BGP on the VPN, or advertise a more specific prefix over Direct Connect)")
        bcap, breasons, bwarn = _vpn_checks(option.backup, scenario, "backup VPN: ", bpeak, bbasis)
        reasons += breasons
        warnings += bwarn
        if need.site_mbps > bcap and share < 1:  # else a reason already says so
            of = (f"the {need.site_mbps:,.0f} Mbps peak" if need.site_basis.startswith("peak") else need.site_basis)
            warnings.append(f"backup VPN carries at most {bcap:,.0f} Mbps of {of} while Direct Connect is down")
        if share == 1:  # what carries the traffic in normal operation
            cap = bcap
    return Assessment(cap, tuple(reasons), tuple(warnings))


def _concentrator(option, scenario, need: Demand) -> Assessment:
    """A Concentrator: 100 Mbps per site, 5 Gbps shared, 100 sites each; IPv6 like any TGW VPN."""
    reasons, warnings = [], []
    peak = need.site_mbps
    sites, n = scenario.sites, option.concentrators
    if sites > CONCENTRATOR_SITES * n:
        needed = -(-sites // CONCENTRATOR_SITES)
        reasons.append(f"{sites} sites exceed {CONCENTRATOR_SITES * n} ({CONCENTRATOR_SITES} per Concentrator); "
                       f"use concentrators: {needed}")
    if peak > CONCENTRATOR_SITE_MBPS:
        reasons.append(f"{need.site_basis} exceeds {CONCENTRATOR_SITE_MBPS:,.0f} Mbps per site on a VPN Concentrator")
    shared = CONCENTRATOR_MBPS * n
    per_site = min(CONCENTRATOR_SITE_MBPS, shared / sites)
    if need.total_mbps > shared and need.total_basis != need.site_basis:
        reasons.append(f"{need.total_basis} exceeds the {shared:,.0f} Mbps a Concentrator shares")
    elif peak * sites > shared:
        warnings.append(f"{sites} sites at their {peak:,.0f} Mbps peak together ({peak * sites:,.0f} Mbps) would exceed "
                        f"the {shared:,.0f} Mbps a Concentrator shares; fine only if peaks do not coincide")
    return Assessment(per_site, tuple(reasons), tuple(warnings))


def _switches(months) -> list:
    """A flat-rate plan that changes billing mode more than AWS allows in any six months."""
    months = sorted(months)
    for i, start in enumerate(months):
        window = [m for m in months[i:] if m < start + 6]
        if len(window) > FLAT_RATE_SWITCHES:
            return [f"billing mode changed {len(window)} times in the six months from month {start}; AWS allows at "
                    f"most {FLAT_RATE_SWITCHES} changes in six months"]
    return []
