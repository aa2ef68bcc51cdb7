"""Scenario files: one site (or a group of like sites), its traffic and the options to compare.

A scenario is YAML validated once, here, at the edge; the cost model receives clean values. Every
error is one line naming the file, the field path and the allowed values, e.g.::

    site.yaml: options[1].speed: '3G' is not offered for dedicated connections; allowed: 1G, 10G, 100G, 400G

Quantities are per billing period: ``hours`` long (default 730 = one month). Traffic volumes are
GB in that period; ``peak_mbps`` is the busiest site's peak [Mbit/s].
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal, Optional, Sequence, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from vpncost.errors import ScenarioError
from vpncost.reference.limits import speeds
from vpncost.reference.route_order import backup_carries_traffic

MAX_AMOUNT = 1e12  # [GB, USD, ms, Mbit/s] far above any real bill or network; beyond it float arithmetic overflows
NonNegative = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]
Usd = dict[str, NonNegative]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Traffic(_Model):
    """Traffic per period [GB] and the busiest site's peak [Mbit/s]."""

    egress_gb: NonNegative = 0.0          # AWS -> on-premises
    ingress_gb: NonNegative = 0.0         # on-premises -> AWS
    site_to_site_gb: NonNegative = 0.0    # between sites through AWS (CloudHub / TGW); counted once
    other_internet_egress_gb: NonNegative = 0.0  # the account's other internet egress per month (shares tiers)
    peak_mbps: NonNegative = 0.0
    # busiest hour over the period's average, used only when peak_mbps is not given (model/capacity.py)
    peak_to_average: Annotated[float, Field(ge=1, le=1000, allow_inf_nan=False)] = 1.0
    growth_pct_per_year: Annotated[float, Field(ge=-100, le=1000, allow_inf_nan=False)] = 0.0
    dominant_direction: Literal["auto", "egress", "ingress"] = "auto"
    ipv6: bool = False


class Site(_Model):
    """Where the site is: a city from ``data/cities.csv`` or latitude/longitude [deg]."""

    name: str = "site"
    city: Optional[str] = None
    latitude: Optional[Annotated[float, Field(ge=-90, le=90)]] = None
    longitude: Optional[Annotated[float, Field(ge=-180, le=180)]] = None
    edge_group: Optional[Literal["NA", "EU", "AP", "AU", "KR", "IN", "SA", "ZA", "ME"]] = None

    @model_validator(mode="after")
    def _where(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude: give both latitude and longitude, or neither")
        if self.city is not None:
            from vpncost.reference.locations import city
            try:
                city(self.city)
            except ScenarioError as exc:
                raise ValueError(f"city: {exc}") from None
        return self


class Pricing(_Model):
    """Price adjustments for this scenario."""

    discount_pct: Annotated[float, Field(ge=0, le=100)] = 0.0
    overrides: Optional[str] = None       # CSV of negotiated rates, relative to the scenario file
    free_tier: bool = False               # apply the 100 GB/month account-wide internet free tier


def canonical_dx(v):
    from vpncost.reference.regions import dx_location_code
    if isinstance(v, str):
        return dx_location_code(v) or v
    return v


class LatencySettings(_Model):
    """What a millisecond is worth, and optional overrides of the latency model's constants."""

    value_of_ms_usd_per_month: NonNegative = 10.0   # worth of 1 ms less RTT [USD/month]
    min_saving_ms: NonNegative = 10.0               # savings below this are not noticeable [ms]
    fibre_km_per_ms: Optional[Annotated[float, Field(gt=0, le=300, allow_inf_nan=False)]] = None  # light: 300
    internet_route_factor: Optional[Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)]] = None
    backbone_route_factor: Optional[Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)]] = None
    circuit_route_factor: Optional[Annotated[float, Field(ge=1, le=10, allow_inf_nan=False)]] = None
    internet_overhead_ms: Optional[NonNegative] = None
    accelerated_overhead_ms: Optional[NonNegative] = None
    direct_connect_overhead_ms: Optional[NonNegative] = None
    jitter_base_ms: Optional[NonNegative] = None
    jitter_ms_per_1000km_internet: Optional[NonNegative] = None

    def params(self):
        """The latency model's constants with this file's overrides applied."""
        from vpncost.model.latency import DEFAULT
        over = {k: v for k, v in self.model_dump().items()
                if v is not None and k not in ("value_of_ms_usd_per_month", "min_saving_ms")}
        return DEFAULT.updated(**over)


class FailoverSettings(_Model):
    """Inputs of ``vpncost failover``: what an hour of outage costs, how much to simulate, which designs."""

    outage_cost_usd_per_hour: NonNegative = 0.0
    years: Annotated[int, Field(ge=100, le=1_000_000)] = 2000     # simulated years per design
    seed: Annotated[int, Field(ge=0)] = 0
    designs: list[Literal["vpn_only", "dx_only", "dx_vpn_backup", "dx_2_one_location", "dx_2_two_locations",
                          "dx_4_two_locations"]] = Field(default_factory=lambda: [
                              "vpn_only", "dx_only", "dx_vpn_backup", "dx_2_one_location", "dx_2_two_locations",
                              "dx_4_two_locations"])
    include_options: bool = True           # also assess the scenario's own options
    second_location: Optional[str] = None  # DX location for two-location designs (default: nearest in group)
    site_prefix: str = "10.0.0.0/16"
    bfd: bool = False                      # BFD on Direct Connect (0.9 s detection instead of the BGP hold time)
    rates: dict[str, NonNegative] = Field(default_factory=dict)  # FailureParams overrides

    @field_validator("site_prefix")
    @classmethod
    def _prefix(cls, v):
        import ipaddress
        try:
            ipaddress.ip_network(v, strict=False)
        except ValueError:
            raise ValueError(f"{v!r} is not an IP prefix (e.g. 10.0.0.0/16)") from None
        return v

    @field_validator("second_location", mode="before")
    @classmethod
    def _second(cls, v):
        v = canonical_dx(v)
        if v is not None:
            from vpncost.reference.regions import dx_location
            try:
                dx_location(v)
            except Exception as exc:
                raise ValueError(str(exc).removeprefix("location: ")) from None
        return v

    @field_validator("rates")
    @classmethod
    def _rates(cls, v):
        from vpncost.failover.failures import FailureParams
        try:
            FailureParams().updated(**v)
        except ScenarioError as exc:
            raise ValueError(str(exc).removeprefix("failover: ")) from None
        return v

    def params(self):
        from vpncost.failover.failures import FailureParams
        return FailureParams().updated(**self.rates)


class _Costs(_Model):
    extra_monthly_usd: Usd = Field(default_factory=dict)   # customer-side monthly items [USD/month]
    extra_one_time_usd: Usd = Field(default_factory=dict)  # customer-side one-time items [USD]


GATEWAY_ALIASES = {"vgw": "vgw", "virtual private gateway": "vgw", "virtual_private_gateway": "vgw",
                   "tgw": "tgw", "transit gateway": "tgw", "transit_gateway": "tgw",
                   "cloudwan": "cloudwan", "cloud wan": "cloudwan", "cloud_wan": "cloudwan", "core network": "cloudwan"}
TYPE_ALIASES = {"vpn": "vpn", "site_to_site_vpn": "vpn", "site-to-site vpn": "vpn", "s2s_vpn": "vpn",
                "direct_connect": "direct_connect", "dx": "direct_connect", "direct connect": "direct_connect",
                "directconnect": "direct_connect", "vpn_concentrator": "vpn_concentrator",
                "concentrator": "vpn_concentrator", "vpn concentrator": "vpn_concentrator"}
BILLING_ALIASES = {"payg": "pay_as_you_go", "pay-as-you-go": "pay_as_you_go", "pay as you go": "pay_as_you_go",
                   "flat rate": "flat_rate", "flat-rate": "flat_rate", "flatrate": "flat_rate"}


def canonical_billing(v):
    return BILLING_ALIASES.get(v.strip().lower(), v.strip().lower()) if isinstance(v, str) else v


def _gateway(v):
    return GATEWAY_ALIASES.get(v.strip().lower(), v) if isinstance(v, str) else v


def normalise_speed(v):
    """'1 Gbps', '1Gbps', '1g' -> '1G'; '500 Mbps' -> '500M' (other values are left for validation)."""
    if not isinstance(v, str):
        return v
    text = v.replace(" ", "").upper().replace("GBPS", "G").replace("MBPS", "M")
    return text if text[:-1].isdigit() and text[-1:] in ("G", "M") else v


class VpnSettings(_Costs):
    gateway: Annotated[Literal["vgw", "tgw", "cloudwan"], BeforeValidator(_gateway)] = "vgw"
    connections: Annotated[int, Field(ge=1, le=100)] = 1   # per site
    tunnel: Literal["standard", "large"] = "standard"
    routing: Literal["bgp", "static"] = "bgp"
    accelerated: bool = False
    nat_traversal: bool = True
    vpc_attachments: Annotated[int, Field(ge=0, le=5000)] = 1   # TGW designs; 0: billed to the VPC owner's account
    replaces_existing: bool = False            # a new connection replacing one in service (e.g. to accelerate it)
    migration_overlap_hours: NonNegative = 24.0  # old and new connections run side by side [h]
    cutover_minutes: NonNegative = 5.0           # both tunnels down while routes move [min]

    @model_validator(mode="after")
    def _tgw_only(self):
        if self.accelerated and not self.nat_traversal:
            raise ValueError("nat_traversal: accelerated VPN requires NAT traversal (NAT-T); allowed: true")
        if self.accelerated and self.gateway != "tgw":
            raise ValueError("accelerated: accelerated VPN needs gateway: tgw (a virtual private gateway does not support "
                             "acceleration); allowed: gateway: tgw with accelerated: true")
        if self.tunnel == "large" and self.gateway == "vgw":
            raise ValueError("tunnel: large (5 Gbps) tunnels need gateway: tgw or cloudwan; allowed on vgw: tunnel: standard")
        if self.tunnel == "large" and self.accelerated:
            raise ValueError("tunnel: large (5 Gbps) tunnels cannot be accelerated; allowed: tunnel: standard with "
                             "accelerated: true, or tunnel: large with accelerated: false")
        return self


class Peering(_Model):
    """A transit gateway peering from the option's transit gateway to one in another Region: ``share`` of the
    site's traffic (each direction) is with VPCs there, reached over the peering (:mod:`vpncost.model.resources.
    tgw_peering`)."""

    region: str
    share: Annotated[float, Field(ge=0, le=1)]
    vpc_attachments: Annotated[int, Field(ge=0, le=5000)] = 1   # on the peer transit gateway

    @field_validator("region")
    @classmethod
    def _known(cls, v):
        from vpncost.reference.regions import region_codes, unknown_region_message
        if v not in region_codes():
            raise ValueError(unknown_region_message(v))
        return v


class Association(Peering):
    """A transit gateway in another Region associated with the option's Direct Connect gateway: ``share`` of
    the traffic Direct Connect carries (each direction) is with VPCs there, reached straight over Direct Connect
    (:mod:`vpncost.model.resources.dx_gateway`)."""


class _Peered(_Model):
    peerings: list[Peering] = Field(default_factory=list)

    @model_validator(mode="after")
    def _peerings(self):
        if not self.peerings:
            return self
        if getattr(self, "gateway", None) != "tgw":
            raise ValueError(f"peerings: a transit gateway peering needs gateway: tgw, not {self.gateway!r}; allowed: "
                             "gateway: tgw with peerings, or no peerings")
        regions = [p.region for p in self.peerings]
        dup = sorted({r for r in regions if regions.count(r) > 1})
        if dup:
            raise ValueError(f"peerings: one peering per Region; repeated: {', '.join(dup)}")
        if sum(p.share for p in self.peerings) > 1 + 1e-12:
            raise ValueError("peerings: the shares add up to more than 1 (each is a share of the site's traffic); "
                             "allowed: a total of at most 1")
        return self


class VpnOption(VpnSettings, _Peered):
    """Site-to-Site VPN on a virtual private gateway or a transit gateway."""

    type: Literal["vpn"]
    name: str


class VpnBackup(VpnSettings):
    """A VPN standing by for Direct Connect; ``traffic_share`` of the traffic runs over it."""

    type: Literal["vpn"] = "vpn"
    traffic_share: Annotated[float, Field(ge=0, le=1)] = 0.0


class ConcentratorOption(_Costs, _Peered):
    """A Site-to-Site VPN Concentrator: one transit gateway attachment shared by up to 100 sites (BGP only)."""

    type: Literal["vpn_concentrator"]
    name: str
    gateway: Annotated[Literal["vgw", "tgw", "cloudwan"], BeforeValidator(_gateway)] = "tgw"
    routing: Literal["bgp", "static"] = "bgp"
    concentrators: Annotated[int, Field(ge=1, le=50)] = 1
    vpc_attachments: Annotated[int, Field(ge=0, le=5000)] = 1

    @model_validator(mode="after")
    def _rules(self):
        if self.gateway != "tgw":
            raise ValueError(f"gateway: a VPN Concentrator attaches to a transit gateway only; {self.gateway!r} is "
                             "not allowed; allowed: tgw")
        if self.routing != "bgp":
            raise ValueError("routing: a VPN Concentrator supports BGP only; allowed: bgp")
        return self


class DirectConnectOption(_Costs, _Peered):
    """Direct Connect: dedicated or hosted ports at one location, on a VGW or through a DX gateway to a TGW;
    pay-as-you-go or flat-rate billing."""

    type: Literal["direct_connect"]
    name: str
    connection: Literal["dedicated", "hosted"] = "dedicated"
    speed: Annotated[str, BeforeValidator(normalise_speed)] = "1G"
    count: Annotated[int, Field(ge=1, le=16)] = 1
    location: str
    extra_locations: list[str] = Field(default_factory=list)  # ports spread round-robin over all locations
    gateway: Annotated[Literal["vgw", "tgw"], BeforeValidator(_gateway)] = "vgw"
    vpc_attachments: Annotated[int, Field(ge=0, le=5000)] = 1
    backup: Optional[VpnBackup] = None
    associations: list[Association] = Field(default_factory=list)  # transit gateways in other Regions, same DX gateway
    billing: Annotated[Literal["pay_as_you_go", "flat_rate"], BeforeValidator(canonical_billing)] = "pay_as_you_go"
    tier: Union[Literal["auto"], Annotated[int, Field(ge=1, le=5)]] = "auto"  # flat-rate tier
    port_pair: bool = True                      # flat rate: two ports, the second free
    included_regions: list[str] = Field(default_factory=list)  # flat rate: the tier's Regions (DescribeLocations)
    billing_switch_months: list[Annotated[int, Field(ge=0, le=600)]] = Field(default_factory=list)
    sitelink: bool = False                      # site-to-site traffic between the locations over SiteLink

    @field_validator("location", mode="before")
    @classmethod
    def _canonical_location(cls, v):
        return canonical_dx(v)

    @field_validator("extra_locations", mode="before")
    @classmethod
    def _canonical_locations(cls, v):
        return [canonical_dx(x) for x in v] if isinstance(v, list) else v

    def port_locations(self) -> list:
        """Location code of each port, round-robin over ``location`` then ``extra_locations``."""
        locs = [self.location, *self.extra_locations]
        return [locs[i % len(locs)] for i in range(self.count)]

    def backup_share(self) -> float:
        """Share of the traffic the VPN backup carries while Direct Connect is up [-]: all of it when its routes
        outrank Direct Connect's (a static VPN route on a transit gateway:
        :func:`vpncost.reference.route_order.backup_carries_traffic`), else ``backup.traffic_share``; 0 without
        a backup."""
        if not self.backup:
            return 0.0
        return 1.0 if backup_carries_traffic(self.gateway, self.backup.routing) else self.backup.traffic_share

    @model_validator(mode="before")
    @classmethod
    def _pair_is_two_ports(cls, data):
        """A flat-rate port pair is two ports: ``count`` defaults to 2 there."""
        if isinstance(data, dict) and canonical_billing(data.get("billing")) == "flat_rate" and data.get("port_pair", True) \
                and "count" not in data:
            data = {**data, "count": 2}
        return data

    @model_validator(mode="after")
    def _associations(self):
        if self.peerings and self.backup and self.backup.gateway != "tgw":
            raise ValueError(f"backup.gateway: with peerings the backup VPN must be on the same transit gateway (tgw), "
                             f"not {self.backup.gateway!r}: the peered traffic takes it when Direct Connect is down")
        if not self.associations:
            return self
        if self.gateway != "tgw":
            raise ValueError("associations: transit gateways in other Regions are reached through a Direct Connect "
                             f"gateway and a transit VIF: needs gateway: tgw, not {self.gateway!r}")
        if self.billing == "flat_rate":
            raise ValueError("associations: flat-rate ports serving several Regions are not modelled; allowed: "
                             "billing: pay_as_you_go with associations")
        regions = [a.region for a in self.associations]
        dup = sorted({r for r in regions if regions.count(r) > 1} | (set(regions) & {p.region for p in self.peerings}))
        if dup:
            raise ValueError(f"associations: one way to each Region (an association or a peering); repeated: "
                             f"{', '.join(dup)}")
        if sum(a.share for a in self.associations) + sum(p.share for p in self.peerings) > 1 + 1e-12:
            raise ValueError("associations: the shares of associations and peerings add up to more than 1 (each is a "
                             "share of the site's traffic); allowed: a total of at most 1")
        return self

    @model_validator(mode="after")
    def _speed(self):
        allowed = speeds(self.connection)
        if self.speed not in allowed:
            raise ValueError(f"speed: {self.speed!r} is not offered for {self.connection} connections; "
                             f"allowed: {', '.join(allowed)}")
        from vpncost.reference.regions import dx_location
        try:
            dx_location(self.location)
        except Exception as exc:
            raise ValueError(str(exc)) from None
        for loc in self.extra_locations:
            try:
                dx_location(loc)
            except Exception as exc:
                raise ValueError("extra_locations: " + str(exc).removeprefix("location: ")) from None
        if len({self.location, *self.extra_locations}) != 1 + len(self.extra_locations):
            raise ValueError("extra_locations: list each location once, without the main location")
        if self.count < 1 + len(self.extra_locations):
            raise ValueError(f"count: {self.count} port(s) cannot cover {1 + len(self.extra_locations)} locations; "
                             "allowed: count >= number of locations")
        if self.billing == "flat_rate":
            if self.extra_locations:
                raise ValueError("extra_locations: a flat-rate port or port pair is at one location; allowed: "
                                 "extra_locations: [] with billing: flat_rate")
            if self.connection != "dedicated" or self.speed not in ("10G", "100G"):
                raise ValueError(f"billing: flat_rate is offered for dedicated 10G and 100G ports only, not "
                                 f"{self.connection} {self.speed}; allowed: connection: dedicated, speed: 10G or 100G")
            if self.port_pair and self.count != 2:
                raise ValueError(f"count: a flat-rate port pair is 2 ports, not {self.count}; allowed: count: 2, or "
                                 "port_pair: false")
            from vpncost.reference.regions import region_codes
            bad = [r for r in self.included_regions if r not in region_codes()]
            if bad:
                raise ValueError(f"included_regions: {bad[0]!r} is not a known Region; allowed: Region codes")
        elif self.tier != "auto" or self.included_regions:
            raise ValueError("tier: tier and included_regions go with billing: flat_rate; allowed: billing: flat_rate")
        if self.sitelink and not self.extra_locations:
            raise ValueError("sitelink: SiteLink connects Direct Connect locations; add extra_locations (a second "
                             "location); allowed: sitelink: true with extra_locations")
        if self.connection == "dedicated":  # AWS lists the dedicated port speeds of each location
            for code in (self.location, *self.extra_locations):
                offered = str(dx_location(code)["speeds"]).split()
                if offered and self.speed not in offered:
                    raise ValueError(f"speed: {self.speed} dedicated ports are not offered at {code}, so AWS publishes "
                                     f"no price for them; offered there: {', '.join(offered)}")
        return self


Option = Annotated[Union[VpnOption, DirectConnectOption, ConcentratorOption], Field(discriminator="type")]


class Scenario(_Model):
    """A validated scenario. See the README for every field with its unit and default."""

    name: str
    region: str
    hours: Annotated[float, Field(gt=0, le=24 * 366 * 10, allow_inf_nan=False)] = 730.0
    hours_per_month: Annotated[float, Field(gt=0, le=745)] = 730.0
    years: Annotated[int, Field(ge=1, le=20)] = 3
    term_months: Optional[Annotated[float, Field(gt=0, le=240)]] = None
    sites: Annotated[int, Field(ge=1, le=5000)] = 1
    site: Site = Field(default_factory=Site)
    traffic: Traffic = Field(default_factory=Traffic)
    pricing: Pricing = Field(default_factory=Pricing)
    latency: LatencySettings = Field(default_factory=LatencySettings)
    failover: FailoverSettings = Field(default_factory=FailoverSettings)
    options: Annotated[list[Option], Field(min_length=1)]

    @model_validator(mode="before")
    @classmethod
    def _type_aliases(cls, data):
        if isinstance(data, dict) and isinstance(data.get("options"), list):
            data = {**data, "options": [
                {**o, "type": TYPE_ALIASES.get(o["type"].strip().lower(), o["type"])}
                if isinstance(o, dict) and isinstance(o.get("type"), str) else o for o in data["options"]]}
        return data

    @field_validator("region", mode="before")
    @classmethod
    def _region(cls, v):
        from vpncost.reference.regions import region_codes, regions
        codes = region_codes()
        if isinstance(v, str) and v not in codes:
            t = regions()
            hit = t[(t["name"].str.lower() == v.strip().lower()) | (t["code"] == v.strip().lower())]
            v = hit.iloc[0]["code"] if len(hit) else v
        if v not in codes:
            from vpncost.reference.regions import unknown_region_message
            raise ValueError(unknown_region_message(v))
        return v

    @model_validator(mode="after")
    def _names(self):
        names = [o.name for o in self.options]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"options: option names must be unique; repeated: {', '.join(dup)}")
        return self

    def option(self, name: str):
        """The option called ``name``; a clear error listing the names otherwise."""
        for o in self.options:
            if o.name == name:
                return o
        raise ScenarioError(f"option {name!r} is not in scenario {self.name!r}; allowed: "
                            + ", ".join(o.name for o in self.options))

    def replace(self, *, source: "str | None" = None, option_labels: "Sequence[str] | None" = None,
                **changes) -> "Scenario":
        """A re-validated copy with top-level fields (or ``traffic``/``pricing`` dicts merged) changed;
        errors name ``source`` (default: the scenario's name) and the field, an option by its entry in
        ``option_labels`` when given (for options the user did not write as such, e.g. reference designs)."""
        data = self.model_dump()
        for key, val in changes.items():
            if isinstance(val, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **val}
            else:
                data[key] = val
        return from_dict(data, source=source or self.name, option_labels=option_labels)


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("vpn", "direct_connect", "vpn_concentrator") and out.endswith("]"):
            continue  # the discriminator tag pydantic adds inside a union
        elif str(part).startswith(("function-", "constrained-")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _message(err: dict) -> str:
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown field"
    if err["type"] == "missing":
        msg = "required field is missing"
    return msg


def from_dict(data, source: str = "scenario", option_labels: "Sequence[str] | None" = None) -> Scenario:
    """Validate a mapping as a scenario; raise :class:`ScenarioError` with one line on the first problem.

    ``option_labels[i]``, when given, replaces ``options[i]`` in that line: the field the user wrote that made
    the option (e.g. ``failover.designs[2] (reference design 'DX + VPN backup')``)."""
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: a scenario must be a mapping of fields (name, region, options...), "
                            f"not {type(data).__name__}")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where, label = err["loc"], ""
        if option_labels and len(where) > 1 and where[0] == "options" and isinstance(where[1], int) \
                and where[1] < len(option_labels):
            where, label = where[2:], option_labels[where[1]]
            where = where[1:] if where and where[0] in ("vpn", "direct_connect", "vpn_concentrator") else where
        loc = _loc(where)
        msg = _message(err)
        field, sep, rest = msg.partition(": ")
        if sep and field.isidentifier() and err["type"] == "value_error":
            loc = field if loc == "(top level)" else f"{loc}.{field}"
            msg = rest
        if err["type"] == "extra_forbidden":
            msg += f"; allowed: {', '.join(_allowed_fields(err['loc']))}"
        if label:
            loc = label if loc == "(top level)" else f"{label}: {loc}"
        raise ScenarioError(f"{source}: {loc}: {' '.join(msg.split())}") from None
    _check_flat_rate(scenario, source, option_labels)
    _check_other_regions(scenario, source, option_labels)
    _check_partition(scenario, source, option_labels)
    return scenario


def _check_partition(scenario: Scenario, source: str, option_labels) -> None:
    """What the scenario's partition does not offer (GovCloud: no accelerated VPN, no Cloud WAN), and no peering
    or association into another partition (:mod:`vpncost.reference.regions`)."""
    from vpncost.reference.regions import not_offered, partition
    home = scenario.region
    for i, o in enumerate(scenario.options):
        where = option_labels[i] + ": " if option_labels and i < len(option_labels) else f"options[{i}]."
        needs = [("accelerated", "global_accelerator", getattr(o, "accelerated", False)),
                 ("gateway", "cloud_wan", getattr(o, "gateway", None) == "cloudwan"),
                 ("backup.accelerated", "global_accelerator", bool(getattr(o, "backup", None) and o.backup.accelerated)),
                 ("backup.gateway", "cloud_wan", bool(getattr(o, "backup", None) and o.backup.gateway == "cloudwan"))]
        for field, service, used in needs:
            what = not_offered(home, service) if used else None
            if what:
                raise ScenarioError(f"{source}: {where}{field}: {what} is not offered in {home} ({partition(home)}); "
                                    "allowed there: VPN on vgw or tgw, Direct Connect")
        for field in ("peerings", "associations"):
            for j, p in enumerate(getattr(o, field, ())):
                if partition(p.region) != partition(home):
                    raise ScenarioError(f"{source}: {where}{field}[{j}].region: {p.region} is in partition "
                                        f"{partition(p.region)}, {home} in {partition(home)}; AWS joins gateways "
                                        "within one partition only")


def _check_other_regions(scenario: Scenario, source: str, option_labels) -> None:
    """Peerings and associations reach transit gateways in *other* Regions: checked with the scenario's Region,
    the error naming the option as the user wrote it."""
    for i, o in enumerate(scenario.options):
        for field in ("peerings", "associations"):
            for j, p in enumerate(getattr(o, field, ())):
                if p.region == scenario.region:
                    where = option_labels[i] + ": " if option_labels and i < len(option_labels) else f"options[{i}]."
                    what = "a peering" if field == "peerings" else "an association"
                    raise ScenarioError(f"{source}: {where}{field}[{j}].region: {p.region} is the scenario's own "
                                        f"Region; {what} joins a transit gateway in another Region")


def _check_flat_rate(scenario: Scenario, source: str, option_labels) -> None:
    """A flat-rate Direct Connect option needs a tier whose Regions are known (published or given): checked with
    the scenario, so the error names the file and the option rather than surfacing while pricing."""
    from vpncost.reference import flat_rate
    for i, o in enumerate(scenario.options):
        if o.type == "direct_connect" and o.billing == "flat_rate":
            try:
                flat_rate.resolve(o.location, o.speed, scenario.region, o.tier, o.included_regions)
            except ScenarioError as exc:
                where = option_labels[i] + ": " if option_labels and i < len(option_labels) else f"options[{i}]."
                raise ScenarioError(f"{source}: {where}{exc}") from None


def _allowed_fields(loc: tuple) -> list:
    model = Scenario
    parts = [p for p in loc[:-1]]
    for i, part in enumerate(parts):
        if isinstance(part, int):
            continue
        if part == "options":
            kind = parts[i + 2] if i + 2 < len(parts) else None
            model = {"vpn": VpnOption, "direct_connect": DirectConnectOption,
                     "vpn_concentrator": ConcentratorOption}.get(kind, model)
            continue
        if part in ("vpn", "direct_connect", "vpn_concentrator"):
            continue
        field = model.model_fields.get(part)
        ann = getattr(field, "annotation", None)
        for cand in (Traffic, Site, Pricing, VpnBackup, LatencySettings, FailoverSettings, Peering, Association):
            if ann is cand or cand in getattr(ann, "__args__", ()):
                model = cand
    return list(model.model_fields)


def parse_yaml(text: str, source: str):
    """YAML to Python data; a duplicate key (YAML would silently keep the last value: a line item dropped) and a
    syntax error are each one line naming ``source`` and the line.

    Parameters
    ----------
    text : str
        The YAML text.
    source : str
        Named in error messages (the file).
    """
    import yaml

    class Strict(yaml.SafeLoader):
        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                if key in seen:
                    raise ScenarioError(f"{source}: line {key_node.start_mark.line + 1}: duplicate key {key!r} (first at "
                                        f"line {seen[key]}); YAML would keep only the last value; list each key once")
                seen[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep)

    try:
        return yaml.load(text, Loader=Strict)  # noqa: S506 (a SafeLoader subclass)
    except RecursionError:
        raise ScenarioError(f"{source}: nested too deeply to be a scenario") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ScenarioError(f"{source}: not valid YAML{where} ({getattr(exc, 'problem', None) or 'syntax error'})") from None


def is_network(data) -> bool:
    """True for a parsed file that is a network (``kind: network``, or ``sites`` given as a list), not a scenario
    (:mod:`vpncost.network`).

    Parameters
    ----------
    data : object
        The parsed YAML.
    """
    return isinstance(data, dict) and (data.get("kind") == "network" or isinstance(data.get("sites"), list))


def load_scenario(path: "str | Path") -> Scenario:
    """Read and validate a YAML scenario file; errors are one line naming the file and field."""
    from vpncost.fileio import input_file, read_input

    path = Path(path)
    data = parse_yaml(read_input(path, "scenario", ScenarioError), str(path))
    if is_network(data):
        raise ScenarioError(f"{path}: a network file; this takes a scenario (networks work with estimate, "
                            "compare, report and spend --model)")
    scenario = from_dict(data, source=str(path))
    if scenario.pricing.overrides:  # relative to the scenario; checked now (a regular file, size-limited)
        over = Path(os.path.abspath(path.parent / scenario.pricing.overrides))
        try:
            input_file(over, "overrides", ScenarioError)
        except ScenarioError as exc:
            raise ScenarioError(f"{path}: pricing.overrides: {exc}") from None
        scenario = scenario.model_copy(update={"pricing": scenario.pricing.model_copy(update={"overrides": str(over)})})
    return scenario

