"""The price table from AWS's pricing-page feeds: the public JSON files AWS's own pricing pages read.

No credentials: ``https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/<feed>/USD/current/<feed>.json``
for the five feeds below (``--base-url`` points elsewhere: a mirror, a local folder, a test server). A feed is
accepted in AWS's own shape (``manifest`` + ``regions`` -> price dimension -> ``{price, ...}``) or flattened
(``{"<price dimension>": {"<Region or location> (attributes)": "<USD>"}}``, with a ``_meta`` entry giving its
publication date), as ``data/pricing-pages/`` ships them.

==================  ==========================================================================================
feed                rows (status ``sourced``; ``source`` names the feed, ``as_of`` its publication date)
==================  ==========================================================================================
vpc                 vpn / connection_hour per Region; transit_gateway / attachment_hour and data_processing per
                    Region and attachment type (vpc, vpn, dx_gateway, connect, peering); vpc / public_ipv4_hour
                    (in_use, idle)
datatransfer        data_transfer / internet_out tiers per Region (0-10 TB, 10-50, 50-150, over 150 TB a month);
                    data_transfer / inter_region_out per (sending Region, receiving Region) of one partition
globalaccelerator   global_accelerator / dt_premium: source Region group x destination edge group (9 x 9)
directconnect       direct_connect / dedicated_port_hour and hosted_port_hour per location and speed, and per
                    price zone (the rate the zone's locations share); data_transfer_out per (Region, location)
cloudwan            cloud_wan / core_network_edge_hour, attachment_hour (vpc, vpn, connect, tgw_peering),
                    data_processing (vpc, vpn) per Region
==================  ==========================================================================================

Names are mapped to codes in one place each: Regions by ``pricelist_location`` in ``data/regions.csv``,
Direct Connect locations by ``pricing_names`` in ``data/dx_locations.csv`` (``tools/build_reference.py``).

**Filled, marked assumed.** The Direct Connect feed (published 2020, still the current one) names 94 of today's
locations and 24 Regions. A (Region, location) pair it does not price gets the rate of the most alike pair it
does, in this order, with the rule in the row's ``note``: the same Region to a location in the same country and
associated Region; in the same country; with the same associated Region; and a Region the feed does not name at
all takes the rates of the nearest Region of the same Global Accelerator group that it does; and a location
with nothing alike, the rate to the nearest location the Region has one for. Port speeds the
feed predates (100G, 400G dedicated; 25G hosted) come from ``data/prices_supplement.csv``.
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from vpncost.errors import PriceFileError
from vpncost.pricing.catalog import KEY_COLUMNS, PRICE_COLUMNS

FEEDS = ("vpc", "datatransfer", "globalaccelerator", "directconnect", "cloudwan")
DEFAULT_BASE_URL = "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps"
MAX_FEED_BYTES = 64 * 1024 * 1024

TGW_ATTACHMENTS = {"vpc attachments": "vpc", "site to-site vpn attachments": "vpn",
                   "aws direct connect gateway attachments": "dx_gateway", "connect attachments": "connect",
                   "peering attachments": "peering"}  # the feed's words for each attachment type (any case)
CLOUD_WAN = {"VPC Core Network Edge hour": ("core_network_edge_hour", "*", "edge-hour"),
             "VPC VPC Attachments hour": ("attachment_hour", "vpc", "attachment-hour"),
             "AWS Site-to-Site VPN Site-to-Site VPN attachments hour": ("attachment_hour", "vpn", "attachment-hour"),
             "Connect Connect attachments hour": ("attachment_hour", "connect", "attachment-hour"),
             "Transit Gateway Core Network Edge TGW Peering hour": ("attachment_hour", "tgw_peering", "attachment-hour"),
             "VPC VPC attachments GigaBytes": ("data_processing", "vpc", "GB"),
             "AWS Site-to-Site VPN Site-to-Site VPN attachments GigaBytes": ("data_processing", "vpn", "GB")}
EDGE_GROUPS = {"United States and Canada": "NA", "Europe": "EU", "Asia Pacific": "AP", "Australia": "AU",
               "India": "IN", "South Korea": "KR", "Middle East": "ME", "South America": "SA", "ZA": "ZA"}


# ------------------------------------------------------------------------------------------------ reading
def feed_location(base_url: str, feed: str) -> str:
    """Where a feed is read from: ``<base>/<feed>/USD/current/<feed>.json``, or ``<folder>/<feed>.json``.

    Parameters
    ----------
    base_url : str
        An ``http(s)://`` or ``file://`` base URL, or a local folder.
    feed : str
        One of :data:`FEEDS`.
    """
    if "://" not in base_url:
        return str(Path(base_url) / f"{feed}.json")
    if base_url.startswith("file://") and Path(base_url[7:]).is_dir():
        return str(Path(base_url[7:]) / f"{feed}.json")
    return f"{base_url.rstrip('/')}/{feed}/USD/current/{feed}.json"


def read_feed(base_url: str, feed: str, timeout_s: float = 60.0) -> tuple:
    """One feed, flattened, and its publication date.

    Parameters
    ----------
    base_url : str
        Base URL or folder (:func:`feed_location`).
    feed : str
        One of :data:`FEEDS`.
    timeout_s : float
        Network timeout [s].

    Returns
    -------
    tuple
        ``(flat dict, published ISO date)``.

    Raises
    ------
    PriceFileError
        One line naming the feed and what went wrong (unreachable, HTTP error, truncated, not a feed).
    """
    where = feed_location(base_url, feed)
    try:
        if "://" in where:
            with urllib.request.urlopen(where, timeout=timeout_s) as resp:  # noqa: S310 (http(s) or file only)
                body = resp.read(MAX_FEED_BYTES + 1)
        else:
            path = Path(where)
            if not path.is_file():
                raise PriceFileError(f"pricing feed {feed}: {where} is not a file")
            body = path.read_bytes()[:MAX_FEED_BYTES + 1]
    except urllib.error.HTTPError as exc:
        raise PriceFileError(f"pricing feed {feed}: {where} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PriceFileError(f"pricing feed {feed}: cannot read {where} ({reason})") from None
    if len(body) > MAX_FEED_BYTES:
        raise PriceFileError(f"pricing feed {feed}: {where} is larger than {MAX_FEED_BYTES // 2**20} MiB")
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PriceFileError(f"pricing feed {feed}: {where} is not complete JSON ({exc.msg if hasattr(exc, 'msg') else exc}"
                             f"; truncated?)") from None
    return flatten(doc, feed)


def flatten(doc, feed: str = "feed") -> tuple:
    """A feed in AWS's shape or already flat, as ``(flat dict, published date)``.

    Parameters
    ----------
    doc : dict
        The decoded JSON.
    feed : str
        Its name, for messages.
    """
    if not isinstance(doc, dict):
        raise PriceFileError(f"pricing feed {feed}: not a JSON object")
    if isinstance(doc.get("regions"), dict):  # AWS's own shape
        published = str(doc.get("manifest", {}).get("hawkFilePublicationDate", ""))[:10]
        flat: dict = {}
        for region, dims in doc["regions"].items():
            for dim, entry in (dims or {}).items():
                if not isinstance(entry, dict) or "price" not in entry:
                    continue
                attrs = {k: v for k, v in entry.items() if k not in ("price", "rateCode", "RegionlessRateCode") and str(v)}
                label = region + (" (" + ", ".join(f"{k}: {v}" for k, v in attrs.items()) + ")" if attrs else "")
                flat.setdefault(dim, {})[label] = entry["price"]
    else:
        meta = doc.get("_meta") if isinstance(doc.get("_meta"), dict) else {}
        published = str(meta.get("published", ""))[:10]
        flat = {k: v for k, v in doc.items() if k != "_meta" and isinstance(v, dict)}
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published or ""):
        raise PriceFileError(f"pricing feed {feed}: no publication date (manifest.hawkFilePublicationDate or _meta.published)")
    if not flat:
        raise PriceFileError(f"pricing feed {feed}: no prices in it")
    return flat, published


# ------------------------------------------------------------------------------------------------ rows
class _Rows:
    """Collects catalog rows and the warnings the import raises."""

    def __init__(self, regions: pd.DataFrame):
        self.rows: list = []
        self.warnings: list = []
        from vpncost.reference.regions import codes_by_pricing_name

        self.region_by_name = codes_by_pricing_name(regions)
        self.partition = dict(zip(regions["code"], regions["partition"])) if "partition" in regions else {}

    def region(self, label: str) -> "str | None":
        """The Region code of a feed label (None for GovCloud, Local Zones and Regions not in regions.csv)."""
        return self.region_by_name.get(re.sub(r"\s*\((StartingRange|To Location)[^)]*\)\s*$", "", label).strip())

    def add(self, service, item, region, location, variant, usd, unit, source, as_of,
            tier=(0.0, np.inf), status="sourced", note=""):
        self.rows.append(dict(service=service, item=item, region=region, location=location, variant=variant,
                              tier_start=float(tier[0]), tier_end=float(tier[1]), usd=round(float(usd), 10), unit=unit,
                              status=status, source=source, as_of=as_of, note=note))


def _price(text) -> float:
    value = float(str(text).split(";")[0])
    if not np.isfinite(value) or value < 0:
        raise ValueError(text)
    return value


def _source(feed: str, published: str) -> str:
    return f"AWS pricing-page feed '{feed}' (meteredUnitMaps, published {published})"


def _vpc(r: _Rows, flat: dict, src: str, as_of: str):
    for dim, prices in flat.items():
        if dim.startswith("CreateVpnConnection per Hrs"):
            target = ("vpn", "connection_hour", "standard", "connection-hour")
        elif m := re.match(r"Hourly charge for Transit Gateway (.+) per hour$", dim):
            if m.group(1).lower() not in TGW_ATTACHMENTS:
                continue
            target = ("transit_gateway", "attachment_hour", TGW_ATTACHMENTS[m.group(1).lower()], "attachment-hour")
        elif m := re.match(r"Charge for per GB data processed by AWS Transit Gateways for (.+) per GigaBytes$", dim):
            if m.group(1).lower() not in TGW_ATTACHMENTS:
                continue
            target = ("transit_gateway", "data_processing", TGW_ATTACHMENTS[m.group(1).lower()], "GB")
        elif m := re.match(r"Hourly charge for (In use|Idle) Public IPv4 Addresses per Hrs$", dim):
            target = ("vpc", "public_ipv4_hour", "in_use" if m.group(1) == "In use" else "idle", "address-hour")
        else:
            continue
        for label, usd in prices.items():
            code = r.region(label)
            if code:
                r.add(target[0], target[1], code, "*", target[2], _price(usd), target[3], src, as_of)


def _datatransfer(r: _Rows, flat: dict, src: str, as_of: str):
    for dim, prices in flat.items():
        # AWS's own dimension, or the price watcher's group of its aliases ("[set] DataTransfer InterRegion ...;...")
        if re.search(r"(?:^|\] )DataTransfer InterRegion Outbound to ", dim) and "Wavelength" not in dim.split(";")[0]:
            _inter_region(r, prices, src, as_of)
            continue
        if not (dim.startswith("DataTransfer External Outbound") and dim.endswith(" New")):
            continue
        for label, usd in prices.items():
            m = re.search(r"\(StartingRange: (\d+), EndingRange: (\d+|Inf)\)$", label)
            code = r.region(label)
            if code and m:
                end = np.inf if m.group(2) == "Inf" else float(m.group(2))
                r.add("data_transfer", "internet_out", code, "*", "*", _price(usd), "GB", src, as_of,
                      tier=(float(m.group(1)), end))


def _inter_region(r: _Rows, prices: dict, src: str, as_of: str):
    """``data_transfer / inter_region_out`` rows: the sending Region (``region``) to the receiving one
    (``variant``), per GB, billed in the sending Region (labels ``<source> (To Location: <destination>)``; Local
    Zones and Wavelength labels are left out, and pairs across partitions (GovCloud to a commercial Region): no
    gateway joins them, :mod:`vpncost.reference.regions`)."""
    for label, usd in prices.items():
        m = re.match(r"(.+?) \(To Location: (.+)\)$", label)
        source, dest = (r.region_by_name.get(m.group(1).strip()), r.region_by_name.get(m.group(2).strip())) if m \
            else (None, None)
        if source and dest and source != dest and r.partition.get(source) == r.partition.get(dest):
            r.add("data_transfer", "inter_region_out", source, "*", dest, _price(usd), "GB", src, as_of)


def _globalaccelerator(r: _Rows, flat: dict, src: str, as_of: str):
    for dim, prices in flat.items():
        m = re.search(r"Data Transfer from (.+) to (.+)$", dim)
        if not m or m.group(2) not in EDGE_GROUPS:
            continue
        for label, usd in prices.items():
            g = re.match(r"([A-Z]{2}) \(Source AWS Regions", label)
            if g:
                r.add("global_accelerator", "dt_premium", g.group(1), EDGE_GROUPS[m.group(2)], "*", _price(usd), "GB",
                      src, as_of)


def _directconnect(r: _Rows, flat: dict, src: str, as_of: str, locations: pd.DataFrame, regions: pd.DataFrame):
    code_by_name = {n: c for c, names in zip(locations["code"], locations["pricing_names"]) for n in names.split("|") if n}
    zone_of = dict(zip(locations["code"], locations["price_zone"]))
    ports: dict = {}
    dto: dict = {}
    unnamed = set()
    for dim, prices in flat.items():
        if m := re.match(r"Direct Connect (HC )?(\d+[MG]) (.+)$", dim):
            code = code_by_name.get(m.group(3))
            if code is None:
                unnamed.add(m.group(3))
                continue
            values = {_price(v) for label, v in prices.items() if r.region(label)}
            if values:
                ports[("hosted_port_hour" if m.group(1) else "dedicated_port_hour", code, m.group(2))] = max(values)
        elif m := re.match(r"DataTransfer (?:Inter|Intra)Region Outbound to (.+)$", dim):
            code = code_by_name.get(m.group(1))
            if code is None:
                unnamed.add(m.group(1))
                continue
            for label, usd in prices.items():
                region = r.region(label)
                if region:
                    dto[(region, code)] = _price(usd)
    if unnamed:
        r.warnings.append(f"directconnect: {len(unnamed)} feed location(s) match no location of data/dx_locations.csv: "
                          + ", ".join(sorted(unnamed)[:5]) + (" ..." if len(unnamed) > 5 else ""))
    # port-hours: each named location, and each zone's shared rate for the locations the feed does not name
    for (item, code, speed), usd in sorted(ports.items()):
        r.add("direct_connect", item, "*", code, speed, usd, "port-hour", src, as_of)
    odd: dict = {}
    for (item, speed), _ in sorted(Counter((i, s) for i, _, s in ports).items()):
        for zone in sorted(set(zone_of.values())):
            values = [usd for (i, c, s), usd in ports.items() if i == item and s == speed and zone_of[c] == zone]
            if not values:
                continue
            mode, n = Counter(values).most_common(1)[0]
            r.add("direct_connect", item, "*", zone, speed, mode, "port-hour", src, as_of,
                  note=f"the rate {n} of the {len(values)} locations of this price zone share in the feed")
            for (i, c, s), usd in sorted(ports.items()):
                if i == item and s == speed and zone_of[c] == zone and usd != mode:
                    odd.setdefault(c, []).append(f"{speed} {item.split('_')[0]} ${usd:g}/h, zone ${mode:g}/h")
    for code, cases in sorted(odd.items()):
        r.warnings.append(f"directconnect: port rates at {code} differ from its price zone's in {len(cases)} case(s), "
                          f"kept as the feed says (check AWS's page): {'; '.join(cases[:3])}"
                          + (" ..." if len(cases) > 3 else ""))
    for (region, code), usd in sorted(dto.items()):
        r.add("direct_connect", "data_transfer_out", region, code, "*", usd, "GB", src, as_of)
    _fill_dto(r, dto, locations, regions, src, as_of)


def _fill_dto(r: _Rows, dto: dict, locations: pd.DataFrame, regions: pd.DataFrame, src: str, as_of: str):
    """Assumed rows for the (Region, location) pairs the feed does not price (see the module notes)."""
    from vpncost.reference.locations import great_circle_km

    country = dict(zip(locations["code"], locations["country"]))
    home = dict(zip(locations["code"], locations["region"]))
    lat = dict(zip(locations["code"], pd.to_numeric(locations["latitude"])))
    lon = dict(zip(locations["code"], pd.to_numeric(locations["longitude"])))
    levels = (("the same country and associated Region", lambda c: (country[c], home[c])),
              ("the same country", lambda c: country[c]), ("the same associated Region", lambda c: home[c]))
    by_region: dict = {}
    for (region, code), usd in dto.items():
        by_region.setdefault(region, {})[code] = usd
    # per fed Region and level: group -> (most common rate, an example location)
    groups: dict = {}
    for region, rates in by_region.items():
        for n, (_, key) in enumerate(levels):
            seen: dict = {}
            for code, usd in sorted(rates.items()):
                seen.setdefault(key(code), Counter())[usd] += 1
            groups[(region, n)] = {g: c.most_common(1)[0][0] for g, c in seen.items()}
    reg = regions.set_index("code")
    fed = sorted(by_region)

    def stand_in(region: str) -> str:
        same = [g for g in fed if reg.at[g, "ga_group"] == reg.at[region, "ga_group"]] or fed
        lat, lon = reg.at[region, "latitude"], reg.at[region, "longitude"]
        return min(same, key=lambda g: np.hypot(reg.at[g, "latitude"] - lat,
                                                (reg.at[g, "longitude"] - lon) * np.cos(np.radians(lat))))

    for region in regions["code"]:
        proxy = region if region in by_region else stand_in(region)
        rates = by_region[proxy]
        who = (f"{region} -> {{code}} is not in AWS's Direct Connect feed; " if proxy == region else
               f"{region} is not in AWS's Direct Connect feed (2020); nearest Region of its group that is: {proxy}, ")
        for code in locations["code"]:
            if (region, code) in dto:
                continue
            if code in rates:
                usd, why = rates[code], "its rate to this location"
            else:
                for n, (level, key) in enumerate(levels):
                    usd = groups[(proxy, n)].get(key(code))
                    if usd is not None:
                        example = next(c for c, u in sorted(rates.items()) if key(c) == key(code) and u == usd)
                        why = f"its rate to a location in {level} ({example})"
                        break
                else:  # nothing alike: the nearest location this Region has a rate to
                    near = min(rates, key=lambda c: float(great_circle_km(lat[code], lon[code], lat[c], lon[c])))
                    usd, why = rates[near], f"its rate to the nearest location it prices ({near})"
            r.add("direct_connect", "data_transfer_out", region, code, "*", usd, "GB", f"rule from {src}", as_of,
                  status="assumed", note=who.format(code=code) + why)


def _cloudwan(r: _Rows, flat: dict, src: str, as_of: str):
    for dim, prices in flat.items():
        if dim not in CLOUD_WAN:
            continue
        item, variant, unit = CLOUD_WAN[dim]
        for label, usd in prices.items():
            code = r.region(label)
            if code:
                r.add("cloud_wan", item, code, "*", variant, _price(usd), unit, src, as_of)


def rows_from_feeds(feeds: dict, regions: pd.DataFrame, locations: pd.DataFrame) -> tuple:
    """Catalog rows from the five feeds.

    Parameters
    ----------
    feeds : dict
        ``{feed: (flat dict, published date)}`` (:func:`read_feed`).
    regions : pandas.DataFrame
        ``data/regions.csv`` (code, pricelist_location, ga_group, latitude, longitude).
    locations : pandas.DataFrame
        ``data/dx_locations.csv`` (code, country, region, price_zone, pricing_names).

    Returns
    -------
    tuple
        ``(rows as a price table sorted by key, list of warnings)``.
    """
    r = _Rows(regions)
    for feed in FEEDS:
        flat, published = feeds[feed]
        src = _source(feed, published)
        try:
            if feed == "directconnect":
                _directconnect(r, flat, src, published, locations, regions)
            else:
                {"vpc": _vpc, "datatransfer": _datatransfer, "globalaccelerator": _globalaccelerator,
                 "cloudwan": _cloudwan}[feed](r, flat, src, published)
        except (ValueError, TypeError, AttributeError) as exc:
            raise PriceFileError(f"pricing feed {feed}: a price is not a number ({exc})") from None
    # a new commercial Region shows first as a VPN price: name the ones data/regions.csv does not know
    vpn = feeds["vpc"][0].get("CreateVpnConnection per Hrs", {})
    names = sorted(n for n in vpn if r.region(n) is None and not n.startswith("AWS GovCloud"))
    if names:
        r.warnings.append("Region(s) with VPN prices that data/regions.csv does not know (left out; add them): "
                          + ", ".join(names))
    table = pd.DataFrame(r.rows, columns=list(PRICE_COLUMNS))
    dup = table.duplicated([*KEY_COLUMNS, "tier_start"], keep="first")
    table = table[~dup].sort_values([*KEY_COLUMNS, "tier_start"], kind="stable", ignore_index=True)
    return table, r.warnings


# ------------------------------------------------------------------------------------------------ refresh
def refresh(out_path, base_url: str = DEFAULT_BASE_URL, supplement_path=None, today: "str | None" = None,
            timeout_s: float = 60.0) -> dict:
    """Read the five feeds and write the price table to ``out_path`` atomically.

    Rows the feeds carry replace every row of the same key; the supplement (rows the feeds do not carry: the
    Global Accelerator fixed fee, the free tier, ports newer than the DX feed...) fills the rest. Nothing is
    written unless every feed was read and parsed; the existing file is then left byte-identical.

    Parameters
    ----------
    out_path : str or Path
        Where to write the table (and its ``.meta.json``).
    base_url : str
        Base URL of the feeds, or a local folder of them (``data/pricing-pages``).
    supplement_path : str or Path, optional
        Rows the feeds do not carry (default: ``data/prices_supplement.csv``).
    today : str, optional
        Snapshot date (ISO; default: today).
    timeout_s : float
        Network timeout per feed [s].

    Returns
    -------
    dict
        out, rows_from_feeds, rows_total, assumed_rows, feeds (publication dates), warnings.
    """
    import datetime as _dt

    from vpncost.paths import data_dir
    from vpncost.pricing.catalog import load_prices, merge, write_prices
    from vpncost.reference.regions import dx_locations, regions

    feeds = {feed: read_feed(base_url, feed, timeout_s) for feed in FEEDS}
    fresh, warnings = rows_from_feeds(feeds, regions(), dx_locations())
    supplement = load_prices(supplement_path or data_dir() / "prices_supplement.csv")
    table = merge(supplement.table, fresh).sort_values([*KEY_COLUMNS, "tier_start"], kind="stable", ignore_index=True)
    meta = {"as_of": today or _dt.date.today().isoformat(), "currency": "USD", "hours_per_month": 730,
            "description": "AWS list prices for Site-to-Site VPN, Transit Gateway, Cloud WAN, Direct Connect, Global "
                           "Accelerator, public IPv4 and internet data transfer out, from AWS's pricing-page feeds "
                           "(status sourced, as_of = the feed's publication date) and data/prices_supplement.csv for "
                           "what the feeds do not carry. Rows with status 'assumed' apply the rule in their note.",
            "generated_by": "vpncost prices refresh --source pricing-pages",
            "feeds": {feed: published for feed, (_, published) in feeds.items()}}
    write_prices(table, out_path, meta)
    return {"out": str(out_path), "rows_from_feeds": int(len(fresh)), "rows_total": int(len(table)),
            "assumed_rows": int((table["status"] == "assumed").sum()), "feeds": meta["feeds"], "warnings": warnings}
