"""Network files: many sites, several Regions and accounts, shared Direct Connect, peering and Cloud WAN.

A network is YAML validated once, here, at the edge (as a scenario is, :mod:`vpncost.scenario`); every error is
one line naming the file and the field path, e.g.::

    estate.yaml: sites[2].connect[0].direct_connect: 'DX Paris' is not a direct_connect name; allowed: DX Ashburn

What is declared once is billed once: a Region's transit gateway (or Cloud WAN core network edge) and its VPC
attachments, a Direct Connect connection (``count`` ports, a LAG) and its Direct Connect gateway's
associations, a peering. Sites say how they connect (``connect``: a Direct Connect by name, or a VPN to a Region's
gateway) and what they exchange with each Region (``traffic``: GB per site per period). How the traffic then
flows and what each hop costs is :mod:`vpncost.model.network`.

``designs`` are named alternatives: each replaces some sites' fields (by site name) and some Direct Connect
connections' fields (by name; a new name adds a connection), and may replace ``regions``, ``peerings`` or
``inter_region`` whole.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Annotated, Literal, NamedTuple, Optional, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from vpncost.errors import ScenarioError
from vpncost.reference.limits import ACCELERATED_CONNECTIONS_QUOTA, DXGW_TGW_QUOTA, DXGW_VGW_QUOTA
from vpncost.speed import paused_gc
from vpncost.scenario import (
    NonNegative,
    Pricing,
    Site,
    Usd,
    VpnSettings,
    canonical_billing,
    canonical_dx,
    is_network,  # noqa: F401 (vpncost.network.is_network: the one test, written in the scenario schema)
    normalise_speed,
    parse_yaml,
)

KIND = "network"
BASE_DESIGN = "as is"   # the network as written, beside its designs


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_CODES: ContextVar = ContextVar("region_codes", default=None)   # read once per file, not once per field


def _region_code(v):
    codes = _CODES.get()
    if codes is None:
        from vpncost.reference.regions import region_codes
        codes = region_codes()
    if v not in codes:
        from vpncost.reference.regions import unknown_region_message
        raise ValueError(unknown_region_message(v))
    return v


Region = Annotated[str, BeforeValidator(lambda v: _region_code(v) if isinstance(v, str) else v)]


class Account(_Model):
    """An AWS account; accounts with the same ``payer`` are one consolidated bill (volume tiers combined)."""

    id: str
    payer: Optional[str] = None   # default: the network's one organization


class Gateway(_Model):
    """A Region's transit gateway or Cloud WAN core network edge, its owner, its VPC attachments and (transit
    gateway only) its Site-to-Site VPN Concentrators and the attachments of Direct Connect gateways whose
    connections are not in the network (``dx_gateway_attachments``: their hours; the GB through them are priced
    with the connections, wherever those are declared), its side of peerings whose other side is declared
    elsewhere (``peering_attachments``: their hours), and Concentrators billed elsewhere whose seats are here
    (``concentrators_elsewhere``)."""

    account: Optional[str] = None
    vpc_attachments: Annotated[int, Field(ge=0, le=5000)] = 1
    concentrators: Annotated[int, Field(ge=0, le=50)] = 0
    concentrators_elsewhere: Annotated[int, Field(ge=0, le=50)] = 0   # billed outside this network: seats only
    dx_gateway_attachments: Annotated[int, Field(ge=0, le=5000)] = 0   # attachments per transit gateway: 5,000
    peering_attachments: Annotated[int, Field(ge=0, le=5000)] = 0   # its side of peerings declared elsewhere


class RegionSpec(_Model):
    """What the network has in a Region: a transit gateway, a Cloud WAN core network edge, or neither (VPCs
    reached through virtual private gateways)."""

    transit_gateway: Optional[Gateway] = None
    cloud_wan: Optional[Gateway] = None
    account: Optional[str] = None   # owner of the VPCs (and VGWs) when there is no gateway

    @model_validator(mode="after")
    def _one(self):
        if self.cloud_wan and self.cloud_wan.dx_gateway_attachments:
            raise ValueError("cloud_wan.dx_gateway_attachments: the attachment of a Direct Connect gateway whose "
                             "connections are not in the network is counted on a transit gateway only; allowed: "
                             "transit_gateway.dx_gateway_attachments")
        if self.cloud_wan and self.cloud_wan.concentrators:
            raise ValueError("cloud_wan.concentrators: a VPN Concentrator attaches to a transit gateway only; "
                             "allowed: transit_gateway.concentrators")
        if self.transit_gateway and self.cloud_wan:
            raise ValueError("cloud_wan: a Region has a transit gateway or a Cloud WAN edge in this model, not both; "
                             "allowed: one of transit_gateway, cloud_wan")
        return self

    @property
    def gateway(self) -> str:
        """``tgw``, ``cloudwan`` or ``vgw`` (no regional gateway)."""
        return "tgw" if self.transit_gateway else "cloudwan" if self.cloud_wan else "vgw"


class PeeringSpec(_Model):
    """A transit gateway peering attachment between two Regions' transit gateways."""

    between: Annotated[list[Region], Field(min_length=2, max_length=2)]

    @model_validator(mode="after")
    def _two(self):
        if self.between[0] == self.between[1]:
            raise ValueError(f"between: a peering joins two Regions, not {self.between[0]} with itself")
        return self


class DxGatewaySpec(_Model):
    """The Direct Connect gateway: the Regions whose gateways it is associated with. Connections that name the
    same gateway share it (its transit gateway attachments are billed once), as a resilient pair does."""

    name: Optional[str] = None
    associations: Annotated[list[Region], Field(min_length=1)]
    attachments: bool = True   # false: its transit gateway attachments are not billed here (read from a plan whose
                               # connection has no virtual interface in it: the Regions only say where data leaves)

    @model_validator(mode="after")
    def _unique(self):
        dup = sorted({r for r in self.associations if self.associations.count(r) > 1})
        if dup:
            raise ValueError(f"associations: list each Region once; repeated: {', '.join(dup)}")
        return self


class DirectConnectSpec(_Model):
    """One Direct Connect connection (``count`` ports at one location: a LAG), billed once whoever uses it."""

    name: str
    location: Annotated[str, BeforeValidator(canonical_dx)]
    connection: Literal["dedicated", "hosted"] = "dedicated"
    speed: Annotated[str, BeforeValidator(normalise_speed)] = "1G"
    count: Annotated[int, Field(ge=1, le=16)] = 1
    billing: Annotated[Literal["pay_as_you_go", "flat_rate"], BeforeValidator(canonical_billing)] = "pay_as_you_go"
    tier: Union[Literal["auto"], Annotated[int, Field(ge=1, le=5)]] = "auto"   # flat rate
    port_pair: bool = True                  # flat rate: two ports billed as one pair
    included_regions: list[Region] = Field(default_factory=list)   # flat rate: the tier's Regions
    account: Optional[str] = None
    gateway: DxGatewaySpec
    extra_monthly_usd: Usd = Field(default_factory=dict)   # cross-connects, colo [USD/month]
    extra_one_time_usd: Usd = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _pair(cls, data):
        """A flat-rate port pair is two ports: ``count`` defaults to 2 there."""
        if isinstance(data, dict) and canonical_billing(data.get("billing")) == "flat_rate" \
                and data.get("port_pair", True) and "count" not in data:
            data = {**data, "count": 2}
        return data

    @model_validator(mode="after")
    def _where(self):
        from vpncost.reference.limits import speeds
        from vpncost.reference.regions import dx_location
        try:
            row = dx_location(self.location)
        except Exception as exc:
            raise ValueError(str(exc)) from None
        allowed = speeds(self.connection)
        if self.speed not in allowed:
            raise ValueError(f"speed: {self.speed!r} is not offered for {self.connection} connections; "
                             f"allowed: {', '.join(allowed)}")
        offered = str(row["speeds"]).split()
        if self.connection == "dedicated" and offered and self.speed not in offered:
            raise ValueError(f"speed: {self.speed} dedicated ports are not offered at {self.location}, so AWS publishes "
                             f"no price for them; offered there: {', '.join(offered)}")
        if self.billing == "flat_rate":
            if self.connection != "dedicated" or self.speed not in ("10G", "100G"):
                raise ValueError(f"billing: flat_rate is offered for dedicated 10G and 100G ports only, not "
                                 f"{self.connection} {self.speed}; allowed: connection: dedicated, speed: 10G or 100G")
            if self.port_pair and self.count != 2:
                raise ValueError(f"count: a flat-rate port pair is 2 ports, not {self.count}; allowed: count: 2, or "
                                 "port_pair: false")
        elif self.tier != "auto" or self.included_regions:
            raise ValueError("tier: tier and included_regions go with billing: flat_rate; allowed: billing: flat_rate")
        return self

    def flat(self) -> "tuple | None":
        """``(tier, included Regions, basis)`` of a flat-rate connection (:func:`vpncost.reference.flat_rate.
        resolve`, ``auto`` against its first associated Region), else None."""
        if self.billing != "flat_rate":
            return None
        from vpncost.reference import flat_rate
        return flat_rate.resolve(self.location, self.speed, self.gateway.associations[0], self.tier,
                                 self.included_regions)


class DxConnect(_Model):
    direct_connect: str
    backup: bool = False


class NetworkVpn(VpnSettings):
    """A Site-to-Site VPN from the site to a Region's gateway (``gateway``: vgw, tgw or cloudwan)."""

    region: Region
    account: Optional[str] = None   # owner of the connection (default: the Region gateway's owner)


class VpnConnect(_Model):
    vpn: NetworkVpn
    backup: bool = False


class ConcentratorSite(_Model):
    """A site on the Region's VPN Concentrator (BGP; the Concentrator is declared on the transit gateway)."""

    region: Region
    account: Optional[str] = None


class ConcentratorConnect(_Model):
    concentrator: ConcentratorSite
    backup: bool = False


def _connect(v):
    if isinstance(v, dict) and "direct_connect" in v:
        return DxConnect.model_validate(v)
    if isinstance(v, dict) and "vpn" in v:
        return VpnConnect.model_validate(v)
    if isinstance(v, dict) and "concentrator" in v:
        return ConcentratorConnect.model_validate(v)
    raise ValueError("a connection is {direct_connect: NAME}, {vpn: {region: ..., gateway: ...}} or {concentrator: "
                     "{region: ...}}, each with an optional backup: true")


class Flow(_Model):
    """Traffic of one site with one Region's VPCs in the period [GB]."""

    egress_gb: NonNegative = 0.0    # AWS -> site
    ingress_gb: NonNegative = 0.0   # site -> AWS


SCALAR_TRAFFIC = ("peak_mbps", "peak_to_average", "site_to_site_gb")


class SiteTraffic(_Model):
    """``{Region: {egress_gb, ingress_gb}}`` per site, and the site's peak [Mbit/s]."""

    regions: dict[Region, Flow] = Field(default_factory=dict)
    site_to_site_gb: NonNegative = 0.0   # per site, with the entry's other sites through AWS (sent; counted once)
    peak_mbps: NonNegative = 0.0
    peak_to_average: Annotated[float, Field(ge=1, le=1000, allow_inf_nan=False)] = 1.0

    @model_validator(mode="before")
    @classmethod
    def _split(cls, data):
        if isinstance(data, dict) and "regions" not in data:
            data = {"regions": {k: v for k, v in data.items() if k not in SCALAR_TRAFFIC},
                    **{k: v for k, v in data.items() if k in SCALAR_TRAFFIC}}
        return data


class SiteSpec(Site):
    """A site, or ``count`` like sites: where, how it connects, what it exchanges with each Region."""

    name: str
    count: Annotated[int, Field(ge=1, le=100_000)] = 1
    account: Optional[str] = None
    connect: Annotated[list[Annotated[object, BeforeValidator(_connect)]], Field(min_length=1)]
    traffic: SiteTraffic = Field(default_factory=SiteTraffic)
    extra_monthly_usd: Usd = Field(default_factory=dict)    # the site's circuits [USD/month per site]
    extra_one_time_usd: Usd = Field(default_factory=dict)


class InterRegionFlow(_Model):
    """VPC-to-VPC traffic between two Regions in the period [GB], one direction."""

    from_: Annotated[Region, Field(alias="from")]
    to: Region
    gb: NonNegative

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _two(self):
        if self.from_ == self.to:
            raise ValueError(f"to: traffic within {self.to} is not inter-Region; allowed: another Region")
        return self


class Design(_Model):
    """A named alternative: fields replaced by site name and by Direct Connect name (a new name adds one), and
    ``regions``, ``peerings`` or ``inter_region`` replaced whole."""

    name: str
    sites: dict[str, dict] = Field(default_factory=dict)
    direct_connect: list[dict] = Field(default_factory=list)
    regions: Optional[dict] = None
    peerings: Optional[list] = None
    inter_region: Optional[list] = None


#: what ``vpncost optimize`` may choose for a site (:mod:`vpncost.optimize.candidates` builds each)
KINDS = ("vpn", "vpn_pair", "vpn_large", "vpn_accelerated", "concentrator", "dx_hosted", "dx_hosted_backup",
         "dx_dedicated", "dx_dedicated_backup", "dx_two_locations")
Kind = Literal[KINDS]
Percent = Annotated[float, Field(gt=0, lt=100, allow_inf_nan=False)]
Positive = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class SiteTargets(_Model):
    """What one site needs of its connection (``optimize.sites.NAME``); unset fields take the section's."""

    availability_pct: Optional[Percent] = None     # of the period with a working path [%]
    rtt_ms: Optional[Positive] = None              # modelled round trip to the site's main Region [ms]
    outage_usd_per_hour: Optional[NonNegative] = None
    pin: Optional[Kind] = None                     # only this kind
    forbid: list[Kind] = Field(default_factory=list)


class Circuit(_Model):
    """The customer's circuit from a site to a Direct Connect location (their carrier's quote), per connection."""

    monthly_usd: NonNegative = 0.0
    usd_per_km_month: NonNegative = 0.0


class Quotas(_Model):
    """Adjustable AWS quotas the optimizer keeps to (defaults: AWS's, :mod:`vpncost.reference.limits`; raise one
    if AWS raised it for you)."""

    accelerated_connections_per_region: Annotated[int, Field(ge=0, le=10_000)] = ACCELERATED_CONNECTIONS_QUOTA


class OptimizeSpec(_Model):
    """What ``vpncost optimize`` may choose and the targets it meets (README, "The cheapest network")."""

    availability_pct: Optional[Percent] = None
    rtt_ms: Optional[Positive] = None
    outage_usd_per_hour: NonNegative = 0.0
    kinds: Annotated[list[Kind], Field(min_length=1)] = Field(default_factory=lambda: list(KINDS))
    locations: Annotated[int, Field(ge=1, le=10)] = 3       # nearest DX locations tried per site
    circuit: Circuit = Field(default_factory=Circuit)
    budget_usd: Optional[Positive] = None                  # per month
    quotas: Quotas = Field(default_factory=Quotas)
    sites: dict[str, SiteTargets] = Field(default_factory=dict)

    def targets(self, site: str) -> SiteTargets:
        """The site's targets, the section's where the site sets none."""
        own = self.sites.get(site, SiteTargets())
        return SiteTargets(availability_pct=own.availability_pct if own.availability_pct is not None else
                           self.availability_pct, rtt_ms=own.rtt_ms if own.rtt_ms is not None else self.rtt_ms,
                           outage_usd_per_hour=own.outage_usd_per_hour if own.outage_usd_per_hour is not None
                           else self.outage_usd_per_hour, pin=own.pin, forbid=own.forbid)


class Network(_Model):
    """A validated network. See the README ("Networks") for every field with its unit and default."""

    kind: Literal["network"] = "network"
    name: str
    hours: Annotated[float, Field(gt=0, le=24 * 366 * 10, allow_inf_nan=False)] = 730.0
    hours_per_month: Annotated[float, Field(gt=0, le=745)] = 730.0
    years: Annotated[int, Field(ge=1, le=20)] = 3
    accounts: Annotated[list[Account], Field(min_length=1)] = Field(default_factory=lambda: [Account(id="network")])
    pricing: Pricing = Field(default_factory=Pricing)
    regions: Annotated[dict[Region, RegionSpec], Field(min_length=1)]
    peerings: list[PeeringSpec] = Field(default_factory=list)
    direct_connect: list[DirectConnectSpec] = Field(default_factory=list)
    sites: list[SiteSpec] = Field(default_factory=list)   # none: a network of VPCs (a plan of gateways only)
    inter_region: list[InterRegionFlow] = Field(default_factory=list)
    designs: list[Design] = Field(default_factory=list)
    optimize: Optional[OptimizeSpec] = None   # what vpncost optimize may choose (the other verbs ignore it)
    _dx: object = PrivateAttr(default=None)   # name -> connection, for :meth:`dx`

    @field_validator("regions", mode="before")
    @classmethod
    def _none_is_empty(cls, v):
        return {k: ({} if s is None else s) for k, s in v.items()} if isinstance(v, dict) else v

    @property
    def default_account(self) -> str:
        return self.accounts[0].id

    def payer(self, account: str) -> str:
        """The consolidated bill ``account`` is on (volume tiers and the free tier are shared on it)."""
        for a in self.accounts:
            if a.id == account:
                return a.payer or "organization"
        return "organization"

    def dx(self, name: str) -> DirectConnectSpec:
        """The Direct Connect connection called ``name`` (an index built once per list of connections)."""
        if self._dx is None or self._dx[0] is not self.direct_connect:   # a copy with other connections: anew
            self._dx = (self.direct_connect, {d.name: d for d in self.direct_connect})
        return self._dx[1][name]

    def hop(self, a: str, b: str) -> "str | None":
        """The resource that joins Regions ``a`` and ``b``: a declared peering, or Cloud WAN when both are edges of
        the core network; ``None`` when nothing does."""
        for p in self.peerings:
            if set(p.between) == {a, b}:
                return f"Peering {p.between[0]} / {p.between[1]}"
        if self.regions[a].gateway == self.regions[b].gateway == "cloudwan":
            return f"Cloud WAN {a} / {b}"
        return None

    def reaches(self, connect) -> tuple:
        """``({Region: gateway kind}, route origin, label)`` of a site's connection: the Regions it reaches
        directly, and the kind of route it gives the site's prefix (:mod:`vpncost.reference.route_order`)."""
        from vpncost.reference import route_order
        if isinstance(connect, DxConnect):
            d = self.dx(connect.direct_connect)
            return {r: self.regions[r].gateway for r in d.gateway.associations}, "dx", d.name
        if isinstance(connect, ConcentratorConnect):
            r = connect.concentrator.region
            return {r: "tgw"}, "vpn_bgp", f"VPN Concentrator in {r}"
        v = connect.vpn
        return ({v.region: v.gateway}, route_order.vpn_origin(v.gateway, v.routing),
                f"VPN to {v.region} ({v.gateway})")

    def site_to_site_route(self, site: "SiteSpec") -> "Route":
        """Where the entry's site-to-site traffic crosses AWS: the Region its best connection reaches first (the
        route to that Region), as a scenario's sites meet at its option's gateway."""
        first = None
        for c in site.connect:
            if not c.backup:
                first = next(iter(self.reaches(c)[0]))
                break
        first = first or next(iter(self.reaches(site.connect[0])[0]))
        return self.route(site, first)

    def route(self, site: "SiteSpec", region: str) -> "Route | None":
        """The path of ``site``'s traffic with ``region`` (see :mod:`vpncost.model.network`, "Paths"), or ``None``
        when no connection reaches the Region.

        Direct paths (a connection to the Region's own gateway) are ranked by AWS's route order at that gateway,
        then not ``backup`` before ``backup``, then the order listed: a static VPN backup on a transit gateway
        outranks Direct Connect there, as AWS selects it. A path through a peering (or between Cloud WAN edges) is
        a static route in the Region's route table: it is taken when no direct path is a primary and it is (a
        backup VPN in the Region then stands by for a primary that reaches the Region through a peering). Only a
        connection that ends on a transit gateway or a Cloud WAN edge continues over a peering (a VGW is attached
        to its VPC alone)."""
        from vpncost.reference import route_order
        direct, peered = [], []
        for j, c in enumerate(site.connect):
            reached, origin, label = self.reaches(c)
            for hub, gw in reached.items():
                if hub == region:
                    direct.append(((route_order.rank(gw, origin), c.backup, j), Route(j, c, hub, None, label, gw)))
                elif gw in ("tgw", "cloudwan") and self.hop(hub, region):
                    peered.append(((c.backup, route_order.rank(gw, origin), j),
                                   Route(j, c, hub, self.hop(hub, region), label, gw)))
        best_direct = min(direct, key=lambda t: t[0])[1] if direct else None
        best_peered = min(peered, key=lambda t: t[0])[1] if peered else None
        if best_direct and (any(not r.connect.backup for _, r in direct) or not best_peered
                            or best_peered.connect.backup):
            return best_direct
        return best_peered


class Route(NamedTuple):
    """Where a site's traffic with a Region goes: ``connect`` (index ``index``), ending on ``gateway`` (vgw, tgw,
    cloudwan) in ``hub``, then over ``hop`` (a peering or Cloud WAN) when the hub is not the Region."""

    index: int
    connect: object
    hub: str
    hop: Optional[str]
    label: str
    gateway: str


def _check(net: Network) -> None:
    """Cross-references: names and accounts exist, gateways are where connections need them, quotas hold. Each
    problem raises ``ValueError('<field path>: <message>')``."""
    accounts = [a.id for a in net.accounts]
    dup = sorted({a for a in accounts if accounts.count(a) > 1})
    if dup:
        raise ValueError(f"accounts: list each account once; repeated: {', '.join(dup)}")

    def account(where, value):
        if value is not None and value not in accounts:
            raise ValueError(f"{where}.account: {value!r} is not in accounts; allowed: {', '.join(accounts)}")

    from vpncost.reference.regions import not_offered, partition
    for code, spec in net.regions.items():
        account(f"regions.{code}", spec.account)
        if spec.cloud_wan and not_offered(code, "cloud_wan"):
            raise ValueError(f"regions.{code}.cloud_wan: Cloud WAN is not offered in {code} ({partition(code)}); "
                             "allowed there: transit_gateway, or none (VGWs)")
        for gw in ("transit_gateway", "cloud_wan"):
            if getattr(spec, gw):
                account(f"regions.{code}.{gw}", getattr(spec, gw).account)
    seen = set()
    for i, p in enumerate(net.peerings):
        for r in p.between:
            if r not in net.regions:
                raise ValueError(f"peerings[{i}].between: {r} is not in regions; declare its transit gateway there")
            if net.regions[r].gateway != "tgw":
                raise ValueError(f"peerings[{i}].between: {r} has no transit_gateway; a peering joins two transit "
                                 "gateways")
        if partition(p.between[0]) != partition(p.between[1]):
            raise ValueError(f"peerings[{i}].between: {p.between[0]} and {p.between[1]} are in different partitions "
                             f"({partition(p.between[0])}, {partition(p.between[1])}); AWS peers within one only")
        pair = frozenset(p.between)
        if pair in seen:
            raise ValueError(f"peerings[{i}]: {' and '.join(p.between)} are already peered")
        seen.add(pair)
    names = [d.name for d in net.direct_connect]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise ValueError(f"direct_connect: names must be unique; repeated: {', '.join(dup)}")
    gateways: dict = {}
    for i, d in enumerate(net.direct_connect):
        account(f"direct_connect[{i}]", d.account)
        if d.gateway.name:
            first = gateways.setdefault(d.gateway.name, (i, d.gateway.associations))
            if sorted(first[1]) != sorted(d.gateway.associations):
                raise ValueError(f"direct_connect[{i}].gateway.associations: Direct Connect gateway "
                                 f"{d.gateway.name!r} is associated with {', '.join(first[1])} in "
                                 f"direct_connect[{first[0]}]; list the same Regions (one gateway, one set)")
        kinds = set()
        for j, r in enumerate(d.gateway.associations):
            where = f"direct_connect[{i}].gateway.associations[{j}]"
            if r not in net.regions:
                raise ValueError(f"{where}: {r} is not in regions; declare it (with its transit_gateway, or none for "
                                 "virtual private gateways)")
            if net.regions[r].gateway == "cloudwan":
                raise ValueError(f"{where}: {r} is a Cloud WAN edge; Cloud WAN Direct Connect attachments are not "
                                 "priced (the shipped cloudwan feed has no such dimension); allowed: a Region with a "
                                 "transit_gateway, or with no gateway (VGWs)")
            kinds.add(net.regions[r].gateway)
        parts = sorted({partition(r) for r in d.gateway.associations})
        if len(parts) > 1:
            raise ValueError(f"direct_connect[{i}].gateway.associations: Regions of different partitions "
                             f"({', '.join(parts)}); a Direct Connect gateway serves one partition")
        if len(kinds) > 1:
            raise ValueError(f"direct_connect[{i}].gateway.associations: a Direct Connect gateway is associated with "
                             "transit gateways or with virtual private gateways, not both (DX-UG); split it in two")
        try:
            d.flat()
        except ScenarioError as exc:
            raise ValueError(f"direct_connect[{i}].{exc}") from None
        quota = DXGW_TGW_QUOTA if kinds == {"tgw"} else DXGW_VGW_QUOTA
        n = len(d.gateway.associations)
        if n > quota:
            what = "transit gateways" if kinds == {"tgw"} else "virtual private gateways"
            raise ValueError(f"direct_connect[{i}].gateway.associations: {n} {what} exceed AWS's quota of {quota} per "
                             "Direct Connect gateway (not adjustable); use a second Direct Connect gateway")
    from collections import Counter
    dup = sorted(n for n, k in Counter(d.name for d in net.designs).items() if k > 1)
    if dup or BASE_DESIGN in {d.name for d in net.designs}:
        raise ValueError(f"designs: each design needs its own name, not {BASE_DESIGN!r} (the network as written); "
                         f"repeated: {', '.join(dup) or BASE_DESIGN}")
    dup = sorted(n for n, k in Counter(s.name for s in net.sites).items() if k > 1)
    if dup:
        raise ValueError(f"sites: site names must be unique; repeated: {', '.join(dup)}")
    if net.optimize:
        names_ = [s.name for s in net.sites]
        for name in net.optimize.sites:
            if name not in names_:
                raise ValueError(f"optimize.sites.{name}: not a site of the network; allowed: "
                                 f"{', '.join(names_[:10])}{' ...' if len(names_) > 10 else ''}")
    for i, s in enumerate(net.sites):
        account(f"sites[{i}]", s.account)
        for j, c in enumerate(s.connect):
            where = f"sites[{i}].connect[{j}]"
            if isinstance(c, DxConnect):
                if c.direct_connect not in names:
                    raise ValueError(f"{where}.direct_connect: {c.direct_connect!r} is not a direct_connect name; "
                                     f"allowed: {', '.join(names) or '(none declared)'}")
                continue
            if isinstance(c, ConcentratorConnect):
                r = c.concentrator.region
                account(f"{where}.concentrator", c.concentrator.account)
                if r not in net.regions or not (net.regions[r].transit_gateway
                                                 and (net.regions[r].transit_gateway.concentrators
                                                      or net.regions[r].transit_gateway.concentrators_elsewhere)):
                    raise ValueError(f"{where}.concentrator.region: {r} has no VPN Concentrator; declare "
                                     f"regions.{r}.transit_gateway.concentrators (1 or more)")
                continue
            v = c.vpn
            account(f"{where}.vpn", v.account)
            if v.region not in net.regions:
                raise ValueError(f"{where}.vpn.region: {v.region} is not in regions; allowed: "
                                 f"{', '.join(net.regions)}")
            if v.accelerated and not_offered(v.region, "global_accelerator"):
                raise ValueError(f"{where}.vpn.accelerated: Global Accelerator (accelerated VPN) is not offered in "
                                 f"{v.region} ({partition(v.region)}); allowed there: accelerated: false")
            have = net.regions[v.region].gateway
            if v.gateway != "vgw" and v.gateway != have:
                need = "transit_gateway" if v.gateway == "tgw" else "cloud_wan"
                raise ValueError(f"{where}.vpn.gateway: {v.gateway} needs regions.{v.region}.{need}; allowed there: "
                                 + ("vgw" if have == "vgw" else f"vgw, {have}"))
        for r in s.traffic.regions:
            if r not in net.regions:
                raise ValueError(f"sites[{i}].traffic.{r}: {r} is not in regions; allowed: {', '.join(net.regions)}")
            if net.route(s, r) is None:
                raise ValueError(f"sites[{i}].traffic.{r}: no path from site {s.name!r} to {r}: connect it with a VPN "
                                 f"or a Direct Connect gateway associated with {r}, or peer {r} with a Region the "
                                 "site reaches")
    for i, f in enumerate(net.inter_region):
        for field, r in (("from", f.from_), ("to", f.to)):
            if r not in net.regions:
                raise ValueError(f"inter_region[{i}].{field}: {r} is not in regions")
        if net.hop(f.from_, f.to) is None:
            raise ValueError(f"inter_region[{i}]: no path from {f.from_} to {f.to}: peer their transit gateways "
                             "(peerings) or make both Cloud WAN edges")


def _loc(loc: tuple) -> str:
    out = ""
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "constrained-")) or part == "[key]":
            continue
        elif part == "regions" and i and loc[i - 1] == "traffic":   # a site's Regions are written under traffic
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def from_dict(data, source: str = "network") -> Network:
    """Validate a mapping as a network; raise :class:`ScenarioError` with one line on the first problem.

    Parameters
    ----------
    data : dict
        The parsed YAML.
    source : str
        Named in error messages (the file).
    """
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: a network must be a mapping of fields (name, regions, sites...), "
                            f"not {type(data).__name__}")
    from vpncost.reference.regions import region_codes
    token = _CODES.set(region_codes())
    try:
        with paused_gc():   # thousands of models, no cycles (vpncost.speed)
            net = Network.model_validate(data)
            _check(net)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        msg = err["msg"].removeprefix("Value error, ")
        loc = _loc(err["loc"])
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif err["type"] == "missing":
            msg = "required field is missing"
        field, sep, rest = msg.partition(": ")
        if sep and err["type"] == "value_error" and all(p.isidentifier() for p in field.split(".")):
            loc = field if loc == "(top level)" else f"{loc}.{field}"
            msg = rest
        raise ScenarioError(f"{source}: {loc}: {' '.join(msg.split())}") from None
    except ValueError as exc:
        raise ScenarioError(f"{source}: {exc}") from None
    finally:
        _CODES.reset(token)
    return net


def with_design(net: Network, design: str, source: str = "network") -> Network:
    """``net`` with the named design's changes applied, re-validated (errors name the design).

    Parameters
    ----------
    net : Network
        The base network.
    design : str
        A name in ``net.designs``.
    source : str
        Named in error messages.
    """
    names = [d.name for d in net.designs]
    if design not in names:
        raise ScenarioError(f"{source}: design {design!r} is not in designs; allowed: {', '.join(names) or '(none)'}")
    d = net.designs[names.index(design)]
    data = net.model_dump(by_alias=True, exclude={"designs"})
    by_name = {s["name"]: i for i, s in enumerate(data["sites"])}
    for name, change in d.sites.items():
        if name not in by_name:
            raise ScenarioError(f"{source}: designs[{names.index(design)}].sites: {name!r} is not a site name; "
                                f"allowed: {', '.join(by_name)}")
        data["sites"][by_name[name]] = {**data["sites"][by_name[name]], **change}
    dx = {x["name"]: i for i, x in enumerate(data["direct_connect"])}
    for j, x in enumerate(d.direct_connect):   # by name: the fields given replace the connection's; a new name adds
        if not isinstance(x.get("name"), str):
            raise ScenarioError(f"{source}: designs[{names.index(design)}].direct_connect[{j}].name: required (the "
                                "connection it changes, or a new one's name)")
        if x["name"] in dx:
            data["direct_connect"][dx[x["name"]]] = {**data["direct_connect"][dx[x["name"]]], **x}
        else:
            data["direct_connect"].append(x)
    for field in ("regions", "peerings", "inter_region"):
        if getattr(d, field) is not None:
            data[field] = getattr(d, field)
    return from_dict(data, source=f"{source}: design {design!r}")


def load_network(path) -> Network:
    """Read and validate a YAML network file; errors are one line naming the file and field.

    Parameters
    ----------
    path : str or os.PathLike
        The file.
    """
    import os
    from pathlib import Path

    from vpncost.fileio import input_file, read_input

    path = Path(path)
    net = from_dict(parse_yaml(read_input(path, "network", ScenarioError), str(path)), source=str(path))
    if net.pricing.overrides:
        over = Path(os.path.abspath(path.parent / net.pricing.overrides))
        try:
            input_file(over, "overrides", ScenarioError)
        except ScenarioError as exc:
            raise ScenarioError(f"{path}: pricing.overrides: {exc}") from None
        net = net.model_copy(update={"pricing": net.pricing.model_copy(update={"overrides": str(over)})})
    for d in net.designs:   # every alternative is valid before anything is priced
        with_design(net, d.name, str(path))
    return net




def _not_expressible(scenario, o) -> str:
    """Why a scenario option cannot be written as a network yet ('' when it can)."""
    t = scenario.traffic
    if t.other_internet_egress_gb:
        return "other internet egress sharing the tiers is not in networks yet"
    if scenario.term_months is not None:
        return "term_months is not in networks"
    if o.type == "direct_connect":
        if o.sitelink or o.extra_locations:
            return "SiteLink and ports at several locations are not in networks yet"
        if o.backup and o.backup.traffic_share and not o.backup_share() == 1.0:
            return "a backup carrying a share of the traffic is not in networks (a Region's flow takes one path)"
        if o.associations and o.backup_share():
            return "associations with a backup carrying traffic are not in networks"
        if o.gateway == "vgw" and (o.backup and o.backup.gateway != "vgw" or o.peerings):
            return "a private VIF to a VGW with a transit gateway beside it is not in networks"
    return ""


def from_scenario(scenario, option: str) -> Network:
    """The one-site network that a scenario's option describes: one site entry (``scenario.sites`` like sites,
    each with its share of the traffic), the option's Region and, for peerings and associations, the other
    Regions with their shares of the traffic. Pricing it gives the option's cost (``tests/test_network.py``
    checks every shipped example option this can express, to the cent).

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    option : str
        The option's name.
    """
    o = scenario.option(option)
    why = _not_expressible(scenario, o)
    if why:
        raise ScenarioError(f"{scenario.name}: option {o.name!r} cannot be written as a network: {why}")
    n, t, home = scenario.sites, scenario.traffic, scenario.region
    carried = 1.0 - o.backup_share() if o.type == "direct_connect" else 1.0
    shares = {home: 1.0}
    regions = {}
    gw = {"tgw": "transit_gateway", "cloudwan": "cloud_wan"}.get(o.gateway)
    regions[home] = {gw: {"vpc_attachments": o.vpc_attachments}} if gw else {}
    if o.type == "vpn_concentrator":
        regions[home][gw]["concentrators"] = o.concentrators
    for p in getattr(o, "peerings", ()):
        shares[p.region] = float(p.share)
        shares[home] -= float(p.share)
        regions[p.region] = {"transit_gateway": {"vpc_attachments": p.vpc_attachments}}
    for a in getattr(o, "associations", ()):
        shares[a.region] = float(a.share) * carried
        shares[home] -= float(a.share) * carried
        regions[a.region] = {"transit_gateway": {"vpc_attachments": a.vpc_attachments}}
    vpn_fields = set(VpnSettings.model_fields) - {"extra_monthly_usd", "extra_one_time_usd"}
    site = {"name": "site", **scenario.site.model_dump(exclude={"name"}, exclude_none=True), "count": n,
            "traffic": {**{r: {"egress_gb": t.egress_gb * s / n, "ingress_gb": t.ingress_gb * s / n}
                           for r, s in shares.items()},
                        "site_to_site_gb": t.site_to_site_gb / n,
                        "peak_mbps": t.peak_mbps, "peak_to_average": t.peak_to_average}}
    data = {"name": f"{scenario.name}: {o.name}", "kind": KIND, "hours": scenario.hours,
            "hours_per_month": scenario.hours_per_month, "years": scenario.years,
            "pricing": scenario.pricing.model_dump(), "regions": regions,
            "peerings": [{"between": [home, p.region]} for p in getattr(o, "peerings", ())]}

    def per_site(items):   # a scenario's customer items are for all its sites; a network's are per site
        return {k: v / n for k, v in items.items()}
    if o.type in ("vpn", "vpn_concentrator"):
        site["connect"] = [{"vpn": {**{k: getattr(o, k) for k in vpn_fields}, "region": home}}
                           if o.type == "vpn" else {"concentrator": {"region": home}}]
        site["extra_monthly_usd"], site["extra_one_time_usd"] = per_site(o.extra_monthly_usd), \
            per_site(o.extra_one_time_usd)
    else:
        flat = {"billing": "flat_rate", "tier": o.tier, "port_pair": o.port_pair,
                "included_regions": o.included_regions} if o.billing == "flat_rate" else {}
        data["direct_connect"] = [{"name": o.name, "location": o.location, "connection": o.connection, **flat,
                                   "speed": o.speed, "count": o.count, "extra_monthly_usd": o.extra_monthly_usd,
                                   "extra_one_time_usd": o.extra_one_time_usd,
                                   "gateway": {"associations": [home, *(a.region for a in o.associations)]}}]
        site["connect"] = [{"direct_connect": o.name}]
        if o.backup:
            b = o.backup
            site["connect"].append({"vpn": {**{k: getattr(b, k) for k in vpn_fields}, "region": home},
                                    "backup": True})
            site["extra_monthly_usd"], site["extra_one_time_usd"] = per_site(b.extra_monthly_usd), \
                per_site(b.extra_one_time_usd)
    data["sites"] = [site]
    return from_dict(data, source=f"{scenario.name}: option {o.name!r}")
