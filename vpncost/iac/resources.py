"""What the infrastructure-code readers hand on: resources in one vocabulary, whatever they were written in.

A Terraform plan and a CloudFormation template describe the same AWS resources under different names
(``aws_vpn_connection`` / ``AWS::EC2::VPNConnection``) and attribute spellings (``static_routes_only`` /
``StaticRoutesOnly``). Each reader turns its input into :class:`Resource` rows with the Terraform type name as the
*kind* and the attributes the translation reads under their Terraform names (:data:`CFN_TYPES`,
:data:`CFN_ATTRIBUTES`), links to other resources resolved to their addresses, and every value its input marks
secret dropped before it is stored (:func:`scrub`): nothing downstream can print what it never received.
"""
from __future__ import annotations

from dataclasses import dataclass, field

#: CloudFormation type -> the Terraform type of the same resource (the kind the translation reads). Type and
#: property names as AWS's CloudFormation Template Reference spells them (docs.aws.amazon.com/AWSCloudFormation/latest/
#: TemplateReference/aws-resource-*.html, checked 2026-12-04: a LAG's members are Connections with LagId).
CFN_TYPES = {
    "AWS::EC2::VPNConnection": "aws_vpn_connection",
    "AWS::EC2::CustomerGateway": "aws_customer_gateway",
    "AWS::EC2::VPNGateway": "aws_vpn_gateway",
    "AWS::EC2::VPCGatewayAttachment": "aws_vpn_gateway_attachment",
    "AWS::EC2::VPNGatewayRoutePropagation": "aws_vpn_gateway_route_propagation",
    "AWS::EC2::VPNConnectionRoute": "aws_vpn_connection_route",
    "AWS::EC2::TransitGateway": "aws_ec2_transit_gateway",
    "AWS::EC2::TransitGatewayAttachment": "aws_ec2_transit_gateway_vpc_attachment",
    "AWS::EC2::TransitGatewayVpcAttachment": "aws_ec2_transit_gateway_vpc_attachment",
    "AWS::EC2::TransitGatewayPeeringAttachment": "aws_ec2_transit_gateway_peering_attachment",
    "AWS::EC2::TransitGatewayConnect": "aws_ec2_transit_gateway_connect",
    "AWS::EC2::TransitGatewayRouteTable": "aws_ec2_transit_gateway_route_table",
    "AWS::EC2::TransitGatewayRoute": "aws_ec2_transit_gateway_route",
    "AWS::EC2::TransitGatewayRouteTableAssociation": "aws_ec2_transit_gateway_route_table_association",
    "AWS::EC2::TransitGatewayRouteTablePropagation": "aws_ec2_transit_gateway_route_table_propagation",
    "AWS::EC2::VPNConcentrator": "aws_vpn_concentrator",
    "AWS::DirectConnect::Connection": "aws_dx_connection",
    "AWS::DirectConnect::Lag": "aws_dx_lag",
    "AWS::DirectConnect::DirectConnectGateway": "aws_dx_gateway",
    "AWS::DirectConnect::DirectConnectGatewayAssociation": "aws_dx_gateway_association",
    "AWS::DirectConnect::TransitVirtualInterface": "aws_dx_transit_virtual_interface",
    "AWS::DirectConnect::PrivateVirtualInterface": "aws_dx_private_virtual_interface",
    "AWS::DirectConnect::PublicVirtualInterface": "aws_dx_public_virtual_interface",
    "AWS::NetworkManager::GlobalNetwork": "aws_networkmanager_global_network",
    "AWS::NetworkManager::CoreNetwork": "aws_networkmanager_core_network",
    "AWS::NetworkManager::VpcAttachment": "aws_networkmanager_vpc_attachment",
    "AWS::NetworkManager::SiteToSiteVpnAttachment": "aws_networkmanager_site_to_site_vpn_attachment",
    "AWS::NetworkManager::ConnectAttachment": "aws_networkmanager_connect_attachment",
    "AWS::NetworkManager::DirectConnectGatewayAttachment": "aws_networkmanager_dx_gateway_attachment",
    "AWS::NetworkManager::TransitGatewayPeering": "aws_networkmanager_transit_gateway_peering",
    "AWS::GlobalAccelerator::Accelerator": "aws_globalaccelerator_accelerator",
    "AWS::GlobalAccelerator::Listener": "aws_globalaccelerator_listener",
    "AWS::GlobalAccelerator::EndpointGroup": "aws_globalaccelerator_endpoint_group",
}

#: CloudFormation property -> Terraform attribute, for the properties the translation reads.
CFN_ATTRIBUTES = {
    "Type": "type", "CustomerGatewayId": "customer_gateway_id", "VpnGatewayId": "vpn_gateway_id",
    "TransitGatewayId": "transit_gateway_id", "StaticRoutesOnly": "static_routes_only",
    "EnableAcceleration": "enable_acceleration", "TunnelBandwidth": "tunnel_bandwidth",
    "VpnConcentratorId": "vpn_concentrator_id", "OutsideIpAddressType": "outside_ip_address_type",
    "IpAddress": "ip_address", "BgpAsn": "bgp_asn", "VpcId": "vpc_id", "PeerRegion": "peer_region",
    "PeerTransitGatewayId": "peer_transit_gateway_id", "Location": "location", "Bandwidth": "bandwidth",
    "ConnectionsBandwidth": "connections_bandwidth",
    "LagId": "lag_id", "ConnectionId": "connection_id", "DirectConnectGatewayId": "dx_gateway_id",
    "AssociatedGatewayId": "associated_gateway_id", "CoreNetworkId": "core_network_id",
    "VpnConnectionArn": "vpn_connection_arn", "VpcArn": "vpc_arn", "EdgeLocations": "edge_locations",
    "EnableSiteLink": "sitelink_enabled", "VirtualGatewayId": "vpn_gateway_id", "PeerAccountId": "peer_account_id",
    "DirectConnectGatewayArn": "direct_connect_gateway_arn", "PolicyDocument": "policy_document", "Tags": "tags",
}

#: Attribute names that carry secrets whatever the input says about them (pre-shared keys, BGP keys): dropped.
SECRET_NAMES = ("preshared_key", "presharedkey", "auth_key", "authkey", "password", "secret", "private_key")


@dataclass
class Resource:
    """One resource (one instance of a ``count``/``for_each`` resource) of the input.

    Attributes
    ----------
    address : str
        Where it is written: ``module.net.aws_vpn_connection.branch["paris"]``, or a template's logical id.
    kind : str
        Terraform type name (a template's type mapped through :data:`CFN_TYPES`; unknown types keep their own).
    source_type : str
        The type as the input spells it.
    values : dict
        Attributes under their Terraform names; secrets removed.
    region : str or None
        Region it is created in (provider configuration, the resource's own ``region``, ``--region``).
    links : dict
        Attribute -> address of the resource it refers to (resolved from ids or from references).
    unknown : tuple
        Attributes whose value is known only after apply.
    action : str
        ``create``, ``update``, ``delete``, ``replace``, ``no-op`` or ``read`` (a template's resources: create).
    """

    address: str
    kind: str
    source_type: str
    values: dict = field(default_factory=dict)
    region: "str | None" = None
    links: dict = field(default_factory=dict)
    unknown: tuple = ()
    action: str = "create"

    def name(self) -> str:
        """A person's name for it: its ``Name`` tag, else its address."""
        tags = self.values.get("tags")
        if isinstance(tags, dict) and isinstance(tags.get("Name"), str) and tags["Name"].strip():
            return tags["Name"].strip()
        if isinstance(tags, list):   # CloudFormation: [{Key, Value}]
            for t in tags:
                if isinstance(t, dict) and t.get("Key") == "Name" and isinstance(t.get("Value"), str):
                    return t["Value"]
        return self.address


def is_secret_name(name: str) -> bool:
    low = name.lower().replace("-", "_")
    return any(s in low.replace("_", "") or s in low for s in SECRET_NAMES)


def scrub(values, sensitive=None):
    """``values`` without what ``sensitive`` marks (Terraform's ``after_sensitive`` shape: ``true`` for a
    secret value, a dict or list of the same shape for its parts) and without any attribute named like a secret
    (:data:`SECRET_NAMES`). Returns a new structure; the input is left as it was. A mapping marked sensitive as a
    whole becomes an empty mapping (nothing of it is read)."""
    if sensitive is True:
        return {} if isinstance(values, dict) else None
    if isinstance(values, dict):
        out = {}
        for k, v in values.items():
            if isinstance(k, str) and is_secret_name(k):
                continue
            sub = sensitive.get(k) if isinstance(sensitive, dict) else None
            if sub is True:
                continue
            out[k] = scrub(v, sub)
        return out
    if isinstance(values, list):
        subs = sensitive if isinstance(sensitive, list) else [None] * len(values)
        return [scrub(v, subs[i] if i < len(subs) else None) for i, v in enumerate(values)]
    return values
