"""The CUR classification on Amazon Athena, for CURs in S3 too large for one machine.

The query text is :func:`vpncost.spend.readers.cur.classification_sql`, the same DuckDB runs; only the source (a
Glue table) and the column flavour differ. boto3's standard configuration applies (profiles, the
credential chain, ``AWS_ENDPOINT_URL_ATHENA``, retry modes). Read-only on the CUR; Athena writes its
result files to the workgroup's output location.
"""
from __future__ import annotations

import time

import pandas as pd

from vpncost.errors import AwsApiError
from vpncost.spend.readers.cur import CUR2, Columns, classification_sql, tidy

# Athena tables of a legacy CUR (the CUR's Athena integration) use snake_case names too
ATHENA_LEGACY = Columns("line_item_product_code", "line_item_usage_type", "line_item_operation",
                        "line_item_usage_start_date", "line_item_usage_account_id", "product_region",
                        "line_item_unblended_cost", "line_item_usage_amount")
FLAVOURS = {"cur2": CUR2, "legacy": ATHENA_LEGACY}


def athena_sql(database: str, table: str, flavour: str = "cur2") -> str:
    """The classification query for an Athena table.

    Parameters
    ----------
    database : str
        Glue database.
    table : str
        CUR table.
    flavour : {'cur2', 'legacy'}
        Column names of the table.
    """
    if flavour not in FLAVOURS:
        raise AwsApiError(f"athena flavour: {flavour!r}; allowed: {', '.join(FLAVOURS)}")
    for name, value in (("database", database), ("table", table)):
        if not value or not value.replace("_", "").replace("-", "").isalnum():
            raise AwsApiError(f"athena {name}: {value!r} must be letters, digits, '_' or '-'")
    return classification_sql(f'"{database}"."{table}"', FLAVOURS[flavour])


def run_query(sql: str, database: str, output_location: "str | None" = None, workgroup: "str | None" = None,
              client=None, poll_s: float = 1.0, timeout_s: float = 900.0) -> pd.DataFrame:
    """Run a query, wait for it, and return its rows (all pages) as strings in a DataFrame.

    Parameters
    ----------
    sql : str
        The query.
    database : str
        Glue database.
    output_location : str, optional
        ``s3://`` folder for query results.
    workgroup : str, optional
        Athena workgroup.
    client : botocore client, optional
        An ``athena`` client.
    poll_s : float
        Time between status checks [s].
    timeout_s : float
        Give up after [s].
    """
    from botocore.exceptions import BotoCoreError, ClientError

    from vpncost.spend.readers.aws import client as aws_client

    client = client or aws_client("athena")
    kwargs = {"QueryString": sql, "QueryExecutionContext": {"Database": database}}
    if output_location:
        kwargs["ResultConfiguration"] = {"OutputLocation": output_location}
    if workgroup:
        kwargs["WorkGroup"] = workgroup
    try:
        qid = client.start_query_execution(**kwargs)["QueryExecutionId"]
        deadline = time.monotonic() + timeout_s
        while True:
            status = client.get_query_execution(QueryExecutionId=qid)["QueryExecution"]["Status"]
            state = status["State"]
            if state == "SUCCEEDED":
                break
            if state in ("FAILED", "CANCELLED"):
                raise AwsApiError(f"athena query {qid} {state.lower()}: "
                                  f"{status.get('StateChangeReason', 'no reason given')}")
            if time.monotonic() > deadline:
                raise AwsApiError(f"athena query {qid} still {state.lower()} after {timeout_s:g} s")
            time.sleep(poll_s)
        rows, header = [], None
        for page in client.get_paginator("get_query_results").paginate(QueryExecutionId=qid):
            for r in page["ResultSet"]["Rows"]:
                values = [d.get("VarCharValue") for d in r["Data"]]
                if header is None:
                    header = values
                else:
                    rows.append(values)
    except (ClientError, BotoCoreError) as exc:
        raise AwsApiError(f"athena: {exc}") from None
    return pd.DataFrame(rows, columns=header)


def spend_from_athena(database: str, table: str, output_location: "str | None" = None, workgroup: "str | None" = None,
                      flavour: str = "cur2", client=None) -> pd.DataFrame:
    """Connectivity spend (the same table as :func:`vpncost.spend.readers.cur.read_cur`) from a CUR table in Athena.

    Parameters
    ----------
    database : str
        Glue database of the CUR table.
    table : str
        The CUR table.
    output_location : str, optional
        ``s3://`` folder for query results (default: the workgroup's).
    workgroup : str, optional
        Athena workgroup.
    flavour : {'cur2', 'legacy'}
        Column names of the table.
    client : botocore client, optional
        An ``athena`` client.
    """
    out = run_query(athena_sql(database, table, flavour), database, output_location, workgroup, client)
    need = {"month", "account_id", "region", "component", "cost_usd", "usage_amount", "line_items"}
    if not need <= set(out.columns):
        raise AwsApiError(f"athena: unexpected result columns {', '.join(out.columns)}; expected {', '.join(sorted(need))}")
    return tidy(out)
