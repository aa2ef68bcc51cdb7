"""Refresh the price table from the AWS Price List API (``pricing:GetProducts``) with boto3.

Read-only and optional. The client uses boto3's standard configuration: profiles and the credential
chain, ``AWS_ENDPOINT_URL_PRICING`` / ``AWS_ENDPOINT_URL`` for the endpoint, and botocore's retry
modes (``standard`` with 5 attempts unless ``AWS_RETRY_MODE`` / ``AWS_MAX_ATTEMPTS`` say otherwise),
which retry throttling. Credentials are never printed or stored.

What is mapped (``data/sources.csv`` PRICELIST-API):

=========================== ==================================================================
Price List item             catalog row
=========================== ==================================================================
``*VPN-Usage-Hours*``       vpn / connection_hour / Region / standard (or large)
``*TransitGateway-Hours``   transit_gateway / attachment_hour / Region
``*TransitGateway-Bytes``   transit_gateway / data_processing / Region
``*PortUsage:<speed>``      direct_connect / dedicated_port_hour (``HCPortUsage``: hosted) / ``*`` or
                            ``japan`` / speed; the most common rate per zone and speed
``<LOC>-DataXfer-Out*``     direct_connect / data_transfer_out / source Region / location code
``XX-YY-OUT-Bytes-Internet`` global_accelerator / dt_premium / source group XX / edge group YY
AWSDataTransfer to External internet_out tiers (beginRange / endRange) per Region
=========================== ==================================================================

The Global Accelerator fixed fee is not in the Price List; it (and anything else the API did not
return) is kept from the existing table.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import re
from collections import Counter
from typing import Iterable, Iterator

import pandas as pd

from vpncost.errors import AwsApiError
from vpncost.pricing.catalog import KEY_COLUMNS, PRICE_COLUMNS, load_prices, merge, write_prices
from vpncost.reference.regions import region_code_for_pricelist_location

SERVICE_CODES = ("AmazonVPC", "AWSDirectConnect", "AWSGlobalAccelerator", "AWSDataTransfer")
_GA_PREMIUM = re.compile(r"^([A-Z]{2})-([A-Z]{2})-OUT-Bytes-Internet$")
_SPEED = re.compile(r"^(\d+(?:\.\d+)?)\s*([MG])(?:bps)?$", re.I)


def pricing_client(session=None):
    """A boto3 Price List client honouring the standard configuration and retry settings.

    Parameters
    ----------
    session : boto3.session.Session, optional
        Session to use (default: a new one, from the standard credential chain).
    """
    import boto3
    from botocore.config import Config

    retries = {"mode": os.environ.get("AWS_RETRY_MODE", "standard"),
               "total_max_attempts": int(os.environ.get("AWS_MAX_ATTEMPTS", "5"))}
    session = session or boto3.session.Session()
    region = os.environ.get("VPNCOST_PRICING_REGION", "us-east-1")
    return session.client("pricing", region_name=region, config=Config(retries=retries))


def iter_products(client, service_code: str, filters: "list | None" = None) -> Iterator[str]:
    """Every PriceList JSON string for a service, following ``NextToken`` pages.

    Parameters
    ----------
    client : botocore client
        A ``pricing`` client.
    service_code : str
        Price List service code, e.g. ``AmazonVPC``.
    filters : list, optional
        ``GetProducts`` filters.
    """
    kwargs = {"ServiceCode": service_code, "FormatVersion": "aws_v1", "MaxResults": 100}
    if filters:
        kwargs["Filters"] = filters
    while True:
        page = client.get_products(**kwargs)
        yield from page.get("PriceList", [])
        token = page.get("NextToken")
        if not token:
            return
        kwargs["NextToken"] = token


def _dimensions(item: dict) -> list:
    """USD price dimensions of an item's on-demand terms: [(begin, end, usd, description)], by begin."""
    dims = []
    terms = [t for by_sku in item.get("terms", {}).get("OnDemand", {}).values() for t in by_sku.values()]
    for term in terms:
        for dim in term.get("priceDimensions", {}).values():
            usd = dim.get("pricePerUnit", {}).get("USD")
            if usd is None:
                continue  # non-USD (e.g. CNY) items are skipped
            end = dim.get("endRange", "Inf")
            dims.append((float(dim.get("beginRange", 0) or 0), float("inf") if str(end).lower() == "inf" else float(end),
                         float(usd), dim.get("description", "")))
    return sorted(dims)


def _speed(text: str) -> "str | None":
    m = _SPEED.match(str(text).strip())
    if not m:
        return None
    num = float(m.group(1))
    return f"{num:g}{m.group(2).upper()}"


def _region_of(attrs: dict, *keys: str) -> "str | None":
    for key in keys:
        if attrs.get(key):
            return attrs[key]
    for key in ("fromLocation", "location"):
        code = region_code_for_pricelist_location(attrs.get(key, ""))
        if code:
            return code
    return None


def parse_item(item: dict, today: str) -> list:
    """Catalog rows (dicts) for one decoded PriceList item; [] when the item is not one we price.

    Parameters
    ----------
    item : dict
        A decoded PriceList product with its on-demand terms.
    today : str
        ``as_of`` date of the rows (ISO date).
    """
    product = item["product"]
    attrs = product.get("attributes", {})
    code = item.get("serviceCode") or attrs.get("servicecode", "")
    usage = attrs.get("usagetype", "")
    dims = _dimensions(item)
    if not dims:
        return []
    src = f"AWS Price List API {code} usagetype {usage} sku {product.get('sku', '?')}"

    def rows(service, item_name, region, location="*", variant="*", unit="GB", tiers=None):
        tiers = tiers or dims[:1]
        return [dict(service=service, item=item_name, region=region, location=location, variant=variant,
                     tier_start=b, tier_end=e, usd=u, unit=unit, status="price_list", source=src, as_of=today,
                     note=desc) for b, e, u, desc in tiers]

    if code == "AmazonVPC":
        region = _region_of(attrs, "regionCode")
        if not region:
            return []
        if "VPN-Usage-Hours" in usage or "VPN-large-Usage-Hours" in usage:
            kind = (attrs.get("vpnType", "") + usage).lower()
            if "concentrator" in kind:
                return []
            variant = "large" if "large" in kind else "standard"
            return rows("vpn", "connection_hour", region, variant=variant, unit="connection-hour")
        if usage.endswith("TransitGateway-Hours"):
            return rows("transit_gateway", "attachment_hour", region, unit="attachment-hour")
        if usage.endswith("TransitGateway-Bytes"):
            return rows("transit_gateway", "data_processing", region)
        return []
    if code == "AWSDirectConnect":
        if "PortUsage" in usage:
            speed = _speed(attrs.get("capacity") or attrs.get("portSpeed") or usage.rsplit(":", 1)[-1])
            if not speed:
                return []
            hosted = "HCPortUsage" in usage or "hosted" in attrs.get("connectionType", "").lower()
            where = " ".join(attrs.get(k, "") for k in ("location", "directConnectLocation", "fromLocation"))
            zone = "japan" if re.search(r"japan|tokyo|osaka", where, re.I) else "*"
            return rows("direct_connect", "hosted_port_hour" if hosted else "dedicated_port_hour", "*",
                        location=zone, variant=speed, unit="port-hour")
        if "DataXfer-Out" in usage:
            head = usage.split("-DataXfer-Out")[0]
            location = head.split("-")[-1]
            region = _region_of(attrs, "fromRegionCode", "regionCode")
            if not region or not location:
                return []
            return rows("direct_connect", "data_transfer_out", region, location=location)
        return []
    if code == "AWSGlobalAccelerator":
        m = _GA_PREMIUM.match(usage)
        return rows("global_accelerator", "dt_premium", m.group(1), location=m.group(2)) if m else []
    if code == "AWSDataTransfer":
        external = attrs.get("toLocation") == "External" or usage.endswith("DataTransfer-Out-Bytes")
        if attrs.get("transferType", "AWS Outbound") != "AWS Outbound" or not external:
            return []
        region = _region_of(attrs, "fromRegionCode")
        if not region:
            return []
        return rows("data_transfer", "internet_out", region, tiers=dims)
    return []


def _filters(service_code: str, region: "str | None") -> "list | None":
    f = []
    if service_code == "AWSDataTransfer":
        f.append({"Type": "TERM_MATCH", "Field": "transferType", "Value": "AWS Outbound"})
        if region:
            f.append({"Type": "TERM_MATCH", "Field": "fromRegionCode", "Value": region})
    elif service_code == "AmazonVPC" and region:
        f.append({"Type": "TERM_MATCH", "Field": "regionCode", "Value": region})
    return f or None


def fetch_rows(client, regions: "Iterable[str] | None" = None, today: "str | None" = None) -> "tuple[pd.DataFrame, dict]":
    """Query every service and return (rows as a price table, stats per service code).

    Malformed items (not JSON, no ``product``) are skipped and counted under ``stats[code]['malformed']``.

    Parameters
    ----------
    client : botocore client
        A ``pricing`` client.
    regions : iterable of str, optional
        Only these Region codes (default: all).
    today : str, optional
        ``as_of`` date of the rows (default: today, ISO).
    """
    from botocore.exceptions import BotoCoreError, ClientError

    today = today or _dt.date.today().isoformat()
    regions = list(regions or [None])
    out, stats = [], {}
    for code in SERVICE_CODES:
        st = stats.setdefault(code, Counter())
        scopes = regions if code in ("AmazonVPC", "AWSDataTransfer") else [None]
        for region in scopes:
            try:
                for raw in iter_products(client, code, _filters(code, region)):
                    st["items"] += 1
                    try:
                        item = json.loads(raw) if isinstance(raw, str) else raw
                        parsed = parse_item(item, today)
                    except (ValueError, KeyError, TypeError, AttributeError):
                        st["malformed"] += 1
                        continue
                    st["rows"] += len(parsed)
                    out.extend(parsed)
            except ClientError as exc:
                err = exc.response.get("Error", {})
                raise AwsApiError(f"Price List API GetProducts({code}) failed: {err.get('Code', 'Error')}: "
                                  f"{err.get('Message', '').strip() or 'no message'}") from None
            except BotoCoreError as exc:
                raise AwsApiError(f"Price List API GetProducts({code}) failed: {exc}") from None
    table = pd.DataFrame(out, columns=list(PRICE_COLUMNS))
    return _consolidate(table), stats


def _consolidate(table: pd.DataFrame) -> pd.DataFrame:
    """One price per key and tier: for DX ports (many locations per zone) take the most common rate."""
    if table.empty:
        return table
    keep = []
    for _, grp in table.groupby([*KEY_COLUMNS, "tier_start"], sort=False):
        mode = grp["usd"].mode().iloc[0]
        keep.append(grp[grp["usd"] == mode].iloc[0])
    return pd.DataFrame(keep).reset_index(drop=True)


def refresh(out_path, base_path=None, regions=None, client=None, today=None) -> dict:
    """Fetch current prices and write the merged table to ``out_path`` atomically.

    Nothing is written unless every call succeeded and at least one price came back; on failure
    :class:`AwsApiError` carries one line and the existing file is untouched.

    Parameters
    ----------
    out_path : str or Path
        Where to write the table.
    base_path : str or Path, optional
        Table kept for items the API lacks (default: the shipped snapshot).
    regions : iterable of str, optional
        Only these Region codes.
    client : botocore client, optional
        A ``pricing`` client (default: :func:`pricing_client`).
    today : str, optional
        ``as_of`` of the fresh rows (ISO date).

    Returns
    -------
    dict
        out, rows_from_api, rows_total, malformed_items.
    """
    base = load_prices(base_path)
    client = client or pricing_client()
    today = today or _dt.date.today().isoformat()
    fresh, stats = fetch_rows(client, regions, today)
    if fresh.empty:
        raise AwsApiError("Price List API returned no usable prices for "
                          + ", ".join(SERVICE_CODES) + "; the price file was left unchanged")
    merged = merge(base.table, fresh)
    meta = {**base.meta, "as_of": today, "generated_by": "vpncost prices refresh (AWS Price List API)",
            "base_snapshot_as_of": base.as_of}
    write_prices(merged, out_path, meta)
    return {"out": str(out_path), "rows_from_api": int(len(fresh)), "rows_total": int(len(merged)),
            "malformed_items": int(sum(s["malformed"] for s in stats.values())),
            "per_service": {k: dict(v) for k, v in stats.items()}}
