"""Can an option carry the site's peak traffic and address family? Documented limits only.

The limits themselves (tunnel bandwidth, ECMP, port speeds, quotas) and their sources are in
:mod:`vpncost.reference.limits`. ``assess`` returns an :class:`Assessment`: ``reasons`` make an option
infeasible; ``warnings`` are adjustable quotas or degraded failover capacity the user should know about.
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


@dataclass(frozen=True)
class Assessment:
    """Capacity [Mbps] of an option and why it cannot (``reasons``) or may not (``warnings``) fit."""

    capacity_mbps: float
    reasons: tuple = ()
    warnings: tuple = ()

    @property
    def feasible(self) -> bool:
        return not self.reasons


def _vpn_checks(settings, scenario, label: str, peak: float) -> tuple:
    reasons, warnings = [], []
    cap = vpn_capacity_mbps(settings.gateway, settings.routing, settings.tunnel, settings.connections)
    if peak > cap:
        why = {("vgw", "bgp"): "a VGW uses one tunnel and has no ECMP",
               ("vgw", "static"): "a VGW uses one tunnel and has no ECMP",
               ("tgw", "static"): "ECMP on a TGW needs BGP routing; static routing uses one tunnel",
               }.get((settings.gateway, settings.routing), "ECMP across both tunnels of each connection")
        reasons.append(f"{label}peak {peak:,.0f} Mbps exceeds {cap:,.0f} Mbps ({why}; "
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
    peak = scenario.traffic.peak_mbps
    if option.type == "vpn":
        cap, reasons, warnings = _vpn_checks(option, scenario, "", peak)
        return Assessment(cap, tuple(reasons), tuple(warnings))
    if option.type == "vpn_concentrator":
        return _concentrator(option, scenario, peak)
    cap = SPEED_MBPS[option.speed] * option.count
    reasons, warnings = [], []
    if peak > cap:
        reasons.append(f"peak {peak:,.0f} Mbps exceeds {cap:,.0f} Mbps of Direct Connect "
                       f"({option.count} x {option.speed})")
    warnings += _switches(option.billing_switch_months)
    if option.backup:
        bcap, breasons, bwarn = _vpn_checks(option.backup, scenario, "backup VPN: ", 0.0)
        reasons += breasons
        warnings += bwarn
        if peak > bcap:
            warnings.append(f"backup VPN carries at most {bcap:,.0f} Mbps of the {peak:,.0f} Mbps peak "
                            "while Direct Connect is down")
    return Assessment(cap, tuple(reasons), tuple(warnings))


def _concentrator(option, scenario, peak: float) -> Assessment:
    """A Concentrator: 100 Mbps per site, 5 Gbps shared, 100 sites each; IPv6 like any TGW VPN."""
    reasons, warnings = [], []
    sites, n = scenario.sites, option.concentrators
    if sites > CONCENTRATOR_SITES * n:
        need = -(-sites // CONCENTRATOR_SITES)
        reasons.append(f"{sites} sites exceed {CONCENTRATOR_SITES * n} ({CONCENTRATOR_SITES} per Concentrator); "
                       f"use concentrators: {need}")
    if peak > CONCENTRATOR_SITE_MBPS:
        reasons.append(f"peak {peak:,.0f} Mbps exceeds {CONCENTRATOR_SITE_MBPS:,.0f} Mbps per site on a VPN Concentrator")
    shared = CONCENTRATOR_MBPS * n
    per_site = min(CONCENTRATOR_SITE_MBPS, shared / sites)
    if peak * sites > shared:
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
