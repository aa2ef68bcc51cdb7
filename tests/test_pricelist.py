import json
import os
import subprocess
import sys

import boto3
import pricelist_items as pl
import pytest
from botocore.config import Config
from botocore.stub import Stubber
from conftest import ROOT
from fake_pricelist import FakePriceList

from vpncost.errors import AwsApiError
from vpncost.pricing.catalog import load_prices
from vpncost.pricing.pricelist import SERVICE_CODES, fetch_rows, parse_item, refresh


def _client(max_attempts=3):
    return boto3.client("pricing", region_name="us-east-1",
                        config=Config(retries={"mode": "standard", "max_attempts": max_attempts}))


def _expect_pages(stub, code, items, page_size=2, filters=None):
    for start in range(0, max(len(items), 1), page_size):
        params = {"ServiceCode": code, "FormatVersion": "aws_v1", "MaxResults": 100}
        if filters:
            params["Filters"] = filters
        if start:
            params["NextToken"] = str(start)
        resp = {"FormatVersion": "aws_v1", "PriceList": items[start:start + page_size]}
        if start + page_size < len(items):
            resp["NextToken"] = str(start + page_size)
        stub.add_response("get_products", resp, params)


DTO_FILTER = [{"Type": "TERM_MATCH", "Field": "transferType", "Value": "AWS Outbound"}]


def test_parse_vpn_and_tiers():
    rows = parse_item(json.loads(pl.vpc_items()[0]), "2026-11-24")
    assert rows == [dict(service="vpn", item="connection_hour", region="eu-central-1", location="*", variant="standard",
                         tier_start=0.0, tier_end=float("inf"), usd=0.05, unit="connection-hour", status="price_list",
                         source="AWS Price List API AmazonVPC usagetype EUC1-VPN-Usage-Hours:ipsec.1 sku VPN1",
                         as_of="2026-11-24", note="$0.05 per VPN Connection-Hour")]
    tiers = parse_item(json.loads(pl.dto_items()[0]), "2026-11-24")
    assert [(r["tier_start"], r["tier_end"], r["usd"]) for r in tiers] == [
        (0, 10240, 0.09), (10240, 51200, 0.085), (51200, 153600, 0.07), (153600, float("inf"), 0.05)]


def test_fetch_with_pagination_tiers_and_malformed_items():
    client = _client()
    items = pl.by_service()
    items["AmazonVPC"] = items["AmazonVPC"] + ["{not json", json.dumps({"serviceCode": "AmazonVPC"})]
    with Stubber(client) as stub:
        _expect_pages(stub, "AmazonVPC", items["AmazonVPC"])
        _expect_pages(stub, "AWSDirectConnect", items["AWSDirectConnect"])
        _expect_pages(stub, "AWSGlobalAccelerator", items["AWSGlobalAccelerator"])
        _expect_pages(stub, "AWSDataTransfer", items["AWSDataTransfer"], filters=DTO_FILTER)
        table, stats = fetch_rows(client, today="2026-11-24")
        stub.assert_no_pending_responses()
    assert stats["AmazonVPC"]["items"] == 6 and stats["AmazonVPC"]["malformed"] == 2
    got = {(r.service, r.item, r.region, r.location, r.variant, r.tier_start): r.usd for r in table.itertuples()}
    assert got[("vpn", "connection_hour", "eu-central-1", "*", "standard", 0)] == 0.05
    assert got[("transit_gateway", "attachment_hour", "eu-central-1", "*", "*", 0)] == 0.06
    assert got[("direct_connect", "dedicated_port_hour", "*", "*", "1G", 0)] == 0.31
    assert got[("direct_connect", "dedicated_port_hour", "*", "japan", "1G", 0)] == 0.29
    assert got[("direct_connect", "hosted_port_hour", "*", "*", "50M", 0)] == 0.04
    assert got[("direct_connect", "data_transfer_out", "us-east-1", "EqDC2", "*", 0)] == 0.021
    assert got[("global_accelerator", "dt_premium", "NA", "AP", "*", 0)] == 0.036
    assert got[("data_transfer", "internet_out", "eu-central-1", "*", "*", 51200)] == 0.07
    assert not any(k[0] == "global_accelerator" and k[2] == "CN" for k in got)  # CNY-only item skipped
    assert len(got) == 12  # NAT gateway and the IN-direction duplicate are not priced


def test_throttling_that_outlasts_retries_is_one_line():
    client = _client(max_attempts=1)
    with Stubber(client) as stub:
        stub.add_client_error("get_products", "ThrottlingException", "Rate exceeded", 400)
        with pytest.raises(AwsApiError, match=r"GetProducts\(AmazonVPC\) failed: ThrottlingException: Rate exceeded"):
            fetch_rows(client)


def test_api_error_is_one_line_and_file_untouched(tmp_path):
    out = tmp_path / "prices.csv"
    out.write_bytes((ROOT / "data" / "prices.csv").read_bytes())
    before = out.read_bytes()
    client = _client(max_attempts=1)
    with Stubber(client) as stub:
        stub.add_client_error("get_products", "AccessDeniedException", "User is not authorized", 400)
        with pytest.raises(AwsApiError) as err:
            refresh(out, base_path=out, client=client)
    assert "AccessDeniedException" in str(err.value) and "\n" not in str(err.value)
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["prices.csv"]


def _run_cli(args, endpoint, env_extra=None):
    env = {**os.environ, "AWS_ENDPOINT_URL_PRICING": endpoint, "AWS_MAX_ATTEMPTS": "2", **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "vpncost", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)


def test_cli_refresh_through_standard_endpoint_setting(tmp_path):
    out = tmp_path / "fresh.csv"
    with FakePriceList(pl.by_service()) as api:
        res = _run_cli(["prices", "refresh", "--source", "price-list", "--out", str(out)], api.url)
    assert res.returncode == 0, res.stderr
    assert {t for t, _ in api.calls} == {"AWSPriceListService.GetProducts"}
    assert {b["ServiceCode"] for _, b in api.calls} == set(SERVICE_CODES)
    assert any(b.get("NextToken") for _, b in api.calls)  # paginated
    cat = load_prices(out)
    assert cat.lookup("vpn", "connection_hour", "eu-central-1", variant="standard").status == "price_list"
    assert cat.lookup("transit_gateway", "data_processing", "eu-central-1").rate == 0.021
    assert cat.lookup("global_accelerator", "fixed_fee_hour").rate == 0.025  # kept: not in the Price List
    assert cat.lookup("direct_connect", "dedicated_port_hour", "*", "*", "1G").rate == 0.31
    assert out.with_suffix(".meta.json").exists() and cat.as_of == cat.meta["as_of"]
    assert cat.meta["generated_by"] == "vpncost prices refresh (AWS Price List API)"
    assert cat.meta["base_snapshot_as_of"] == load_prices().as_of
    show = subprocess.run([sys.executable, "-m", "vpncost", "prices", "show", "--prices", str(out), "--service", "tgw",
                           "--region", "eu-central-1", "--wide"], capture_output=True, text=True, cwd=ROOT)
    assert "$0.021 per GB" in show.stdout and "price_list" in show.stdout


@pytest.mark.parametrize("failure", [(500, "InternalErrorException"), (400, "ThrottlingException")])
def test_cli_refresh_failure_leaves_file_byte_identical(tmp_path, failure):
    out = tmp_path / "prices.csv"
    out.write_bytes((ROOT / "data" / "prices.csv").read_bytes())
    before = out.read_bytes()
    with FakePriceList(pl.by_service(), fail_with=failure) as api:
        res = _run_cli(["prices", "refresh", "--source", "price-list", "--out", str(out), "--prices", str(out)], api.url)
    assert res.returncode == 2
    assert len(api.calls) == 2  # botocore retried once (AWS_MAX_ATTEMPTS=2)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and failure[1] in lines[0] and "Traceback" not in res.stderr
    assert out.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["prices.csv"]


def test_cli_refresh_unreachable_endpoint(tmp_path):
    out = tmp_path / "x.csv"
    res = _run_cli(["prices", "refresh", "--source", "price-list", "--out", str(out)], "http://127.0.0.1:9", {"AWS_MAX_ATTEMPTS": "1"})
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and not out.exists()
