"""Idle and waste: planted idle connections are all found with their saving and evidence; nothing active is."""
import datetime as dt

import boto3
import pandas as pd
import pytest
from moto import mock_aws

from vpncost.pricing.catalog import load_prices
from vpncost.spend.waste import idle_findings

VPN_COLS = ["vpn_id", "state", "gateway", "gateway_id", "accelerated", "static_routes", "tunnel", "tunnels_up"]
DX_COLS = ["connection_id", "name", "state", "speed", "location", "hosted", "gateway", "vifs"]


def held_out_estate():
    vpn = pd.DataFrame([
        ["vpn-active", "available", "vgw", "vgw-1", False, False, "standard", 2],
        ["vpn-idle", "available", "vgw", "vgw-1", False, False, "standard", 2],
        ["vpn-down", "available", "vgw", "vgw-1", False, False, "standard", 0],
        ["vpn-tgw-idle", "available", "tgw", "tgw-1", False, False, "standard", None],
        ["vpn-tgw-active", "available", "tgw", "tgw-1", False, False, "standard", 2],
    ], columns=VPN_COLS)
    dx = pd.DataFrame([
        ["dx-active", "a", "available", "1G", "EqDC2", False, "vgw", 1],
        ["dx-no-vif", "b", "available", "1G", "EqDC2", False, "vgw", 0],
        ["dx-idle", "c", "available", "10G", "EqDC2", False, "vgw", 2],
        ["dx-vifs-unknown", "d", "available", "1G", "EqDC2", False, "vgw", None],
    ], columns=DX_COLS)
    att = pd.DataFrame(columns=["attachment_id", "transit_gateway_id", "resource_type", "state"])
    traffic = pd.DataFrame({"resource_id": ["vpn-active", "vpn-down", "vpn-tgw-idle", "vpn-tgw-active", "dx-active",
                                            "dx-idle", "dx-vifs-unknown"],
                            "egress_gb": [500.0, 10.0, 0.2, 80.0, 2000.0, 0.3, 50.0],
                            "ingress_gb": [100.0, 0.0, 0.1, 20.0, 300.0, 0.1, 5.0]})
    return {"vpn": vpn, "dx": dx, "tgw_attachments": att}, traffic


def test_planted_idle_connections_are_found_and_nothing_active_is():
    inv, traffic = held_out_estate()
    cat = load_prices()
    out = idle_findings(inv, traffic, "us-east-1", catalog=cat).set_index("resource_id")
    assert set(out.index) == {"vpn-idle", "vpn-down", "vpn-tgw-idle", "dx-no-vif", "dx-idle"}
    assert out.loc["vpn-down", "rule"] == "vpn_tunnels_down" and "0 of 2 tunnels UP" in out.loc["vpn-down", "evidence"]
    assert out.loc["dx-no-vif", "rule"] == "dx_no_vif"
    assert out.loc["dx-idle", "rule"] == "dx_no_traffic" and "0.40 GB in the month" in out.loc["dx-idle", "evidence"]
    vpn_hour = cat.lookup("vpn", "connection_hour", "us-east-1", variant="standard").rate
    tgw_hour = cat.lookup("transit_gateway", "attachment_hour", "us-east-1", variant="vpn").rate
    assert out.loc["vpn-idle", "monthly_saving_usd"] == pytest.approx(730 * vpn_hour)
    assert out.loc["vpn-tgw-idle", "monthly_saving_usd"] == pytest.approx(730 * (vpn_hour + tgw_hour))
    port = cat.lookup("direct_connect", "dedicated_port_hour", "*", "*", "10G").rate
    assert out.loc["dx-idle", "monthly_saving_usd"] == pytest.approx(730 * port)
    assert list(out["monthly_saving_usd"]) == sorted(out["monthly_saving_usd"], reverse=True)


def test_the_threshold_is_the_users():
    inv, traffic = held_out_estate()
    out = idle_findings(inv, traffic, "us-east-1", min_gb=150.0)
    assert "vpn-tgw-active" in set(out["resource_id"]) and "vpn-active" not in set(out["resource_id"])  # 100, 600 GB


def test_hosted_ports_sized_far_above_their_p95_traffic():
    """A 10G hosted port whose busier direction peaks (p95) at 300 Mbit/s: a 400M port carries it with 25 %
    headroom; the saving is the two ports' monthly difference. Right-sized hosted ports, dedicated ports and
    ports with no rate measured are not flagged."""
    inv, traffic = held_out_estate()
    inv["dx"] = pd.concat([inv["dx"], pd.DataFrame([
        ["dx-hosted-big", "e", "available", "10G", "EqDC2", True, "vgw", 1],
        ["dx-hosted-right", "f", "available", "1G", "EqDC2", True, "vgw", 1],
        ["dx-hosted-unmeasured", "g", "available", "5G", "EqDC2", True, "vgw", 1],
    ], columns=DX_COLS)], ignore_index=True)
    traffic = pd.concat([traffic.assign(p95_mbps=float("nan")), pd.DataFrame({
        "resource_id": ["dx-hosted-big", "dx-hosted-right", "dx-hosted-unmeasured"],
        "egress_gb": [9000.0, 9000.0, 10.0], "ingress_gb": [800.0, 800.0, 1.0],
        "p95_mbps": [300.0, 300.0, float("nan")]})], ignore_index=True)
    traffic.loc[traffic["resource_id"] == "dx-active", "p95_mbps"] = 10.0  # dedicated 1G at 10 Mbit/s: not this rule
    cat = load_prices()
    out = idle_findings(inv, traffic, "us-east-1", catalog=cat).set_index("resource_id")
    assert "dx-hosted-big" in out.index
    assert not {"dx-hosted-right", "dx-hosted-unmeasured", "dx-active"} & set(out.index)
    big = out.loc["dx-hosted-big"]
    assert big["rule"] == "dx_hosted_oversized" and "p95 300.0 Mbit/s" in big["evidence"] and "400M" in big["evidence"]
    hour = {s: cat.lookup("direct_connect", "hosted_port_hour", "*", "*", s).rate for s in ("10G", "400M")}
    assert big["monthly_saving_usd"] == pytest.approx(730 * (hour["10G"] - hour["400M"]))


def test_accelerated_vpns_whose_site_gains_less_than_its_threshold(tmp_path):
    """Ashburn is next to us-east-1: acceleration saves it almost nothing, so its accelerated VPN is waste; Tokyo's
    is not (tens of ms). The saving is the two accelerators' fixed fee plus the DT-Premium on the traffic."""
    from vpncost.spend.readers.sites import read_sites

    inv, traffic = held_out_estate()
    inv["vpn"] = pd.concat([inv["vpn"], pd.DataFrame([
        ["vpn-acc-near", "available", "tgw", "tgw-1", True, False, "standard", 2],
        ["vpn-acc-near-quiet", "available", "tgw", "tgw-1", True, False, "standard", 2],
        ["vpn-acc-far", "available", "tgw", "tgw-1", True, False, "standard", 2],
    ], columns=VPN_COLS)], ignore_index=True)
    traffic = pd.concat([traffic, pd.DataFrame({"resource_id": ["vpn-acc-near", "vpn-acc-near-quiet", "vpn-acc-far"],
                                                "egress_gb": [1000.0, 2.0, 1000.0], "ingress_gb": [0.0, 0.0, 0.0]})])
    f = tmp_path / "sites.csv"
    f.write_text("vpn_id,city,latitude,longitude,min_saving_ms\nvpn-acc-near,Ashburn,,,\n"
                 "vpn-acc-near-quiet,,39.04,-77.49,5\nvpn-acc-far,Tokyo,,,\n")
    sites = read_sites(f, 10.0)
    cat = load_prices()
    out = idle_findings(inv, traffic, "us-east-1", catalog=cat, sites=sites).set_index("resource_id")
    assert {"vpn-acc-near", "vpn-acc-near-quiet"} <= set(out.index) and "vpn-acc-far" not in out.index
    near = out.loc["vpn-acc-near"]
    assert near["rule"] == "vpn_acceleration_below_threshold" and "threshold 10 ms" in near["evidence"]
    fixed = 2 * 730 * cat.lookup("global_accelerator", "fixed_fee_hour").rate
    quiet = out.loc["vpn-acc-near-quiet", "monthly_saving_usd"]
    assert fixed < quiet < near["monthly_saving_usd"]  # the premium grows with the traffic
    premium_per_gb = (near["monthly_saving_usd"] - quiet) / (1000.0 - 2.0)
    assert 0 < premium_per_gb < 0.1
    assert idle_findings(inv, traffic, "us-east-1", catalog=cat).set_index("resource_id").index.intersection(
        ["vpn-acc-near"]).empty  # no sites file: not judged


@pytest.mark.parametrize("text, message", [
    ("vpn,city\nv,Ashburn\n", "needs columns vpn_id and city"),
    ("vpn_id,city\nv,Atlantis\n", "Atlantis"),
    ("vpn_id,latitude,longitude\nv,95,0\n", "line 2: latitude must be -90..90"),
    ("vpn_id,latitude,longitude\nv,north,0\n", "line 2: latitude, longitude and min_saving_ms must be numbers"),
    ("vpn_id,city,min_saving_ms\nv,Ashburn,-1\n", "min_saving_ms must be a number of ms"),
    ("vpn_id,city\nv,Ashburn\nv,Tokyo\n", "vpn_id v is listed twice"),
])
def test_bad_sites_files_are_one_line(tmp_path, text, message):
    from vpncost.errors import VpncostError
    from vpncost.spend.readers.sites import read_sites

    f = tmp_path / "sites.csv"
    f.write_text(text)
    with pytest.raises(VpncostError, match=message):
        read_sites(f, 10.0)


@mock_aws
def test_p95_rate_of_a_direct_connect_connection_from_cloudwatch():
    from vpncost.spend.readers.inventory import traffic_gb

    cw = boto3.client("cloudwatch", region_name="us-east-1")
    start = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)
    for metric, mbps in (("ConnectionBpsEgress", [100.0] * 90 + [900.0] * 10), ("ConnectionBpsIngress", [50.0] * 100)):
        cw.put_metric_data(Namespace="AWS/DX", MetricData=[{
            "MetricName": metric, "Timestamp": start + dt.timedelta(hours=h),
            "Dimensions": [{"Name": "ConnectionId", "Value": "dxcon-1"}], "Value": v * 1e6, "Unit": "Bits/Second"}
            for h, v in enumerate(mbps)])
    t = traffic_gb("us-east-1", [], ["dxcon-1"], start, start + dt.timedelta(days=10)).set_index("resource_id")
    import numpy as np
    assert t.at["dxcon-1", "p95_mbps"] == pytest.approx(np.percentile([100.0] * 90 + [900.0] * 10, 95))
    assert t.at["dxcon-1", "egress_gb"] == pytest.approx((90 * 100 + 10 * 900) * 1e6 * 3600 / 8 / 1e9)


@mock_aws
def test_idle_in_the_cli_with_moto(tmp_path, capsys):
    from conftest import ROOT, run_cli

    ec2 = boto3.client("ec2", region_name="us-east-1")
    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.1", BgpAsn=65000)["CustomerGateway"]
    vgw = ec2.create_vpn_gateway(Type="ipsec.1")["VpnGateway"]
    busy = ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw["CustomerGatewayId"],
                                     VpnGatewayId=vgw["VpnGatewayId"])["VpnConnection"]["VpnConnectionId"]
    idle = ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw["CustomerGatewayId"],
                                     VpnGatewayId=vgw["VpnGatewayId"])["VpnConnection"]["VpnConnectionId"]
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    month = "2026-10"
    cw.put_metric_data(Namespace="AWS/VPN", MetricData=[{"MetricName": "TunnelDataOut",
                                                        "Timestamp": dt.datetime(2026, 10, 15, tzinfo=dt.timezone.utc),
                                                        "Dimensions": [{"Name": "VpnId", "Value": busy}],
                                                        "Value": 50e9, "Unit": "Bytes"}])
    code = run_cli(["spend", "--cur", str(ROOT / "data/sample_cur/cur2"), "--inventory", "us-east-1", "--month", month,
                    "--idle", "--wide"])
    out = capsys.readouterr().out
    assert code == 0
    section = out[out.index("Idle and waste"):]
    assert idle in section and busy not in section and "VPN connection carried less than 1 GB" in section
    assert run_cli(["spend", "--cur", str(ROOT / "data/sample_cur/cur2"), "--idle"]) == 2
    assert "--idle reads the inventory: use it with --inventory REGION" in capsys.readouterr().err
    sites = tmp_path / "sites.csv"
    sites.write_text(f"vpn_id,city\n{idle},Ashburn\n")
    assert run_cli(["spend", "--cur", str(ROOT / "data/sample_cur/cur2"), "--sites", str(sites)]) == 2
    assert "--sites is for --idle" in capsys.readouterr().err
    sites.write_text("vpn_id,city\nx,Atlantis\n")
    assert run_cli(["spend", "--cur", str(ROOT / "data/sample_cur/cur2"), "--inventory", "us-east-1", "--month", month,
                    "--idle", "--sites", str(sites)]) == 2
    err = capsys.readouterr().err
    assert "Atlantis" in err and len(err.strip().splitlines()) == 1


def test_idle_transit_gateway_attachments():
    inv, traffic = held_out_estate()
    att = pd.DataFrame({"attachment_id": ["att-busy", "att-idle", "att-vpn"], "resource_type": ["vpc", "vpc", "vpn"],
                        "resource_id": ["vpc-1", "vpc-2", "vpn-tgw-idle"], "resource_owner": ["111", "222", "111"],
                        "bytes_in": [5e9, 0.0, 0.0], "bytes_out": [1e9, 2e8, 0.0]})
    cat = load_prices()
    out = idle_findings(inv, traffic, "us-east-1", catalog=cat, attachment_traffic=att).set_index("resource_id")
    assert "att-idle" in out.index and "att-busy" not in out.index and "att-vpn" not in out.index  # VPN: with its VPN
    rate = cat.lookup("transit_gateway", "attachment_hour", "us-east-1", variant="vpc").rate
    assert out.loc["att-idle", "monthly_saving_usd"] == pytest.approx(730 * rate)
    evidence = out.loc["att-idle", "evidence"]
    assert "0.20 GB in the month" in evidence and "vpc vpc-2 of 222" in evidence


@mock_aws
def test_by_traffic_from_cloudwatch_attachment_bytes(capsys):
    import json

    from conftest import ROOT, run_cli

    ec2 = boto3.client("ec2", region_name="us-east-1")
    tgw = ec2.create_transit_gateway()["TransitGateway"]["TransitGatewayId"]
    atts = []
    for k in range(2):
        vpc = ec2.create_vpc(CidrBlock=f"10.{k}.0.0/16")["Vpc"]["VpcId"]
        sub = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{k}.0.0/24")["Subnet"]["SubnetId"]
        att = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=[sub])
        atts.append((att["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"], vpc))
    cgw = ec2.create_customer_gateway(Type="ipsec.1", PublicIp="198.51.100.1", BgpAsn=65000)["CustomerGateway"]
    ec2.create_vpn_connection(Type="ipsec.1", CustomerGatewayId=cgw["CustomerGatewayId"], TransitGatewayId=tgw)
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    for (att, _), gb in zip(atts, (1.0, 3.0)):
        cw.put_metric_data(Namespace="AWS/TransitGateway", MetricData=[{
            "MetricName": "BytesIn", "Timestamp": dt.datetime(2026, 10, 10, tzinfo=dt.timezone.utc),
            "Dimensions": [{"Name": "TransitGateway", "Value": tgw},
                           {"Name": "TransitGatewayAttachment", "Value": att}],
            "Value": gb * 1e9, "Unit": "Bytes"}])
    code = run_cli(["spend", "--cur", str(ROOT / "data/sample_cur/cur2"), "--inventory", "us-east-1", "--month",
                    "2026-10", "--allocate", "by-traffic", "cloudwatch", "--json"])
    assert code == 0, capsys.readouterr().err
    alloc = pd.DataFrame(json.loads(capsys.readouterr().out)["allocation"])
    october = alloc[alloc["month"] == "2026-10"].groupby("consumer")["cost_usd"].sum()
    a, b = (october[next(c for c in october.index if c.endswith(vpc))] for _, vpc in atts)
    assert b / a == pytest.approx(3.0, rel=1e-3)  # cost follows the bytes each attachment sent
    assert set(alloc[alloc["month"] == "2026-08"]["basis"]) == {"no matching share"}  # no traffic measured: kept


def test_the_sample_inventory_flags_exactly_what_was_planted():
    """data/sample_inventory (notebook 04, offline): six wasteful resources planted among active ones."""
    from conftest import ROOT

    from vpncost.spend.readers.sites import read_sites

    d = ROOT / "data/sample_inventory"
    inv = {k: pd.read_csv(d / f"{k}.csv") for k in ("vpn", "dx", "tgw_attachments")}
    out = idle_findings(inv, pd.read_csv(d / "traffic.csv"), "us-east-1",
                        attachment_traffic=pd.read_csv(d / "attachment_traffic.csv"),
                        sites=read_sites(d / "sites.csv", 10.0)).set_index("resource_id")
    assert out["rule"].to_dict() == {
        "dxcon-0hosted-big": "dx_hosted_oversized", "dxcon-0novif": "dx_no_vif",
        "vpn-0d44acc-ashburn": "vpn_acceleration_below_threshold", "vpn-0b22idle": "vpn_no_traffic",
        "vpn-0c33down": "vpn_tunnels_down", "tgw-attach-0e5sandbox": "tgw_attachment_no_traffic"}


@mock_aws
def test_direct_connect_lines_split_by_virtual_interface_traffic():
    """Two VIFs of two accounts on one port: the port by traffic both ways, data transfer out by egress alone."""
    from botocore.stub import Stubber

    from vpncost.spend.allocate import allocate, shares_from_vif_bytes
    from vpncost.spend.readers.inventory import month_bounds, vif_bytes

    dx = boto3.client("directconnect", region_name="us-east-1")
    stub = Stubber(dx)
    stub.add_response("describe_virtual_interfaces", {"virtualInterfaces": [
        {"virtualInterfaceId": "dxvif-a", "connectionId": "dxcon-1", "ownerAccount": "333333333333",
         "virtualInterfaceType": "transit", "virtualInterfaceState": "available"},
        {"virtualInterfaceId": "dxvif-b", "connectionId": "dxcon-1", "ownerAccount": "444444444444",
         "virtualInterfaceType": "private", "virtualInterfaceState": "available"},
        {"virtualInterfaceId": "dxvif-old", "connectionId": "dxcon-1", "ownerAccount": "555555555555",
         "virtualInterfaceType": "private", "virtualInterfaceState": "deleted"}]})
    cw = boto3.client("cloudwatch", region_name="us-east-1")
    start, end = month_bounds("2026-10")
    for vif, out_mbps, in_mbps in (("dxvif-a", 300.0, 100.0), ("dxvif-b", 100.0, 300.0)):
        cw.put_metric_data(Namespace="AWS/DX", MetricData=[
            {"MetricName": m, "Timestamp": start + dt.timedelta(hours=h),
             "Dimensions": [{"Name": "ConnectionId", "Value": "dxcon-1"}, {"Name": "VirtualInterfaceId", "Value": vif}],
             "Value": v * 1e6, "Unit": "Bits/Second"}
            for m, v in (("VirtualInterfaceBpsEgress", out_mbps), ("VirtualInterfaceBpsIngress", in_mbps))
            for h in range(10)])

    class Session:
        def client(self, name, region_name=None):
            return dx if name == "directconnect" else cw

    with stub:
        t = vif_bytes("us-east-1", start, end, session=Session())
    stub.assert_no_pending_responses()
    assert list(t["vif_id"]) == ["dxvif-a", "dxvif-b"]  # the deleted one carries nothing and is left out
    assert t.loc[0, "bytes_out"] == pytest.approx(10 * 300e6 * 3600 / 8)
    spend = pd.DataFrame({"month": ["2026-10"] * 3, "account_id": ["111"] * 3,
                          "component": ["dx_port_hours", "dx_data_transfer_out", "tgw_data_processing"],
                          "cost_usd": [219.0, 40.0, 10.0]})
    alloc = allocate(spend, shares_from_vif_bytes({"2026-10": t}), "traffic")
    got = alloc.set_index(["component", "consumer"])["cost_usd"]
    assert got[("dx_port_hours", "333333333333 transit dxvif-a")] == 109.5  # 400 of 800 Mbit/s-hours both ways
    assert got[("dx_data_transfer_out", "333333333333 transit dxvif-a")] == 30.0  # 300 of 400 egress
    assert got[("dx_data_transfer_out", "444444444444 private dxvif-b")] == 10.0
    assert got[("tgw_data_processing", "unallocated (111)")] == 10.0  # not a Direct Connect line
