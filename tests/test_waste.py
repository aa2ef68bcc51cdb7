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
