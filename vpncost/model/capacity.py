"""Can an option carry the site's peak traffic and address family? Documented limits only.

The limits themselves (tunnel bandwidth, ECMP, port speeds, quotas) and their sources are in
:mod:`vpncost.reference.limits`. ``assess`` returns an :class:`Assessment`: ``reasons`` make an option
infeasible; ``warnings`` are adjustable quotas or degraded failover capacity the user should know about.
"""
from __future__ import annotations

from dataclasses import dataclass

from vpncost.reference.limits import (
    ACCELERATED_CONNECTIONS_QUOTA,
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
    cap = SPEED_MBPS[option.speed] * option.count
    reasons, warnings = [], []
    if peak > cap:
        reasons.append(f"peak {peak:,.0f} Mbps exceeds {cap:,.0f} Mbps of Direct Connect "
                       f"({option.count} x {option.speed})")
    if option.backup:
        bcap, breasons, bwarn = _vpn_checks(option.backup, scenario, "backup VPN: ", 0.0)
        reasons += breasons
        warnings += bwarn
        if peak > bcap:
            warnings.append(f"backup VPN carries at most {bcap:,.0f} Mbps of the {peak:,.0f} Mbps peak "
                            "while Direct Connect is down")
    return Assessment(cap, tuple(reasons), tuple(warnings))
