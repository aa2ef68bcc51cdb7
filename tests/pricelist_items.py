"""PriceList items shaped like the real ``pricing:GetProducts`` answers (``data/sources.csv`` PRICELIST-API)."""
import json


def item(service_code, sku, attributes, dims, family="Data Transfer"):
    """One PriceList JSON string. ``dims``: [(begin, end, usd, description)] or [(usd, description)]."""
    term = f"{sku}.JRTCKXETXF"
    pds = {}
    for i, d in enumerate(dims):
        begin, end, usd, desc = d if len(d) == 4 else ("0", "Inf", d[0], d[1])
        code = f"{term}.{6000 + i}YS6EN2CT7"
        pds[code] = {"rateCode": code, "description": desc, "beginRange": str(begin), "endRange": str(end),
                     "unit": "GB" if "GB" in desc else "Hrs", "pricePerUnit": {"USD": f"{usd:.10f}"}, "appliesTo": []}
    doc = {"product": {"sku": sku, "productFamily": family,
                       "attributes": {"servicecode": service_code, **attributes}},
           "serviceCode": service_code,
           "terms": {"OnDemand": {sku: {term: {"offerTermCode": "JRTCKXETXF", "sku": sku,
                                               "effectiveDate": "2026-11-01T00:00:00Z",
                                               "priceDimensions": pds, "termAttributes": {}}}}},
           "version": "20261101000000", "publicationDate": "2026-11-01T00:00:00Z"}
    return json.dumps(doc)


def vpc_items(vpn_usd=0.05, region="eu-central-1", prefix="EUC1-", location="EU (Frankfurt)"):
    return [
        item("AmazonVPC", "VPN1", {"usagetype": f"{prefix}VPN-Usage-Hours:ipsec.1", "operation": "CreateVpnConnection",
                                   "location": location, "regionCode": region, "vpnType": "VPN Standard"},
             [(vpn_usd, f"${vpn_usd} per VPN Connection-Hour")], family="Cloud Connectivity"),
        item("AmazonVPC", "TGW1", {"usagetype": f"{prefix}TransitGateway-Hours", "operation": "TransitGatewayVPC",
                                   "group": "AWSTransitGateway", "location": location, "regionCode": region},
             [(0.06, "$0.06 per TransitGateway attachment hour")]),
        item("AmazonVPC", "TGW2", {"usagetype": f"{prefix}TransitGateway-Bytes", "operation": "TransitGatewayVPC",
                                   "group": "AWSTransitGateway", "location": location, "regionCode": region},
             [(0.021, "$0.021 per GB Data Processed by TransitGateway")]),
        item("AmazonVPC", "NAT1", {"usagetype": f"{prefix}NatGateway-Hours", "operation": "NatGateway",
                                   "location": location, "regionCode": region}, [(0.052, "$0.052 per NAT Gateway Hour")]),
    ]


def dto_items(region="eu-central-1", prefix="EUC1-", location="EU (Frankfurt)"):
    tiers = [("0", "10240", 0.09, "$0.09 per GB - first 10 TB / month data transfer out beyond the global free tier"),
             ("10240", "51200", 0.085, "$0.085 per GB - next 40 TB / month data transfer out"),
             ("51200", "153600", 0.07, "$0.07 per GB - next 100 TB / month data transfer out"),
             ("153600", "Inf", 0.05, "$0.05 per GB - greater than 150 TB / month data transfer out")]
    return [item("AWSDataTransfer", "DT1", {"usagetype": f"{prefix}DataTransfer-Out-Bytes", "transferType": "AWS Outbound",
                                           "fromLocation": location, "fromRegionCode": region, "toLocation": "External"}, tiers)]


def dx_items():
    return [
        item("AWSDirectConnect", "DX1", {"usagetype": "USE1-EqDC2-PortUsage:1G", "capacity": "1G", "connectionType": "Dedicated",
                                        "location": "US East (N. Virginia)", "directConnectLocation": "Equinix DC2, Ashburn, VA"},
             [(0.31, "$0.31 per 1G port-hour")], family="Direct Connect"),
        item("AWSDirectConnect", "DX2", {"usagetype": "APN1-EqTY2-PortUsage:1G", "capacity": "1G", "connectionType": "Dedicated",
                                        "location": "Asia Pacific (Tokyo)", "directConnectLocation": "Equinix TY2, Tokyo, Japan"},
             [(0.29, "$0.29 per 1G port-hour")], family="Direct Connect"),
        item("AWSDirectConnect", "DX3", {"usagetype": "USE1-EqDC2-HCPortUsage:50M", "capacity": "50M", "connectionType": "Hosted",
                                        "location": "US East (N. Virginia)"}, [(0.04, "$0.04 per 50M hosted port-hour")], family="Direct Connect"),
        item("AWSDirectConnect", "DX4", {"usagetype": "USE1-EqDC2-DataXfer-Out:dc.3", "transferType": "IntraRegion Outbound",
                                        "fromLocation": "US East (N. Virginia)", "toLocation": "Equinix DC2, Ashburn, VA",
                                        "virtualInterfaceType": "private"}, [(0.021, "$0.021 per GB")]),
    ]


def ga_items():
    return [
        item("AWSGlobalAccelerator", "GA1", {"usagetype": "NA-AP-OUT-Bytes-Internet", "trafficDirection": "Out",
                                            "fromLocation": "NA", "toLocation": "AP", "operation": "Dominant"},
             [(0.036, "$0.036 per GB DT-Premium")], family="AWS Global Accelerator"),
        item("AWSGlobalAccelerator", "GA2", {"usagetype": "NA-AP-IN-Bytes-Internet", "trafficDirection": "In",
                                            "fromLocation": "NA", "toLocation": "AP", "operation": "Dominant"},
             [(0.036, "$0.036 per GB DT-Premium")], family="AWS Global Accelerator"),
        # a China item priced in CNY only: skipped
        item("AWSGlobalAccelerator", "GA3", {"usagetype": "CN-CN-OUT-Bytes-Internet"}, [], family="AWS Global Accelerator"),
    ]


def by_service():
    return {"AmazonVPC": vpc_items(), "AWSDataTransfer": dto_items(), "AWSDirectConnect": dx_items(),
            "AWSGlobalAccelerator": ga_items()}
