"""Spend review: CUR classification (both formats, DuckDB), the same SQL for Athena (moto), Cost Explorer
(moto and Stubber), inventory (moto and Stubber), reconciliation and the CLI."""
import datetime as dt
import json

import boto3
import numpy as np
import pandas as pd
import pytest
from botocore.stub import Stubber
from conftest import ROOT
from moto import mock_aws

from vpncost.cli import main
from vpncost.errors import AwsApiError, VpncostError
from vpncost.spend import estate, reconcile, sample_cur
from vpncost.spend.readers import cur

ACCOUNT = "123456789012"  # moto's


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("cur")
    paths = sample_cur.write_sample(out)
    return out, paths


def expected_by_component(lines: pd.DataFrame) -> pd.Series:
    """Independent reference: each component's lines picked with plain pandas, not the SQL rules."""
    ut, pc = lines["line_item_usage_type"], lines["line_item_product_code"]
    pick = {
        "vpn_connection_hours": (pc == "AmazonVPC") & ut.str.contains("VPN-Usage-Hours"),
        "tgw_attachment_hours": (pc == "AmazonVPC") & ut.str.contains("TransitGateway-Hours"),
        "tgw_data_processing": (pc == "AmazonVPC") & ut.str.contains("TransitGateway-Bytes"),
        "dx_port_hours": (pc == "AWSDirectConnect") & ut.str.contains("PortUsage"),
        "dx_data_transfer_out": (pc == "AWSDirectConnect") & ut.str.contains("DataXfer-Out"),
        "dx_data_transfer_in": (pc == "AWSDirectConnect") & ut.str.contains("DataXfer-In"),
        "ga_fixed_fee": (pc == "AWSGlobalAccelerator") & ~ut.str.endswith("Bytes-Internet"),
        "ga_dt_premium": (pc == "AWSGlobalAccelerator") & ut.str.endswith("Bytes-Internet"),
        "internet_data_transfer_out": (pc != "AmazonCloudFront") & ut.str.match(r"^(\w+-)?DataTransfer-Out-Bytes$"),
    }
    return pd.Series({k: float(lines.loc[m, "line_item_unblended_cost"].sum()) for k, m in pick.items()})


@pytest.mark.parametrize("which", ["legacy", "cur2", "folder"])
def test_cur_totals_match_the_relevant_lines(sample, which):
    out, paths = sample
    spend = cur.read_cur(out / "cur2" if which == "folder" else paths[which])
    got = spend.groupby("component")["cost_usd"].sum()
    want = expected_by_component(sample_cur.generate())
    for comp, value in want.items():
        assert got.get(comp, 0.0) == pytest.approx(value, rel=1e-9, abs=1e-6), comp
    assert set(spend["component"]) <= set(cur.COMPONENTS)
    # unrelated services, inter-AZ / inter-Region transfer, NAT and endpoints, CloudFront and tax are ignored
    total_connectivity = want.sum()
    assert spend["cost_usd"].sum() == pytest.approx(total_connectivity)


def test_plain_csv_and_legacy_parquet(tmp_path):
    legacy = sample_cur.to_legacy(sample_cur.generate())
    legacy.to_csv(tmp_path / "a.csv", index=False)
    legacy.to_parquet(tmp_path / "b.parquet", index=False)
    a, b = cur.read_cur(tmp_path / "a.csv"), cur.read_cur(tmp_path / "b.parquet")
    assert a["cost_usd"].sum() == pytest.approx(b["cost_usd"].sum())


def test_regions_accounts_and_months(sample):
    _, paths = sample
    s = cur.read_cur(paths["cur2"])
    assert sorted(s["month"].unique()) == ["2026-08", "2026-09", "2026-10"]
    assert set(s["account_id"]) == set(sample_cur.ACCOUNTS)
    assert set(s.loc[s["component"].str.startswith("ga"), "region"]) == {"global"}
    vpn = s[(s["component"] == "vpn_connection_hours") & (s["month"] == "2026-10")]
    assert dict(zip(vpn["region"], vpn["usage_amount"])) == {"eu-central-1": 480.0, "us-east-1": 1488.0}


def test_region_from_usage_type_prefix_when_no_product_region(tmp_path):
    lines = sample_cur.generate().assign(product_region_code="")
    lines.to_parquet(tmp_path / "x.parquet", index=False)
    s = cur.read_cur(tmp_path / "x.parquet")
    assert set(s.loc[s["component"] == "vpn_connection_hours", "region"]) == {"us-east-1", "eu-central-1"}
    assert cur.region_of_usage_type("DataTransfer-Out-Bytes") == "us-east-1"
    assert cur.region_of_usage_type("APN1-VPN-Usage-Hours:ipsec.1") == "ap-northeast-1"


def test_python_rules_match_sql_rules():
    lines = sample_cur.generate()
    for ut, pc in set(zip(lines["line_item_usage_type"], lines["line_item_product_code"])):
        py = cur.classify_usage_type(ut, pc)
        want = expected_by_component(pd.DataFrame({"line_item_usage_type": [ut], "line_item_product_code": [pc],
                                                   "line_item_unblended_cost": [1.0]}))
        assert py == (want.idxmax() if want.max() > 0 else None), (ut, pc)


def test_not_a_cur_and_missing_columns_fail_in_one_line(tmp_path, capsys):
    (tmp_path / "notes.csv").write_text("name,colour\nx,red\n")
    bad = sample_cur.generate().drop(columns=["line_item_usage_type"])
    bad.to_parquet(tmp_path / "partial.parquet", index=False)
    (tmp_path / "junk.parquet").write_bytes(b"this is not parquet")
    for name, words in (("notes.csv", "not a Cost and Usage Report"),
                        ("partial.parquet", "missing required column(s): line_item_usage_type"),
                        ("junk.parquet", "cannot read as PARQUET")):
        code = main(["spend", "--cur", str(tmp_path / name)])
        err = capsys.readouterr().err
        assert code == 2 and words in err and len(err.strip().splitlines()) == 1, err
        assert "Traceback" not in err
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(VpncostError, match="no CUR files"):
        cur.read_cur(empty)


def test_currency_text_in_a_cost_column_is_refused_not_counted_as_zero(tmp_path, capsys):
    lines = sample_cur.generate()
    lines["line_item_unblended_cost"] = lines["line_item_unblended_cost"].map(lambda v: f"${v:.2f}")
    lines.to_csv(tmp_path / "dollars.csv", index=False)
    code = main(["spend", "--cur", str(tmp_path / "dollars.csv")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "dollars.csv" in err and "line_item_unblended_cost" in err and "'$" in err


@pytest.mark.parametrize("column, value", [("line_item_unblended_cost", "nan"), ("line_item_unblended_cost", "inf"),
                                           ("line_item_usage_amount", "-inf"), ("line_item_usage_start_date", "")])
def test_cells_that_would_vanish_are_refused(tmp_path, capsys, column, value):
    """NaN costs summed to NaN and then to $0; a line without a start date fell into no month."""
    lines = sample_cur.generate()
    lines[column] = lines[column].astype(object)
    lines.loc[lines.index[:3], column] = value
    lines.to_csv(tmp_path / "cur.csv", index=False)
    code = main(["spend", "--cur", str(tmp_path / "cur.csv")])
    err = capsys.readouterr().err
    assert code == 2 and column in err and len(err.strip().splitlines()) == 1, err


def test_every_file_in_a_folder_is_read_and_checked(tmp_path, capsys):
    """A folder holding Parquet and gzipped CSV (an export that changed format) counts both; one file that
    lacks a needed column fails the whole read, naming that file, instead of being skipped."""
    lines = sample_cur.generate()
    months = lines["line_item_usage_start_date"].astype(str).str[:7]
    first, rest = lines[months == months.min()], lines[months != months.min()]
    (tmp_path / "mixed" / "a").mkdir(parents=True)
    first.to_parquet(tmp_path / "mixed" / "a" / "part-1.parquet", index=False)
    sample_cur.to_legacy(rest).to_csv(tmp_path / "mixed" / "part-2.csv.gz", index=False, compression="gzip")
    got = cur.read_cur(tmp_path / "mixed").groupby("component")["cost_usd"].sum()
    want = expected_by_component(lines)
    for comp, value in want.items():
        assert got.get(comp, 0.0) == pytest.approx(value, rel=1e-9, abs=1e-6), comp
    assert cur.read_cur(tmp_path / "mixed")["month"].nunique() == 3

    rest.drop(columns=["line_item_unblended_cost"]).to_parquet(tmp_path / "mixed" / "a" / "part-3.parquet",
                                                               index=False)
    code = main(["spend", "--cur", str(tmp_path / "mixed")])
    err = capsys.readouterr().err
    assert code == 2 and "part-3.parquet" in err and "line_item_unblended_cost" in err, err
    assert len(err.strip().splitlines()) == 1


def test_athena_query_text_is_the_duckdb_one_and_runs(sample):
    import duckdb

    from vpncost.spend.readers.athena import athena_sql
    sql = athena_sql("curdb", "cur_table")
    assert cur.classify_case("CAST(line_item_usage_type AS VARCHAR)", "CAST(line_item_product_code AS VARCHAR)") in sql
    assert cur.classification_sql('"curdb"."cur_table"', cur.CUR2) == sql
    con = duckdb.connect()
    con.execute("CREATE SCHEMA curdb")
    con.execute(f"CREATE TABLE curdb.cur_table AS SELECT * FROM read_parquet('{sample[1]['cur2']}')")
    via_athena_text = con.execute(sql).df()
    assert via_athena_text["cost_usd"].sum() == pytest.approx(cur.read_cur(sample[1]["cur2"])["cost_usd"].sum())
    with pytest.raises(AwsApiError, match="athena table"):
        athena_sql("db", "x; DROP TABLE y")


@mock_aws
def test_athena_path_with_moto():
    from moto.athena.models import QueryResults, athena_backends

    from vpncost.spend.readers.athena import spend_from_athena
    header = ["month", "account_id", "region", "component", "cost_usd", "usage_amount", "line_items"]
    data = [["2026-10", "111111111111", "us-east-1", "vpn_connection_hours", "74.4", "1488", "31"],
            ["2026-10", "111111111111", "us-east-1", "dx_port_hours", "223.2", "744", "31"]]
    rows = [{"Data": [{"VarCharValue": v} for v in r]} for r in [header, *data]]
    athena_backends[ACCOUNT]["us-east-1"].query_results_queue.append(
        QueryResults(rows=rows, column_info=[{"Name": h, "Type": "varchar"} for h in header]))
    client = boto3.client("athena", region_name="us-east-1")
    spend = spend_from_athena("curdb", "cur", output_location="s3://results/", client=client)
    assert list(spend["component"]) == ["dx_port_hours", "vpn_connection_hours"]
    assert spend["cost_usd"].sum() == pytest.approx(297.6)
    qid = client.list_query_executions()["QueryExecutionIds"][0]
    sent = client.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Query"]
    assert "VPN-Usage-Hours" in sent and '"curdb"."cur"' in sent


def test_athena_failed_query_is_one_clear_error():
    from vpncost.spend.readers.athena import run_query
    client = boto3.client("athena", region_name="us-east-1")
    with Stubber(client) as stub:
        stub.add_response("start_query_execution", {"QueryExecutionId": "q1"})
        stub.add_response("get_query_execution", {"QueryExecution": {"QueryExecutionId": "q1", "Status": {
            "State": "FAILED", "StateChangeReason": "TABLE_NOT_FOUND: line 1"}}})
        with pytest.raises(AwsApiError, match="athena query q1 failed: TABLE_NOT_FOUND"):
            run_query("SELECT 1", "db", client=client)


def _ce_result(month, groups, token=None):
    out = {"ResultsByTime": [{"TimePeriod": {"Start": f"{month}-01", "End": f"{month}-28"}, "Total": {},
                              "Groups": [{"Keys": [ut, acct], "Metrics": {
                                  "UnblendedCost": {"Amount": str(cost), "Unit": "USD"},
                                  "UsageQuantity": {"Amount": str(qty), "Unit": "N/A"}}}
                                  for ut, acct, cost, qty in groups], "Estimated": False}],
           "DimensionValueAttributes": []}
    if token:
        out["NextPageToken"] = token
    return out


@mock_aws
def test_cost_explorer_with_moto_canned_results():
    from moto.ce.models import ce_backends

    from vpncost.spend.readers.cost_explorer import spend_from_cost_explorer
    queue = ce_backends[ACCOUNT]["global"].cost_usage_results_queue
    queue.append(_ce_result("2026-10", [("USE1-VPN-Usage-Hours:ipsec.1", "111", 74.4, 1488),
                                        ("USE1-NatGateway-Hours", "111", 33.5, 744)]))             # VPC
    queue.append(_ce_result("2026-10", [("USE1-EqDC2-PortUsage:1G", "111", 223.2, 744)]))          # DX
    queue.append(_ce_result("2026-10", [("Global-Accelerator-fixed-fee", "222", 37.2, 1488)]))     # GA
    queue.append(_ce_result("2026-10", [("USE1-DataTransfer-Out-Bytes", "111", 90.0, 1000),
                                        ("USE1-DataTransfer-Regional-Bytes", "111", 8.0, 800)]))   # EC2 - Other
    spend = spend_from_cost_explorer(1, client=boto3.client("ce", region_name="us-east-1"), today=dt.date(2026, 11, 5))
    got = dict(zip(spend["component"], spend["cost_usd"]))
    assert got == {"dx_port_hours": 223.2, "ga_fixed_fee": 37.2, "internet_data_transfer_out": 90.0,
                   "vpn_connection_hours": 74.4}
    assert set(spend.loc[spend["component"] == "ga_fixed_fee", "region"]) == {"global"}


def test_cost_explorer_follows_pages_and_asks_for_whole_months():
    from vpncost.spend.readers.cost_explorer import SERVICES, spend_from_cost_explorer
    client = boto3.client("ce", region_name="us-east-1")
    with Stubber(client) as stub:
        for k, service in enumerate(SERVICES):
            base = {"TimePeriod": {"Start": "2026-08-01", "End": "2026-11-01"}, "Granularity": "MONTHLY",
                    "Metrics": ["UnblendedCost", "UsageQuantity"],
                    "Filter": {"Dimensions": {"Key": "SERVICE", "Values": [service]}},
                    "GroupBy": [{"Type": "DIMENSION", "Key": "USAGE_TYPE"}, {"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}]}
            if k == 0:
                stub.add_response("get_cost_and_usage", _ce_result("2026-09", [
                    ("USE1-VPN-Usage-Hours:ipsec.1", "111", 36.0, 720)], token="p2"), base)
                stub.add_response("get_cost_and_usage", _ce_result("2026-10", [
                    ("USE1-VPN-Usage-Hours:ipsec.1", "111", 37.2, 744)]), {**base, "NextPageToken": "p2"})
            else:
                stub.add_response("get_cost_and_usage", _ce_result("2026-10", []), base)
        spend = spend_from_cost_explorer(3, client=client, today=dt.date(2026, 11, 25))
        stub.assert_no_pending_responses()
    assert list(spend["month"]) == ["2026-09", "2026-10"] and spend["cost_usd"].sum() == pytest.approx(73.2)
    with pytest.raises(AwsApiError, match="allowed: 1 to 36"):
        spend_from_cost_explorer(0, client=client)


@mock_aws
def test_inventory_with_moto_to_estate_and_reconcile(sample):
    from vpncost.spend.estate import estate_from_inventory
    from vpncost.spend.readers.inventory import collect, traffic_gb
    ec2 = boto3.client("ec2", region_name="us-east-1")
    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.1", BgpAsn=65000)["CustomerGateway"]
    vgw = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]
    v1 = ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw["CustomerGatewayId"],
                                   VpnGatewayId=vgw["VpnGatewayId"])["VpnConnection"]["VpnConnectionId"]
    tgw = ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw["CustomerGatewayId"], TransitGatewayId=tgw)
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    sub = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.0.0/24")["Subnet"]["SubnetId"]
    ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[sub])
    dxc = boto3.client("directconnect", region_name="us-east-1")
    conn = dxc.create_connection(location="EqDC2", bandwidth="1Gbps", connectionName="dc1")["connectionId"]
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    now = dt.datetime.now(dt.timezone.utc).replace(minute=0, second=0, microsecond=0)
    cw.put_metric_data(Namespace="AWS/VPN", MetricData=[{"MetricName": "TunnelDataOut", "Timestamp": now - dt.timedelta(hours=2),
                                                        "Dimensions": [{"Name": "VpnId", "Value": v1}],
                                                        "Value": 50e9, "Unit": "Bytes"}])
    inv = collect("us-east-1")
    assert sorted(inv["vpn"]["gateway"]) == ["tgw", "vgw"]
    assert list(inv["tgw_attachments"]["resource_type"]).count("vpc") == 1
    assert inv["dx"].loc[0, "speed"] == "1G" and inv["dx"].loc[0, "location"] == "EqDC2"
    traffic = traffic_gb("us-east-1", inv["vpn"]["vpn_id"], [conn], now - dt.timedelta(days=1), now)
    assert traffic.set_index("resource_id").loc[v1, "egress_gb"] == pytest.approx(50.0)
    est = estate_from_inventory(inv, traffic, "us-east-1")
    kinds = {p.options[0].name: p for p in est.parts}
    assert set(kinds) == {"VPN on VGW x1", "VPN on TGW x1", "DX dedicated 1G at EqDC2 x1"}
    assert kinds["VPN on VGW x1"].traffic.egress_gb == pytest.approx(50.0)
    assert kinds["VPN on TGW x1"].options[0].vpc_attachments == 1
    b = est.breakdown(hours=744)
    assert b.loc[b["component"] == "DX dedicated port-hours (1G at EqDC2)", "cost_usd"].sum() == pytest.approx(223.2)


def test_inventory_reads_acceleration_and_tunnel_status():
    from vpncost.spend.readers.inventory import collect

    session = boto3.session.Session(region_name="us-east-1")
    ec2 = session.client("ec2")
    dxc = session.client("directconnect")
    vpn = {"VpnConnectionId": "vpn-1", "State": "available", "TransitGatewayId": "tgw-1", "Type": "ipsec.1",
           "CustomerGatewayId": "cgw-1", "Options": {"EnableAcceleration": True, "StaticRoutesOnly": False},
           "VgwTelemetry": [{"Status": "UP"}, {"Status": "DOWN"}]}
    with Stubber(ec2) as s1, Stubber(dxc) as s2:
        s1.add_response("describe_vpn_connections", {"VpnConnections": [vpn]})
        s1.add_response("describe_transit_gateway_attachments", {"TransitGatewayAttachments": []})
        s2.add_response("describe_virtual_interfaces", {"virtualInterfaces": []})
        s2.add_response("describe_connections", {"connections": []})

        class Session:
            def client(self, name, region_name=None):
                return {"ec2": ec2, "directconnect": dxc}[name]
        inv = collect("us-east-1", Session())
    row = inv["vpn"].iloc[0]
    assert bool(row["accelerated"]) and row["gateway"] == "tgw" and row["tunnels_up"] == 1


def test_reconcile_sample_estate(sample):
    spend = cur.read_cur(sample[1]["cur2"])
    est = estate.load(ROOT / "data/estates/sample_estate.yaml")
    v = reconcile.reconcile(spend, est, "2026-10").set_index("component")
    assert v.attrs["month"] == "2026-10"
    assert v.loc["vpn_connection_hours", "status"] == "under"  # a connection deleted on the 20th
    assert v.loc["internet_data_transfer_out", "status"] == "over"  # other egress shares the usage type
    for comp in ("tgw_attachment_hours", "dx_port_hours", "ga_fixed_fee"):
        assert v.loc[comp, "status"] == "ok" and v.loc[comp, "variance_usd"] == pytest.approx(0, abs=1e-6)
    assert v.loc["dx_port_hours", "model_usage"] == 744  # priced for October's 744 hours
    assert "deleted" in v.loc["vpn_connection_hours", "likely_reasons"]


def test_cli_spend_json_and_errors(sample, capsys):
    path = str(sample[1]["cur2"])
    code = main(["spend", "--cur", path, "--model", str(ROOT / "data/estates/sample_estate.yaml"), "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0 and doc["reconcile"]["month"] == "2026-10" and len(doc["spend"]) > 10
    code = main(["spend", "--cur", path, "--model", str(ROOT / "data/scenarios/small_branch.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and "pick the one you run with --option" in err
    code = main(["spend", "--cur", path, "--model", str(ROOT / "data/scenarios/small_branch.yaml"),
                 "--option", "VPN on VGW", "--month", "2026-09"])
    assert code == 0 and "Model vs bill, 2026-09" in capsys.readouterr().out
    code = main(["spend", "--cur", path, "--model", str(ROOT / "data/estates/sample_estate.yaml"), "--month", "2025-01"])
    assert code == 2 and "allowed: 2026-08, 2026-09, 2026-10" in capsys.readouterr().err
    code = main(["spend"])
    assert code == 2 and "one of the arguments" in capsys.readouterr().err


def test_sample_generator_is_deterministic(tmp_path):
    a, b = sample_cur.generate(), sample_cur.generate()
    assert a.drop(columns=["product"]).equals(b.drop(columns=["product"]))
    assert not a.drop(columns=["product"]).equals(sample_cur.generate(seed=8).drop(columns=["product"]))
    p = sample_cur.write_large(tmp_path / "big.parquet", rows=25_000, chunk=10_000)
    s = cur.read_cur(p)
    assert s["line_items"].sum() == pytest.approx(25_000 * 14 / (14 + 9 * 9), rel=0.1)
    assert np.isfinite(s["cost_usd"]).all()


@pytest.mark.parametrize("flavour", ["cur2", "legacy"])
def test_servicecode_refines_internet_egress_when_present(tmp_path, flavour):
    lines = sample_cur.generate()
    dto = lines[lines["line_item_usage_type"] == "USE1-DataTransfer-Out-Bytes"].head(3).copy()
    dto["product_servicecode"] = ["AWSDataTransfer", "AmazonKinesisVideo", ""]
    dto["line_item_unblended_cost"] = [1.0, 10.0, 100.0]
    frame = dto if flavour == "cur2" else sample_cur.to_legacy(dto).rename(columns={"product_servicecode": "product/servicecode"})
    frame.drop(columns=["product"], errors="ignore").to_parquet(tmp_path / "s.parquet", index=False)
    s = cur.read_cur(tmp_path / "s.parquet")
    assert s["cost_usd"].sum() == pytest.approx(101.0)


def test_athena_without_a_region_is_one_line_and_region_is_a_flag(monkeypatch, capsys):
    """No Region configured: one line naming --region (it was an internal NoRegionError); a made-up --region is
    refused before boto3 would look for an endpoint that does not exist."""
    for var in ("AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(var, raising=False)
    code = main(["spend", "--athena-database", "cur", "--athena-table", "cur2"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no AWS Region is configured; pass --region" in err
    code = main(["spend", "--athena-database", "cur", "--athena-table", "cur2", "--region", "mars-1"])
    err = capsys.readouterr().err
    assert code == 2 and "'mars-1' is not a known Region" in err


def test_cost_explorer_needs_no_region(monkeypatch):
    """Cost Explorer is a global service (one endpoint): boto3 resolves it without a Region."""
    from vpncost.spend.readers.aws import client

    for var in ("AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(var, raising=False)
    assert client("ce").meta.region_name == "aws-global"


def test_a_missing_cur_says_file_or_folder(tmp_path, capsys):
    code = main(["spend", "--cur", str(tmp_path / "export-2026")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "no such CUR file or folder" in err


def test_region_with_a_cur_file_is_refused_not_ignored(capsys):
    code = main(["spend", "--cur", "cur", "--region", "us-east-1"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "a CUR file read with --cur needs none" in err
