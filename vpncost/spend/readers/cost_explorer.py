"""Connectivity spend from AWS Cost Explorer, for accounts without a Cost and Usage Report.

One ``ce:GetCostAndUsage`` request per service (Amazon VPC, Direct Connect, Global Accelerator, and EC2's
data transfer), monthly, grouped by usage type and linked account, every page followed; each usage type
is classified with the CUR rules (:mod:`vpncost.spend.readers.cur`), the service standing in for the product code.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

from vpncost.errors import AwsApiError
from vpncost.spend.readers.cur import classify_usage_type, region_of_usage_type, tidy

SERVICES = {  # Cost Explorer SERVICE dimension value -> CUR product code
    "Amazon Virtual Private Cloud": "AmazonVPC",
    "AWS Direct Connect": "AWSDirectConnect",
    "AWS Global Accelerator": "AWSGlobalAccelerator",
    "EC2 - Other": "AmazonEC2",
}


def period(months: int, today: "dt.date | None" = None) -> tuple:
    """(start, end) of the last ``months`` whole months before ``today`` (end exclusive), ISO dates.

    Parameters
    ----------
    months : int
        Whole months [months].
    today : datetime.date, optional
        Default: today.
    """
    if not 1 <= months <= 36:
        raise AwsApiError(f"months: {months} is out of range; allowed: 1 to 36")
    today = today or dt.date.today()
    end = today.replace(day=1)
    y, m = end.year, end.month - months
    while m < 1:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1).isoformat(), end.isoformat()


def spend_from_cost_explorer(months: int = 3, client=None, today: "dt.date | None" = None) -> pd.DataFrame:
    """Connectivity spend by month, account, Region (from the usage-type prefix) and component.

    Parameters
    ----------
    months : int
        Whole months back [months].
    client : botocore client, optional
        A ``ce`` client.
    today : datetime.date, optional
        Default: today.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    from vpncost.spend.readers.aws import client as aws_client

    client = client or aws_client("ce")
    start, end = period(months, today)
    rows = []
    try:
        for service, code in SERVICES.items():
            token = None
            while True:
                req = {"TimePeriod": {"Start": start, "End": end}, "Granularity": "MONTHLY",
                       "Metrics": ["UnblendedCost", "UsageQuantity"],
                       "Filter": {"Dimensions": {"Key": "SERVICE", "Values": [service]}},
                       "GroupBy": [{"Type": "DIMENSION", "Key": "USAGE_TYPE"},
                                   {"Type": "DIMENSION", "Key": "LINKED_ACCOUNT"}]}
                if token:
                    req["NextPageToken"] = token
                page = client.get_cost_and_usage(**req)
                for result in page.get("ResultsByTime", []):
                    month = result["TimePeriod"]["Start"][:7]
                    for g in result.get("Groups", []):
                        usage_type, account = (g["Keys"] + [""])[:2]
                        comp = classify_usage_type(usage_type, code)
                        if comp is None:
                            continue
                        m = g.get("Metrics", {})
                        rows.append({"month": month, "account_id": account,
                                     "region": region_of_usage_type(usage_type, comp), "component": comp,
                                     "cost_usd": float(m.get("UnblendedCost", {}).get("Amount", 0) or 0),
                                     "usage_amount": float(m.get("UsageQuantity", {}).get("Amount", 0) or 0),
                                     "line_items": 1})
                token = page.get("NextPageToken")
                if not token:
                    break
    except (ClientError, BotoCoreError) as exc:
        raise AwsApiError(f"cost explorer: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise AwsApiError(f"cost explorer: unexpected response ({type(exc).__name__}: {exc})") from None
    frame = pd.DataFrame(rows, columns=["month", "account_id", "region", "component", "cost_usd", "usage_amount",
                                        "line_items"])
    if frame.empty:
        return tidy(frame)
    return tidy(frame.groupby(["month", "account_id", "region", "component"], as_index=False).sum())
