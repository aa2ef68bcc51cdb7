"""Price a network: every site's traffic follows the path the design gives it, each hop billed as AWS bills it,
every shared resource billed once.

:func:`build` compiles a validated :class:`~vpncost.network.Network` into priced *lines*: a
:class:`~vpncost.model.components.Component` from the same resource modules a scenario uses
(:mod:`~vpncost.model.resources`), tagged with the account that pays it, the Region it is billed in, the site
it serves (empty for a shared resource) and the resource it belongs to. A line's quantity is a linear
combination of the network's variables (the period's billed hours, months and one-time share, and each site's
GB with each Region, per site), so pricing is one sparse product and a sweep of one variable is vectorised.

Paths (which connection carries a site's traffic with a Region)
----------------------------------------------------------------
:meth:`vpncost.network.Network.route`: direct paths (a VPN to the Region's gateway, a Direct Connect whose
gateway is associated with it, the Region's VPN Concentrator) ranked by AWS's route order at that gateway
(:mod:`vpncost.reference.route_order`: Direct Connect over BGP VPN, a static VPN route on a transit gateway over
Direct Connect), then not ``backup``, then the order listed; a path over a peering (or between Cloud WAN edges),
from a connection that ends on a transit gateway or Cloud WAN edge, when no direct path is a primary and it is.
A Region no connection reaches is refused, naming the site and the Region. Prefix lengths are taken to be equal.

Billing rules (sources are keys of ``data/sources.csv``)
--------------------------------------------------------
=================================  ==========================================================  ===============
charge                             rule                                                        source
=================================  ==========================================================  ===============
Direct Connect port-hours          once per declared connection (``count`` ports), whatever    DX-UG, pricing-
                                   sites and Regions use it, to its ``account``; flat rate:    pages, SP
                                   the pair once, data out from the tier's Regions included
DX gateway attachment-hours        one per Direct Connect gateway and associated transit       AE-TGW, TGW-UG
                                   gateway (connections naming one gateway share it), to the
                                   transit gateway's owner
DX data transfer out               per GB by (the Region the data leaves from, the location);  WP, pricing-
                                   to the owner of that Region's gateway (the sender)          pages
internet data transfer out         per GB leaving from the VPN's Region; tiers per month over  BILL-VOL, WP
                                   the consolidated bill (``payer``) and Region; the 100 GB
                                   free tier (``pricing.free_tier``) once per payer across
                                   Regions that have one, shared in proportion to volume
transit gateway / Cloud WAN        per GB entering from a VPC, VPN or DX gateway attachment,   AE-TGW, TGW-UG
processing                         none from a peering, none on a VGW: traffic to a site in
                                   the Region of its VPCs, traffic from a site where it
                                   enters AWS; to the owner of the attachment it enters from
inter-Region data transfer         per GB on the sending Region at its rate to the receiver    CUR-DT, pricing-
                                   (peering, Cloud WAN between edges, ``inter_region``), to    pages
                                   the sending gateway's owner
peering attachment-hours           each transit gateway owner pays its side                    AE-TGW
VPC attachments                    once per Region, to the VPCs' owner (``regions.R.account``) pricing-pages
core network edges, Concentrators  once per Region, to the gateway's owner; a Concentrator's   pricing-pages,
                                   site-hours per site                                         PL-2026
VPN connections                    per site as a scenario prices them (:mod:`~vpncost.model.   VPN-UG
                                   resources.vpn`), backups included (they are billed idle)
site-to-site traffic               enters the hub once (processed there) and leaves towards    AE-TGW, WP
                                   the other site as data out, as in a scenario
=================================  ==========================================================  ===============

AWS's wording on whether paid internet tiers aggregate *across Regions* was not found (BILL-VOL says usage of all
accounts is combined; each Region bills its own usage type), so tiers are per Region: an assumption, stated in
the output's notes. Transit gateway metering policies (flexible cost allocation) are not applied here.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from vpncost.errors import ScenarioError
from vpncost.model import capacity
from vpncost.model.allocation import split_cents
from vpncost.network import ConcentratorConnect, DxConnect, Route
from vpncost.model.components import Component, one_time_term_hours
from vpncost.model.resources import (
    cloud_wan,
    customer_costs,
    data_transfer,
    direct_connect,
    transit_gateway,
    tgw_peering,
    vpn,
    vpn_concentrator,
)
from vpncost.pricing.catalog import PriceCatalog, tier_label, tier_quantities, tiered_cost
from vpncost.speed import paused_gc
from vpncost.reference.limits import (
    CONCENTRATOR_MBPS,
    CONCENTRATOR_SITE_MBPS,
    CONCENTRATOR_SITES,
    SPEED_MBPS,
    vpn_capacity_mbps,
)

HOURS, MONTHS, ONCE = 0, 1, 2
FIXED = {"billed_hours": HOURS, "months": MONTHS, "once": ONCE}
COLUMNS = ("account", "payer", "region", "site", "resource", "component", "tier", "group", "category", "service",
           "quantity", "unit", "rate_usd", "cost_usd", "price_status", "assumed", "source", "as_of")
RULES = ("traffic", "even")   # how a shared resource's cost is split among the sites that use it
TIER_NOTE = ("internet data transfer out tiers are applied per payer and Region (AWS's wording on aggregating paid "
             "tiers across Regions was not found)")


class Line(NamedTuple):
    """One priced line: a component, who pays it, where, for whom, and its quantity as ``terms``
    (``((variable, coefficient), ...)``; quantity [unit] = sum of coefficient x variable)."""

    account: str
    payer: str
    region: str
    site: str
    resource: str
    component: Component
    terms: tuple
    pooled: bool = False   # a tiered internet-out line: tiers applied over its (payer, Region) pool


@dataclass(frozen=True)
class _Context:
    """What :func:`vpncost.model.resources.vpn.components` reads of a scenario, for one site of a network."""

    region: str
    sites: int
    site: object
    traffic: object = None
    pricing: object = None


class _Memo:
    """A price catalog that resolves each distinct lookup once (a network repeats the same few thousand times)."""

    def __init__(self, catalog: PriceCatalog):
        self._catalog, self._seen = catalog, {}

    def lookup(self, *args, **kw):
        key = (args, *((k, tuple(v) if isinstance(v, list) else v) for k, v in kw.items()))
        if key not in self._seen:
            self._seen[key] = self._catalog.lookup(*args, **kw)
        return self._seen[key]

    def __getattr__(self, name):
        return getattr(self._catalog, name)


@dataclass(frozen=True)
class _NoExtras:
    other_internet_egress_gb: float = 0.0
    free_tier: bool = False


@dataclass
class NetworkModel:
    """A network compiled against a price catalog: its lines, variables and capacity checks."""

    network: object
    catalog: PriceCatalog
    lines: list
    variables: list          # names: ("hours",), ("egress_gb", site, region), ("inter_region", i) ...
    x0: np.ndarray           # the file's values of the variables
    through: dict            # resource -> {site: terms of the site's GB through it}
    users: dict              # resource -> [sites that use it]
    checks: pd.DataFrame
    paths: pd.DataFrame
    warnings: tuple = ()
    _cache: dict = field(default_factory=dict, repr=False)

    # -- arithmetic -------------------------------------------------------------------------------------------
    def _arrays(self):
        if "arrays" not in self._cache:
            rows, cols, vals = [], [], []
            for k, line in enumerate(self.lines):
                for var, coef in line.terms:
                    rows.append(k)
                    cols.append(var)
                    vals.append(coef)
            rates = np.array([0.0 if ln.pooled else (ln.component.price.rate if ln.component.price
                                                     else ln.component.usd) for ln in self.lines])
            pools: dict = {}
            for k, ln in enumerate(self.lines):
                if ln.pooled:
                    pools.setdefault((ln.payer, ln.region), []).append(k)
            self._cache["arrays"] = (np.array(rows, int), np.array(cols, int), np.array(vals, float), rates, pools)
        return self._cache["arrays"]

    def quantities(self, x: "np.ndarray | None" = None) -> np.ndarray:
        """Quantity of every line [its unit] for variable values ``x`` (default: the file's).

        Parameters
        ----------
        x : numpy.ndarray, optional
            Variable values, shape (variables,) or (variables, k) for ``k`` cases at once.
        """
        x = self.x0 if x is None else np.asarray(x, float)
        rows, cols, vals, _, _ = self._arrays()
        n = len(self.lines)
        if x.ndim == 1:
            return np.bincount(rows, weights=vals * x[cols], minlength=n)
        out = np.zeros((n, x.shape[1]))
        np.add.at(out, rows, vals[:, None] * x[cols])
        return out

    def _months(self) -> float:
        net = self.network
        return max(1.0, net.hours / net.hours_per_month)

    def line_costs(self, x: "np.ndarray | None" = None) -> np.ndarray:
        """Cost of every line [USD per period]; a pooled line carries its share of its pool's tiered charge
        (AWS allocates the volume discount by usage: BILL-VOL).

        Parameters
        ----------
        x : numpy.ndarray, optional
            Variable values, as for :meth:`quantities`.
        """
        q = self.quantities(x)
        rates = self._arrays()[3]
        cost = q * (rates if q.ndim == 1 else rates[:, None])
        m = self._months()
        for _, idx, total, free in self._pools(q):
            p = self.lines[idx[0]].component.price
            charge = m * np.asarray(tiered_cost(np.maximum(0.0, total / m - free), p.tier_start, p.tier_end, p.usd))
            w = np.divide(q[idx], total, out=np.zeros_like(q[idx]), where=np.asarray(total) > 0)
            cost[idx] = w * charge
        return cost

    def _pools(self, q: np.ndarray) -> list:
        """The internet tier pools, one per (payer, Region), for line quantities ``q``: ``(key, line indices,
        total [GB per period], the pool's part of its payer's free tier [GB/month])``. The one place both
        :meth:`line_costs` and :meth:`breakdown` read the tiers from: the free tier is the payer's, shared by its
        Regions that have one in proportion to their volume."""
        pools = self._arrays()[4]
        by_payer: dict = {}
        for (payer, region), idx in pools.items():
            if self._free_gb(region):
                by_payer[payer] = by_payer.get(payer, 0.0) + q[idx].sum(axis=0)
        out = []
        for key, idx in pools.items():
            total = q[idx].sum(axis=0)
            free = self._free_gb(key[1])
            payer = np.asarray(by_payer.get(key[0], 0.0), float)
            share = np.divide(free * total, payer, out=np.zeros_like(np.asarray(total, float)), where=payer > 0) \
                if free else np.zeros_like(np.asarray(total, float))
            out.append((key, idx, total, share))
        return out

    @property
    def months(self) -> float:
        """Months in the period (at least one: a tier is a monthly allowance) [-]."""
        return self._months()

    def tier_pools(self) -> dict:
        """The internet tier pools: ``(payer, Region)`` -> indices of the pooled lines that share one tiered
        charge (:meth:`line_costs`)."""
        return dict(self._arrays()[4])

    def free_gb(self, region: str) -> float:
        """The payer's internet free tier if it reaches ``region`` [GB/month] (0 when off).

        Parameters
        ----------
        region : str
            Region code.
        """
        return self._free_gb(region)

    def _free_gb(self, region: str) -> float:
        """The payer's free tier [GB/month] if it reaches ``region`` (off, or not in GovCloud: 0)."""
        from vpncost.reference.regions import not_offered
        if not self.network.pricing.free_tier or not_offered(region, "free_tier"):
            return 0.0
        return data_transfer.free_tier_gb(self.catalog)

    def total(self, x: "np.ndarray | None" = None):
        """Network total [USD per period] (an array for ``x`` of shape (variables, k)).

        Parameters
        ----------
        x : numpy.ndarray, optional
            Variable values, as for :meth:`quantities`.
        """
        return self.line_costs(x).sum(axis=0)

    def variable(self, name: tuple) -> int:
        """Index of a variable, e.g. ``("egress_gb", "Ashburn DC", "us-east-1")``.

        Parameters
        ----------
        name : tuple
            ``(kind, site, region)`` for site traffic [GB per site per period].
        """
        try:
            return self.variables.index(tuple(name))
        except ValueError:
            sites = sorted({v[1] for v in self.variables if len(v) == 3})
            raise ScenarioError(f"no traffic variable {name!r}; sites: {', '.join(sites)} (kinds egress_gb, "
                                "ingress_gb, and a Region the site exchanges traffic with)") from None

    def sweep(self, site: str, region: str, kind: str, values) -> np.ndarray:
        """Network total [USD per period] at each value of one site's traffic with one Region, the rest as in
        the file.

        Parameters
        ----------
        site : str
            Site name.
        region : str
            Region code.
        kind : str
            ``egress_gb`` or ``ingress_gb``.
        values : array_like
            GB per site per period.
        """
        v = np.asarray(values, float)
        x = np.repeat(self.x0[:, None], len(v), axis=1)
        x[self.variable((kind, site, region))] = v
        return self.total(x)

    # -- tables -----------------------------------------------------------------------------------------------
    def breakdown(self) -> pd.DataFrame:
        """The tidy table: one row per line and tier, with account, payer, Region, site and resource.

        Returns
        -------
        pandas.DataFrame
            :data:`COLUMNS`; ``site`` is empty for a shared resource; cost_usd [USD per period].
        """
        q = self.quantities()
        cost = self.line_costs()
        m = self._months()
        pool_of = {k: (total, float(free), key) for key, idx, total, free in self._pools(q) for k in idx}
        rows = []
        for k, ln in enumerate(self.lines):
            c = ln.component
            base = {"account": ln.account, "payer": ln.payer, "region": ln.region, "site": ln.site,
                    "resource": ln.resource, "component": c.name, "group": c.group, "category": c.category,
                    "service": c.service, "unit": c.unit,
                    "price_status": c.price.status if c.price else "customer",
                    "assumed": bool(c.price and c.price.assumed),
                    "source": c.price.source if c.price else "network file",
                    "as_of": c.price.as_of if c.price else ""}
            if not ln.pooled:
                rate = c.price.rate if c.price else c.usd
                rows.append({**base, "tier": "", "quantity": q[k], "rate_usd": rate, "cost_usd": cost[k]})
                continue
            total, free_share, key = pool_of[k]
            w = q[k] / total if total > 0 else 0.0
            month = total / m
            used_free = min(month, free_share)
            p = c.price
            if self._free_gb(key[1]) > 0:
                rows.append({**base, "tier": "free tier (100 GB/month, shared by the payer's Regions)",
                             "quantity": w * used_free * m, "rate_usd": 0.0, "cost_usd": 0.0})
            amounts = tier_quantities(month - used_free, p, 0.0)
            first = True
            for start, end, rate, amount in zip(p.tier_start, p.tier_end, p.usd, amounts):
                if amount > 0 or first:
                    rows.append({**base, "tier": tier_label(start, end) + " (pooled)", "quantity": w * amount * m,
                                 "rate_usd": rate, "cost_usd": w * amount * m * rate})
                first = False
        return pd.DataFrame(rows, columns=list(COLUMNS))

    def totals_by(self, level: str, breakdown: "pd.DataFrame | None" = None) -> pd.DataFrame:
        """Total per account, payer, Region, site or resource.

        Parameters
        ----------
        level : str
            ``account``, ``payer``, ``region``, ``site`` or ``resource``.
        breakdown : pandas.DataFrame, optional
            :meth:`breakdown` when already computed.
        """
        if level not in ("account", "payer", "region", "site", "resource"):
            raise ScenarioError(f"--by: {level!r}; allowed: account, payer, region, site, resource")
        b = self.breakdown() if breakdown is None else breakdown
        b = b.assign(**{level: b[level].replace("", "(shared)")}) if level == "site" else b
        out = b.groupby(level, sort=False, as_index=False)["cost_usd"].sum().rename(columns={"cost_usd": "total_usd"})
        out["monthly_usd"] = out["total_usd"] * self.network.hours_per_month / self.network.hours
        return out.sort_values("total_usd", ascending=False, kind="stable").reset_index(drop=True)

    def cost_to_connect(self, rule: str = "traffic") -> pd.DataFrame:
        """Each site's cost to connect: its own lines plus its part of every shared resource it uses, split by
        ``rule`` in whole cents (:func:`~vpncost.model.allocation.split_cents`, the same as ``spend --allocate``);
        the parts add up to the network total to the cent. A shared cost no site uses (a VPC-to-VPC flow, an
        unused resource) stays on a ``(not allocated)`` row.

        Parameters
        ----------
        rule : str
            ``traffic`` (GB each site sends and receives through the resource; even when none) or ``even``
            (equal per site: a row of ``count`` like sites counts ``count`` times).

        Returns
        -------
        pandas.DataFrame
            site, count, own_usd, shared_usd, total_usd, per_site_usd [USD per period], share_pct [%].
        """
        if rule not in RULES:
            raise ScenarioError(f"--split: {rule!r}; allowed: {', '.join(RULES)}")
        cost = self.line_costs().tolist()   # Python floats: a line at a time below
        net = self.network
        count = {s.name: s.count for s in net.sites}
        own = {s.name: 0.0 for s in net.sites}
        shared = {s.name: 0.0 for s in net.sites}
        unallocated = 0.0
        by_resource: dict = {}
        for k, ln in enumerate(self.lines):
            if ln.site:
                own[ln.site] += cost[k]
            else:
                by_resource[ln.resource] = by_resource.get(ln.resource, 0.0) + cost[k]
        x = self.x0.tolist()
        for res, usd in by_resource.items():
            users = self.users.get(res, [])
            if not users:
                unallocated += usd
                continue
            if rule == "traffic":
                w = [sum(coef * x[v] for v, coef in self.through.get(res, {}).get(s, ())) for s in users]
                w = w if sum(w) > 0 else [float(count[s]) for s in users]
                # VPC-to-VPC traffic through the resource keeps its share unallocated
                w.append(sum(coef * x[v] for v, coef in self.through.get(res, {}).get("", ())))
            else:
                w = [float(count[s]) for s in users] + [0.0]
            total_w = sum(w)
            for s, part in zip(users, w[:-1]):
                shared[s] += usd * part / total_w
            unallocated += usd * w[-1] / total_w
        # whole cents that add up to the total: the exact shares, rounded together (largest remainder)
        exact = [own[s] + shared[s] for s in own] + [unallocated]
        total = float(np.sum(cost))
        cents = split_cents(total, exact) if total > 0 else np.zeros(len(exact))
        rows = []
        for s, t in zip(own, cents):
            o = round(own[s], 2)
            rows.append({"site": s, "count": count[s], "own_usd": o, "shared_usd": round(t - o, 2),
                         "total_usd": float(t), "per_site_usd": float(t) / count[s]})
        rows.append({"site": "(not allocated)", "count": 0, "own_usd": 0.0, "shared_usd": float(cents[-1]),
                     "total_usd": float(cents[-1]), "per_site_usd": float("nan")})
        out = pd.DataFrame(rows)
        out["share_pct"] = 100.0 * out["total_usd"] / total if total else 0.0
        out.attrs["rule"] = rule
        return out


def catalog_for_network(net, prices: "str | None" = None, overrides: "str | None" = None,
                        discount_pct: "float | None" = None) -> PriceCatalog:
    """The price catalog a network asks for (its ``pricing`` section); explicit arguments win.

    Parameters
    ----------
    net : Network
        The network.
    prices : str, optional
        Price table CSV.
    overrides : str, optional
        Negotiated rates CSV.
    discount_pct : float, optional
        Discount on every AWS rate [%].
    """
    from vpncost.model.estimate import catalog_for
    return catalog_for(net, prices, overrides, discount_pct)


class _Builder:
    def __init__(self, net, catalog: PriceCatalog):
        self.net, self.catalog = net, _Memo(catalog)
        self._vpn: dict = {}
        self._proc: dict = {}
        self._payers: dict = {}
        self._dx_gateways: set = set()
        self._names: dict = {}
        self._accounts: dict = {}
        self._routes: dict = {}
        self._vpn_lines: dict = {}
        self._plans: dict = {}
        self.lines: list = []
        self.variables: list = [("billed_hours",), ("months",), ("once",)]
        hours, hpm = net.hours, net.hours_per_month
        term = float(one_time_term_hours(hours, hpm, net.years, None))
        self.x0 = [math.ceil(hours - 1e-9), hours / hpm, min(1.0, hours / term)]
        self.through: dict = {}
        self.users: dict = {}
        self.checks: list = []
        self.concentrator_sites: dict = {}   # Region -> [(sites, demand per site [Mbit/s])]
        self.warnings: list = []
        self.paths: list = []

    # -- helpers ----------------------------------------------------------------------------------------------
    def var(self, name: tuple, value: float) -> int:
        self.variables.append(name)
        self.x0.append(float(value))
        return len(self.variables) - 1

    def payer(self, account: str) -> str:
        payer = self._payers.get(account)
        if payer is None:
            payer = self._payers[account] = self.net.payer(account)
        return payer

    def add(self, comp: Component, *, account, region, site="", resource, terms=None, pooled=False):
        if terms is None:
            terms = tuple((FIXED[d], coef) for d, coef in comp.drivers)
        self.lines.append(Line(account, self.payer(account), region, site, resource, comp, terms, pooled))

    def use(self, resource: str, site: str, terms=()):
        users = self.users.setdefault(resource, {})   # a dict: ordered, and membership in O(1)
        if site:
            users[site] = None
        if terms:
            self.through.setdefault(resource, {}).setdefault(site, []).extend(terms)

    def gateway_account(self, region: str) -> str:
        if region not in self._accounts:
            self._accounts[region] = self._gateway_account(region)
        return self._accounts[region]

    def _gateway_account(self, region: str) -> str:
        spec = self.net.regions[region]
        gw = spec.transit_gateway or spec.cloud_wan
        return (gw.account if gw and gw.account else None) or spec.account or self.net.default_account

    def vpc_account(self, region: str) -> str:
        return self.net.regions[region].account or self.gateway_account(region)

    def once(self, key: tuple, make) -> Component:
        """The component ``make()`` builds, built once per ``key`` (per-flow components have no drivers of their
        own: the same one serves every site)."""
        if key not in self._proc:
            self._proc[key] = make()
        return self._proc[key]

    def processing(self, region: str, gateway: str, attachment: str) -> Component:
        return self.once(("processing", region, gateway, attachment),
                         lambda: _processing(self.catalog, region, gateway, attachment))

    def vpn_components(self, v, site) -> list:
        """:func:`vpncost.model.resources.vpn.components` for one site (the same for every like site)."""
        key = (v.model_dump_json(), site.count, site.city, site.latitude, site.longitude, site.edge_group)
        if key not in self._vpn:
            ctx = _Context(region=v.region, sites=site.count, site=site, traffic=_NoExtras(), pricing=_NoExtras())
            self._vpn[key] = vpn.components(v, ctx, self.catalog, vpc_attachments=0)
        return self._vpn[key]

    def vpn_lines(self, v, site) -> list:
        """The lines a VPN connection adds per site whatever it carries, once per kind of VPN and site:
        ``(component, fixed terms, coefficients of the GB it carries [per GB], paid by the VPN's account)``.
        What depends on the flow (internet data out, processing) and what the Region's gateway bills once are
        left out: :meth:`flow` and :meth:`regions` price them."""
        key = (v.model_dump_json(), site.count, site.city, site.latitude, site.longitude, site.edge_group)
        if key not in self._vpn_lines:
            n, out = float(site.count), []
            for comp in self.vpn_components(v, site):
                if (comp.price.key[:2] if comp.price else ()) in (
                        ("data_transfer", "internet_out"), ("transit_gateway", "data_processing"),
                        ("cloud_wan", "data_processing"), ("cloud_wan", "core_network_edge_hour")):
                    continue    # per flow (above) or once per Region (regions)
                fixed = tuple((FIXED[drv], coef * (n if comp.category == "customer" else 1.0))
                              for drv, coef in comp.drivers if drv in FIXED)
                per_gb = tuple(coef for drv, coef in comp.drivers if drv == "dominant_gb")
                out.append((comp, fixed, per_gb, comp.category == "aws"))
            self._vpn_lines[key] = out
        return self._vpn_lines[key]

    @staticmethod
    def gateway_resource(region: str, kind: str) -> str:
        return {"tgw": f"TGW {region}", "cloudwan": f"Cloud WAN edge {region}", "vgw": f"VGWs {region}"}[kind]

    # -- shared resources -------------------------------------------------------------------------------------
    def regions(self):
        for code, spec in self.net.regions.items():
            res = self.gateway_resource(code, spec.gateway)
            acct = self.gateway_account(code)
            self.users.setdefault(res, {})
            if spec.gateway == "tgw" and spec.transit_gateway.vpc_attachments:   # the attachment owner pays
                self.add(transit_gateway.attachments(self.catalog, code, "VPC", spec.transit_gateway.vpc_attachments),
                         account=self.vpc_account(code), region=code, resource=res)
            if spec.gateway == "tgw" and spec.transit_gateway.dx_gateway_attachments:   # the TGW owner pays
                self.add(transit_gateway.attachments(self.catalog, code, "Direct Connect gateway",
                                                     spec.transit_gateway.dx_gateway_attachments),
                         account=acct, region=code, resource=res)
            if spec.gateway == "tgw" and spec.transit_gateway.peering_attachments:   # each owner pays its side
                self.add(transit_gateway.attachments(self.catalog, code, "peering",
                                                     spec.transit_gateway.peering_attachments),
                         account=acct, region=code, resource=res)
            if spec.gateway == "tgw" and spec.transit_gateway.concentrators:
                k = spec.transit_gateway.concentrators
                conc = f"VPN Concentrator {code}"
                self.users.setdefault(conc, {})
                for comp in vpn_concentrator.shared(self.catalog, code, k):
                    self.add(comp, account=acct, region=code, resource=conc)
            elif spec.gateway == "cloudwan":
                self.add(cloud_wan.core_network_edge(self.catalog, code), account=acct, region=code, resource=res)
                if spec.cloud_wan.vpc_attachments:
                    self.add(cloud_wan.attachments(self.catalog, code, "VPC", spec.cloud_wan.vpc_attachments),
                             account=self.vpc_account(code), region=code, resource=res)

    def peerings(self):
        for p in self.net.peerings:
            a, b = p.between
            res = f"Peering {a} / {b}"
            self.users.setdefault(res, {})
            for side in (a, b):
                self.add(tgw_peering.attachment(self.catalog, side, a, b), account=self.gateway_account(side),
                         region=side, resource=res)

    def direct_connects(self):
        for d in self.net.direct_connect:
            acct = d.account or self.net.default_account
            from vpncost.reference.regions import dx_location
            home = str(dx_location(d.location)["region"])
            self.users.setdefault(d.name, {})
            flat = d.flat()
            ports = direct_connect.flat_rate_port_hours(d, self.catalog, flat) if flat else \
                direct_connect.port_hours(self.catalog, d.connection, d.speed, [d.location] * d.count)
            for c in ports:
                self.add(c, account=acct, region=home, resource=d.name)
            gw = d.gateway.name or d.name   # a named gateway is shared: its attachments once
            for r in d.gateway.associations:
                if d.gateway.attachments and self.net.regions[r].gateway == "tgw" and (gw, r) not in self._dx_gateways:
                    self._dx_gateways.add((gw, r))
                    res = f"DX gateway {gw}" if d.gateway.name else d.name
                    self.users.setdefault(res, {})
                    self.add(transit_gateway.attachments(self.catalog, r, "Direct Connect gateway", 1),
                             account=self.gateway_account(r), region=r, resource=res)
            for c in customer_costs.line_items(d.extra_monthly_usd, d.extra_one_time_usd):
                self.add(c, account=acct, region=home, resource=d.name)

    # -- sites ------------------------------------------------------------------------------------------------
    def sites(self):
        for i, site in enumerate(self.net.sites):
            self.site(i, site)

    def site(self, i: int, site):
        n = float(site.count)
        acct_default = site.account or self.net.default_account
        carried: dict = {}     # connect index -> [(direction, var)]
        for region, flow in site.traffic.regions.items():
            r = self.route(site, region)
            e = self.var(("egress_gb", site.name, region), flow.egress_gb)
            g = self.var(("ingress_gb", site.name, region), flow.ingress_gb)
            carried.setdefault(r.index, []).extend([("egress", e), ("ingress", g)])
            self.paths.append((site.name, region, r.label, r.hub, r.hop or "", r.connect.backup))
            if r.connect.backup and (flow.egress_gb or flow.ingress_gb):
                self.warnings.append(f"{site.name}: traffic with {region} takes {r.label}, marked backup: AWS "
                                     "prefers it there (route_order), or no primary reaches the Region")
            self.flow(site, region, r, e, g, n)
        if site.traffic.site_to_site_gb:
            r = self.net.site_to_site_route(site)
            s2s = self.var(("site_to_site_gb", site.name, r.hub), site.traffic.site_to_site_gb)
            carried.setdefault(r.index, []).append(("both", s2s))
            self.paths.append((site.name, "(its other sites)", r.label, r.hub, "", r.connect.backup))
            self.site_to_site(site, r, s2s, n)
        for j, c in enumerate(site.connect):
            self.connection(site, j, c, carried.get(j, []), n, acct_default)
        for comp in customer_costs.line_items(site.extra_monthly_usd, site.extra_one_time_usd):
            self.add(comp, account=acct_default, region="", site=site.name, resource=f"{site.name} circuits",
                     terms=tuple((FIXED[d], coef * n) for d, coef in comp.drivers))

    def route(self, site, region: str) -> Route:
        """:meth:`vpncost.network.Network.route`, worked out once per kind of connection list and Region (like
        sites share it; the route names the site's own connection)."""
        key = (tuple(_route_key(c) for c in site.connect), region)
        found = self._routes.get(key)
        if found is None:
            r = self.net.route(site, region)   # validated: every Region a site sends to has a path
            found = self._routes[key] = (r.index, r.hub, r.hop, r.label, r.gateway)
        j, hub, hop, label, gateway = found
        return Route(j, site.connect[j], hub, hop, label, gateway)

    def flow(self, site, region, route, e, g, n):
        """The charges of one site's traffic with one Region's VPCs (per site ``e``, ``g`` GB; ``n`` sites) along
        ``route``: the plan of its route (:meth:`flow_plan`), with the site's variables."""
        c = route.connect
        if isinstance(c, DxConnect):
            who = ("dx", c.direct_connect)
        else:
            owner = c.concentrator.account if isinstance(c, ConcentratorConnect) else c.vpn.account
            who = ("internet", owner or site.account)
        key = (region, route.hub, route.gateway, route.hop, isinstance(c, DxConnect), who)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self.flow_plan(site, region, route)
        name, own = site.name, self.connect_resource(site, route.index)
        var = {"e": ((e, n),), "g": ((g, n),)}
        lines = self.lines
        for comp, account, payer, where, res, v, pooled in plan[0]:
            lines.append(Line(account, payer, where, name, own if res is None else res, comp, var[v], pooled))
        both = ((e, n), (g, n))
        for res in plan[1]:
            self.use(own if res is None else res, name, both)

    def flow_plan(self, site, region, route) -> tuple:
        """The billing rules of a flow along ``route``, once per route: ``(lines, resources used)``, each line
        ``(component, account, payer, Region, resource, "e" or "g", pooled)``, its quantity the GB the Region's
        VPCs send to the site (``e``) or receive from it (``g``); resource ``None`` is the site's connection."""
        cat = self.catalog
        c, hub, hop = route.connect, route.hub, route.hop
        gateway = route.gateway               # what the connection ends on in the hub: vgw, tgw or cloudwan
        regional = self.net.regions[region].gateway
        lines, uses = [], []

        def line(comp, account, where, res, v, pooled=False):
            lines.append((comp, account, self.payer(account), where, res, v, pooled))
        # processing where data enters a gateway: from the Region's VPCs (to the site) when they send through its
        # transit gateway or Cloud WAN edge, and where the site's data enters AWS (from the VPN or DX gateway
        # attachment); none from a peering, none on a VGW
        if hop or gateway in ("tgw", "cloudwan"):
            res = self.gateway_resource(region, regional)
            line(self.processing(region, regional, "VPC"), self.vpc_account(region), region, res, "e")
            uses.append(res)
        if gateway in ("tgw", "cloudwan"):
            att = "Direct Connect gateway" if isinstance(c, DxConnect) else "VPN"
            res = self.gateway_resource(hub, gateway)
            line(self.processing(hub, gateway, att), self.gateway_account(hub), hub, res, "g")
            uses.append(res)
        if hop:
            for src, dst, v in ((region, hub, "e"), (hub, region, "g")):
                comp = self.once(("xr", src, dst), lambda: data_transfer.inter_region_out(cat, src, dst, ()))
                line(comp, self.gateway_account(src), src, hop, v)
            uses.append(hop)
        line(*self.leave(site, route.index, hub), "e", self.leave_pooled(site, route.index, hub))
        uses.append(None)
        return lines, uses

    def leave_pooled(self, site, j: int, hub) -> bool:
        return self.leave(site, j, hub)[0].tiered and not isinstance(site.connect[j], DxConnect)

    def connect_resource(self, site, j: int) -> str:
        """The resource connection ``j`` of a site is grouped under (numbered when the site has two alike)."""
        key = (site.name, j)
        if key not in self._names:
            self._names[key] = self._connect_resource(site, j)
        return self._names[key]

    @staticmethod
    def _connect_resource(site, j: int) -> str:
        def base(c):
            if isinstance(c, DxConnect):
                return c.direct_connect
            if isinstance(c, ConcentratorConnect):
                return f"{site.name} on the VPN Concentrator in {c.concentrator.region}"
            return f"{site.name} VPN to {c.vpn.region}" + (" (backup)" if c.backup else "")
        if len(site.connect) == 1:
            return base(site.connect[0])
        names = [base(c) for c in site.connect]
        if names.count(names[j]) > 1 and not isinstance(site.connect[j], DxConnect):
            return f"{names[j]} (connection {j + 1})"
        return names[j]

    def leave(self, site, j: int, hub) -> tuple:
        """Data leaving AWS towards the site from the Region it enters at: ``(component, account, Region,
        resource)`` (resource ``None``: the site's connection). Direct Connect data transfer out by (Region,
        location), or internet data transfer out pooled by payer and Region."""
        cat, c = self.catalog, site.connect[j]
        if isinstance(c, DxConnect):
            d = self.net.dx(c.direct_connect)
            flat = d.flat()
            if flat and hub in flat[1]:   # data out from the tier's Regions is included
                comp = self.once(("dto-flat", hub, d.name), lambda: direct_connect.included_transfer_out(
                    hub, d.location, flat, ()))
            else:
                comp = self.once(("dto", hub, d.location), lambda: direct_connect.transfer_out(cat, hub, d.location,
                                                                                               ()))
            return comp, self.gateway_account(hub), hub, d.name
        owner = c.concentrator.account if isinstance(c, ConcentratorConnect) else c.vpn.account
        acct = owner or site.account or self.gateway_account(hub)
        return self.once(("internet", hub), lambda: data_transfer.internet_out(cat, hub, ())), acct, hub, None

    def site_to_site(self, site, route, s2s, n):
        """Traffic between an entry's sites through AWS (``s2s`` GB per site, counted once, at the sender): it
        enters the hub's gateway once (processed there, unless a VGW) and leaves towards the other site the same
        way."""
        c, hub = route.connect, route.hub
        if route.gateway in ("tgw", "cloudwan"):
            att = "Direct Connect gateway" if isinstance(c, DxConnect) else "VPN"
            self.add(self.processing(hub, route.gateway, att), account=self.gateway_account(hub), region=hub,
                     site=site.name, resource=self.gateway_resource(hub, route.gateway), terms=((s2s, n),))
            self.use(self.gateway_resource(hub, route.gateway), site.name, ((s2s, n),))
        comp, account, where, res = self.leave(site, route.index, hub)
        own = self.connect_resource(site, route.index)
        self.add(comp, account=account, region=where, site=site.name, resource=own if res is None else res,
                 terms=((s2s, n),), pooled=self.leave_pooled(site, route.index, hub))
        self.use(own, site.name, ((s2s, n),))

    def connection(self, site, j, c, carried, n, acct_default):
        """What a connection costs per site whatever it carries (VPN connections, accelerators), and the
        capacity check of what it carries."""
        hours = self.net.hours
        x = self.x0
        gb = {"egress": sum(x[v] for d, v in carried if d in ("egress", "both")),
              "ingress": sum(x[v] for d, v in carried if d in ("ingress", "both"))}
        demand = _demand(max(gb.values()), hours, site.traffic, _share(gb, site))
        if isinstance(c, DxConnect):
            d = self.net.dx(c.direct_connect)
            self.use(d.name, site.name)
            if d.gateway.name:
                self.use(f"DX gateway {d.gateway.name}", site.name, tuple((v, n) for _, v in carried))
            self.checks.append((d.name, site.name, demand * n, float(SPEED_MBPS[d.speed] * d.count)))
            return
        if isinstance(c, ConcentratorConnect):
            r = c.concentrator.region
            res = self.connect_resource(site, j)
            self.add(self.once(("conc-site", r), lambda: vpn_concentrator.site_hours(self.catalog, r, 1)),
                     account=c.concentrator.account or site.account or self.gateway_account(r), region=r,
                     site=site.name, resource=res, terms=((HOURS, n),))
            self.use(f"VPN Concentrator {r}", site.name, tuple((v, n) for _, v in carried))
            self.checks.append((res, site.name, demand, CONCENTRATOR_SITE_MBPS))
            self.concentrator_sites.setdefault(r, []).append((n, demand))
            return
        v = c.vpn
        res = self.connect_resource(site, j)
        acct = v.account or site.account or self.gateway_account(v.region)
        dominant = "egress" if gb["egress"] >= gb["ingress"] else "ingress"
        for comp, fixed, per_gb, aws in self.vpn_lines(v, site):
            terms = fixed
            if per_gb:   # the dominant direction, and site-to-site traffic (crosses both ways)
                terms += tuple((var, coef * n) for coef in per_gb for d, var in carried if d in (dominant, "both"))
            self.add(comp, account=acct if aws else acct_default, region=v.region, site=site.name, resource=res,
                     terms=terms)   # a tuple: lines are immutable
        cap = vpn_capacity_mbps(v.gateway, v.routing, v.tunnel, v.connections)
        if c.backup and not carried:   # standing by: would it carry the site's traffic if the rest failed?
            standby = site_peak_mbps(site, hours)
            if standby > cap + 1e-9:
                self.warnings.append(f"{res}: standing by, it could carry {cap:,.0f} Mbps of the site's "
                                     f"{standby:,.0f} Mbps if the other connections failed")
        self.checks.append((res, site.name, demand, cap))

    def inter_region(self):
        for i, f in enumerate(self.net.inter_region):
            hop = self.net.hop(f.from_, f.to)   # validated: a path exists
            v = self.var(("inter_region", f.from_, f.to, i), f.gb)
            gw = self.net.regions[f.from_].gateway
            res = f"VPC to VPC {f.from_} to {f.to}"   # nobody's site: stays unallocated
            self.add(self.processing(f.from_, gw, "VPC"), account=self.vpc_account(f.from_),
                     region=f.from_, resource=res, terms=((v, 1.0),))
            self.add(self.once(("xr", f.from_, f.to), lambda: data_transfer.inter_region_out(
                self.catalog, f.from_, f.to, ())), account=self.gateway_account(f.from_), region=f.from_,
                resource=res, terms=((v, 1.0),))
            for res in (hop, self.gateway_resource(f.from_, gw)):
                self.through.setdefault(res, {}).setdefault("", []).append((v, 1.0))

    def checks_table(self) -> pd.DataFrame:
        for r, rows in self.concentrator_sites.items():   # the Concentrators' shared limits
            tgw = self.net.regions[r].transit_gateway
            k = tgw.concentrators + tgw.concentrators_elsewhere
            sites = sum(n for n, _ in rows)
            if sites > CONCENTRATOR_SITES * k:
                self.checks.append((f"VPN Concentrator {r} (sites)", "", float(sites),
                                    float(CONCENTRATOR_SITES * k)))
            self.checks.append((f"VPN Concentrator {r}", "", sum(n * dm for n, dm in rows), CONCENTRATOR_MBPS * k))
        rows: dict = {}   # resource -> [sites (ordered, once), demand, capacity (the first given)]
        for res, site, demand, capacity in self.checks:
            row = rows.setdefault(res, [{}, 0.0, capacity])
            row[0][site] = None
            row[1] += demand
        t = pd.DataFrame([(res, ", ".join(sites), demand, cap) for res, (sites, demand, cap) in rows.items()],
                         columns=["resource", "sites", "demand_mbps", "capacity_mbps"])
        t["feasible"] = t["demand_mbps"] <= t["capacity_mbps"] + 1e-9
        t["reason"] = [
            "" if ok else (f"{r}: {dm:,.0f} sites exceed its {cap:,.0f} ({CONCENTRATOR_SITES} per Concentrator)"
                           if r.endswith("(sites)") else
                           f"{r}: {dm:,.0f} Mbps of peak or average demand exceeds its {cap:,.0f} Mbps")
            for r, dm, cap, ok in zip(t["resource"], t["demand_mbps"], t["capacity_mbps"], t["feasible"])]
        return t


def _route_key(c) -> tuple:
    """What :meth:`vpncost.network.Network.route` reads of a connection."""
    if isinstance(c, DxConnect):
        return "dx", c.direct_connect, c.backup
    if isinstance(c, ConcentratorConnect):
        return "concentrator", c.concentrator.region, c.backup
    return "vpn", c.vpn.region, c.vpn.gateway, c.vpn.routing, c.backup


def site_peak_mbps(site, hours: float) -> float:
    """The rate a connection carrying all of ``site``'s traffic must carry [Mbit/s] (:func:`_demand` of the
    busier direction over every Region, share 1).

    Parameters
    ----------
    site : SiteSpec
        A network site (one of ``count`` like sites).
    hours : float
        The period [h].
    """
    gb_all = {"egress": sum(f.egress_gb for f in site.traffic.regions.values()),
              "ingress": sum(f.ingress_gb for f in site.traffic.regions.values())}
    return _demand(max(gb_all.values()), hours, site.traffic, 1.0)


def _demand(gb: float, hours: float, traffic, share: float) -> float:
    """Peak demand on a connection [Mbit/s]: its share of the site's ``peak_mbps``, or when none is given the
    average its busier direction's ``gb`` implies times ``peak_to_average``; never below that average (as
    :func:`vpncost.model.capacity.demand` reads a scenario)."""
    average = float(capacity.average_mbps(gb, hours))
    peak = traffic.peak_mbps * share if traffic.peak_mbps else average * traffic.peak_to_average
    return max(average, peak)


def _share(gb: dict, site) -> float:
    """Share of the site's traffic (both directions) that ``gb`` is [-]: its peak is split the same way (a site with
    a peak and no volumes: each connection must carry all of it)."""
    total = sum(f.egress_gb + f.ingress_gb for f in site.traffic.regions.values())
    return (gb["egress"] + gb["ingress"]) / total if total > 0 else 1.0


def _processing(catalog: PriceCatalog, region: str, gateway: str, attachment: str) -> Component:
    """Per-GB processing of data entering ``region``'s gateway from ``attachment`` (VPC, VPN, Direct Connect
    gateway), as a component without drivers (its quantity is the flow's)."""
    if gateway == "cloudwan":
        comp = cloud_wan.processing(catalog, region, attachment="VPC" if attachment == "VPC" else "VPN")
    else:
        comp = transit_gateway.processing(catalog, region, attachment=attachment)
    origin = "from VPCs" if attachment == "VPC" else f"from {attachment} attachments"
    return replace(comp, name=f"{comp.name} ({region}, {origin})", drivers=())


def build(net, catalog: "PriceCatalog | None" = None) -> NetworkModel:
    """Compile a network: shared resources once, each site's flows along their paths, capacity checks.

    Parameters
    ----------
    net : Network
        A validated network (:func:`vpncost.network.load_network`).
    catalog : PriceCatalog, optional
        Prices (default: the network's ``pricing`` section, :func:`catalog_for_network`).

    Returns
    -------
    NetworkModel
        Lines, variables and checks, ready to price.
    """
    catalog = catalog or catalog_for_network(net)
    b = _Builder(net, catalog)
    with paused_gc():   # a line per site and hop, no cycles (vpncost.speed)
        b.regions()
        b.peerings()
        b.direct_connects()
        b.sites()
        b.inter_region()
    users = {res: list(sites) for res, sites in b.users.items()}
    return NetworkModel(net, catalog, b.lines, b.variables, np.array(b.x0, float), b.through, users,
                        b.checks_table(), pd.DataFrame(b.paths, columns=["site", "region", "via", "enters", "hop",
                                                                         "backup"]), tuple(b.warnings))


def summary(model: NetworkModel) -> dict:
    """Headline figures of a compiled network.

    Parameters
    ----------
    model : NetworkModel
        The compiled network.

    Returns
    -------
    dict
        total_usd, monthly_usd [USD], feasible, reasons, warnings, assumed_prices, notes.
    """
    net = model.network
    b = model.breakdown()
    total = float(b["cost_usd"].sum())
    notes = [TIER_NOTE] if any(ln.pooled for ln in model.lines) else []
    assumed = sorted(set(b.loc[b["assumed"], "component"]))
    reasons = [r for r in model.checks["reason"] if r]
    return {"total_usd": total, "monthly_usd": total * net.hours_per_month / net.hours, "feasible": not reasons,
            "reasons": reasons, "warnings": list(model.warnings), "assumed_prices": assumed, "notes": notes}


def compare_designs(net, catalog: "PriceCatalog | None" = None, rule: str = "traffic", source: str = "network"):
    """The network and each of its ``designs``: totals, and each site's cost to connect side by side.

    Parameters
    ----------
    net : Network
        The network with ``designs``.
    catalog : PriceCatalog, optional
        Prices.
    rule : str
        How shared costs are split (:meth:`NetworkModel.cost_to_connect`).
    source : str
        Named in error messages.

    Returns
    -------
    tuple of pandas.DataFrame
        (designs: design, total_usd, monthly_usd, change_usd, feasible, reasons, changes;
        sites: site, then one column per design [USD per period]).
    """
    from vpncost.network import with_design
    catalog = catalog or catalog_for_network(net)
    models = {"as is": build(net, catalog)}
    for d in net.designs:
        models[d.name] = build(with_design(net, d.name, source), catalog)
    base = None
    rows, sites = [], None
    for name, m in models.items():
        s = summary(m)
        base = s["total_usd"] if base is None else base
        d = next((x for x in net.designs if x.name == name), None)
        changes = [] if d is None else (
            [f"sites: {', '.join(d.sites)}"] * bool(d.sites)
            + [f"direct_connect: {', '.join(str(x.get('name')) for x in d.direct_connect)}"] * bool(d.direct_connect)
            + [f for f in ("regions", "peerings", "inter_region") if getattr(d, f) is not None])
        rows.append({"design": name, "total_usd": s["total_usd"], "monthly_usd": s["monthly_usd"],
                     "change_usd": s["total_usd"] - base, "feasible": s["feasible"], "reasons": tuple(s["reasons"]),
                     "changes": "; ".join(changes)})
        c = m.cost_to_connect(rule).set_index("site")["total_usd"].rename(name)
        sites = c.to_frame() if sites is None else sites.join(c, how="outer")
    order = [s.name for s in net.sites] + [x for x in sites.index if x not in {s.name for s in net.sites}]
    return pd.DataFrame(rows), sites.reindex(order).fillna(0.0).rename_axis("site").reset_index()


def to_json(model: NetworkModel, rule: str = "traffic") -> dict:
    """The ``--json`` document of ``vpncost estimate NETWORK``.

    Parameters
    ----------
    model : NetworkModel
        The compiled network.
    rule : str
        How shared costs are split in ``sites``.
    """
    net = model.network
    b = model.breakdown()
    s = summary(model)

    def records(t):
        return [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
                for r in t.to_dict(orient="records")]
    return {"network": net.name, "hours": net.hours, "prices_as_of": model.catalog.as_of,
            "prices_snapshot": model.catalog.snapshot, **{k: s[k] for k in s},
            "by_account": records(model.totals_by("account", b)), "by_region": records(model.totals_by("region", b)),
            "by_resource": records(model.totals_by("resource", b)),
            "sites": records(model.cost_to_connect(rule)), "split_rule": rule,
            "checks": records(model.checks), "paths": records(model.paths), "lines": records(b)}
