"""Actual connectivity spend from AWS Cost and Usage Reports, classified by one set of rules.

Formats: legacy CUR (CSV, gzip CSV or Parquet; ``lineItem/UsageType``-style columns) and CUR 2.0 /
Data Exports (Parquet; ``line_item_usage_type``-style columns; the Athena tables of both look like the
latter). DuckDB reads the files where they lie and aggregates while it scans, so memory stays bounded
whatever the size; only the small per-month summary reaches pandas.

Rules (``data/sources.csv`` CUR-RULES), tried in order; lines matching none are ignored:

=========================== ======================= ==================================================
component                   product code            usage type
=========================== ======================= ==================================================
vpn_connection_hours        AmazonVPC               ``*VPN-Usage-Hours*``
tgw_attachment_hours        AmazonVPC               ``*TransitGateway-Hours*``
tgw_data_processing         AmazonVPC               ``*TransitGateway-Bytes*``
dx_port_hours               AWSDirectConnect        ``*PortUsage*`` (dedicated and hosted ``HCPortUsage``)
dx_data_transfer_out        AWSDirectConnect        ``*DataXfer-Out*``
dx_data_transfer_in         AWSDirectConnect        ``*DataXfer-In*``
ga_dt_premium               AWSGlobalAccelerator    ``*-Bytes-Internet``
ga_fixed_fee                AWSGlobalAccelerator    anything else (the fixed fee's usage type is not documented)
internet_data_transfer_out  any but AmazonCloudFront ``DataTransfer-Out-Bytes`` or ``*-DataTransfer-Out-Bytes``
                                                    (and servicecode AWSDataTransfer where the CUR has it)
=========================== ======================= ==================================================

Inter-Region (``*-AWS-Out-Bytes``) and inter-AZ (``*-DataTransfer-Regional-Bytes``) transfer are not
internet egress and are ignored. The Region is the line's product Region code, or else the usage-type
prefix (``USE1-`` ..., none = us-east-1); Global Accelerator lines without a Region are ``global``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vpncost.errors import VpncostError
from vpncost.fileio import input_file

COMPONENTS = ("vpn_connection_hours", "tgw_attachment_hours", "tgw_data_processing", "dx_port_hours",
              "dx_data_transfer_out", "dx_data_transfer_in", "ga_fixed_fee", "ga_dt_premium",
              "internet_data_transfer_out")
COMPONENT_NAMES = {"vpn_connection_hours": "VPN connection-hours", "tgw_attachment_hours": "TGW attachment-hours",
                   "tgw_data_processing": "TGW data processing", "dx_port_hours": "DX port-hours",
                   "dx_data_transfer_out": "DX data transfer out", "dx_data_transfer_in": "DX data transfer in",
                   "ga_fixed_fee": "Global Accelerator fixed fee", "ga_dt_premium": "Global Accelerator premium",
                   "internet_data_transfer_out": "internet data transfer out",
                   "inter_region_data_transfer": "inter-Region data transfer"}  # for people (the last: modelled only)
COMPONENT_UNITS = {"vpn_connection_hours": "hours", "tgw_attachment_hours": "hours", "tgw_data_processing": "GB",
                   "dx_port_hours": "hours", "dx_data_transfer_out": "GB", "dx_data_transfer_in": "GB",
                   "ga_fixed_fee": "hours", "ga_dt_premium": "GB", "internet_data_transfer_out": "GB"}

# (component, product code (None: any), product codes excluded, LIKE patterns (any of), NOT LIKE patterns)
RULES = (
    ("vpn_connection_hours", "AmazonVPC", (), ("%VPN-Usage-Hours%",), ()),
    ("tgw_attachment_hours", "AmazonVPC", (), ("%TransitGateway-Hours%",), ()),
    ("tgw_data_processing", "AmazonVPC", (), ("%TransitGateway-Bytes%",), ()),
    ("dx_port_hours", "AWSDirectConnect", (), ("%PortUsage%",), ()),
    ("dx_data_transfer_out", "AWSDirectConnect", (), ("%DataXfer-Out%",), ()),
    ("dx_data_transfer_in", "AWSDirectConnect", (), ("%DataXfer-In%",), ()),
    ("ga_dt_premium", "AWSGlobalAccelerator", (), ("%-Bytes-Internet",), ()),
    ("ga_fixed_fee", "AWSGlobalAccelerator", (), ("%",), ()),
    # CloudFront's own egress (``US-DataTransfer-Out-Bytes``...) is edge delivery, never VPC egress
    ("internet_data_transfer_out", None, ("AmazonCloudFront",), ("DataTransfer-Out-Bytes", "%-DataTransfer-Out-Bytes"), ()),
)

# usage-type prefix -> Region code (AWS billing prefixes); no prefix means us-east-1
USAGE_PREFIX_REGION = {
    "USE1": "us-east-1", "USE2": "us-east-2", "USW1": "us-west-1", "USW2": "us-west-2", "CAN1": "ca-central-1",
    "CAN2": "ca-west-1", "EU": "eu-west-1", "EUW2": "eu-west-2", "EUW3": "eu-west-3", "EUC1": "eu-central-1",
    "EUN1": "eu-north-1", "EUS1": "eu-south-1", "APN1": "ap-northeast-1", "APN2": "ap-northeast-2",
    "APN3": "ap-northeast-3", "APS1": "ap-southeast-1", "APS2": "ap-southeast-2", "APS3": "ap-south-1",
    "APE1": "ap-east-1", "SAE1": "sa-east-1", "MES1": "me-south-1", "AFS1": "af-south-1", "ILC1": "il-central-1",
}


@dataclass(frozen=True)
class Columns:
    """Where the fields the rules need live in one CUR flavour (SQL expressions)."""

    product_code: str
    usage_type: str
    operation: str
    usage_start: str
    account: str
    region: "str | None"
    cost: str
    usage_amount: str
    servicecode: "str | None" = None  # product servicecode, when the CUR has it


LEGACY = Columns('"lineItem/ProductCode"', '"lineItem/UsageType"', '"lineItem/Operation"',
                 '"lineItem/UsageStartDate"', '"lineItem/UsageAccountId"', '"product/region"',
                 '"lineItem/UnblendedCost"', '"lineItem/UsageAmount"')
CUR2 = Columns("line_item_product_code", "line_item_usage_type", "line_item_operation", "line_item_usage_start_date",
               "line_item_usage_account_id", "product_region_code", "line_item_unblended_cost",
               "line_item_usage_amount")
REQUIRED = ("product_code", "usage_type", "usage_start", "account", "cost", "usage_amount")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def classify_case(usage_type: str, product_code: str, servicecode: "str | None" = None) -> str:
    """The rules as one SQL CASE expression (ANSI: runs in DuckDB and Athena/Trino alike).

    Parameters
    ----------
    usage_type : str
        SQL expression of the usage type column.
    product_code : str
        SQL expression of the product code column.
    servicecode : str, optional
        SQL expression of the servicecode column; with it, internet egress also needs servicecode
        AWSDataTransfer (when it is set).
    """
    parts = []
    for component, code, excluded, likes, nots in RULES:
        cond = " OR ".join(f"{usage_type} LIKE {_quote(p)}" for p in likes)
        cond = f"({cond})"
        if code:
            cond = f"{product_code} = {_quote(code)} AND {cond}"
        for x in excluded:
            cond += f" AND COALESCE({product_code}, '') <> {_quote(x)}"
        if component == "internet_data_transfer_out" and servicecode:
            cond += f" AND COALESCE(NULLIF({servicecode}, ''), 'AWSDataTransfer') = 'AWSDataTransfer'"
        for p in nots:
            cond += f" AND {usage_type} NOT LIKE {_quote(p)}"
        parts.append(f"WHEN {cond} THEN {_quote(component)}")
    return "CASE " + " ".join(parts) + " ELSE NULL END"


def classification_sql(source: str, cols: Columns = CUR2, tag: "str | None" = None) -> str:
    """The whole classification query: one text for DuckDB and Athena.

    Parameters
    ----------
    source : str
        A table, or a DuckDB ``read_parquet(...)``/``read_csv(...)`` call.
    cols : Columns
        The CUR flavour's column names.
    tag : str, optional
        SQL expression of a cost-allocation tag's value (:func:`tag_expression`): the result is also grouped by
        it, in a ``tag`` column ('' for untagged lines).

    Returns
    -------
    str
        SQL whose result columns are month ('YYYY-MM'), account_id, region, component, cost_usd [USD],
        usage_amount, line_items (and tag).
    """
    prefix_values = ", ".join(f"({_quote(k)}, {_quote(v)})" for k, v in USAGE_PREFIX_REGION.items())
    region_col = f"NULLIF(CAST({cols.region} AS VARCHAR), '')" if cols.region else "CAST(NULL AS VARCHAR)"
    tag_col = f",\n    COALESCE(CAST({tag} AS VARCHAR), '') AS tag" if tag else ""
    tag_by = ", tag" if tag else ""
    return f"""
WITH prefixes(prefix, region_code) AS (VALUES {prefix_values}),
lines AS (
  SELECT
    substr(CAST({cols.usage_start} AS VARCHAR), 1, 7) AS month,
    CAST({cols.account} AS VARCHAR) AS account_id,
    {region_col} AS product_region,
    split_part(CAST({cols.usage_type} AS VARCHAR), '-', 1) AS usage_prefix,
    {classify_case(f'CAST({cols.usage_type} AS VARCHAR)', f'CAST({cols.product_code} AS VARCHAR)',
                   f'CAST({cols.servicecode} AS VARCHAR)' if cols.servicecode else None)} AS component,
    TRY_CAST({cols.cost} AS DOUBLE) AS cost,
    TRY_CAST({cols.usage_amount} AS DOUBLE) AS usage_amount{tag_col}
  FROM {source}
)
SELECT month, account_id,
       CASE WHEN component LIKE 'ga%' THEN COALESCE(product_region, 'global')
            ELSE COALESCE(product_region, prefixes.region_code, 'us-east-1') END AS region,
       component,
       SUM(COALESCE(cost, 0)) AS cost_usd,
       SUM(COALESCE(usage_amount, 0)) AS usage_amount,
       COUNT(*) AS line_items{tag_by}
FROM lines LEFT JOIN prefixes ON lines.usage_prefix = prefixes.prefix
WHERE component IS NOT NULL
GROUP BY 1, 2, 3, 4{tag_by}
ORDER BY 1, 2, 3, 4
"""


def tag_key(key: str) -> str:
    """A user cost-allocation tag's key as the user wrote it ('team', 'user:team' or 'user_team'): 'team'.

    Parameters
    ----------
    key : str
        The tag key.
    """
    for prefix in ("user:", "user_"):
        if key.startswith(prefix):
            key = key[len(prefix):]
    if not key.strip():
        raise VpncostError("tag: empty key; name a cost-allocation tag, e.g. team")
    return key


def tag_expression(columns: list, key: str) -> "str | None":
    """SQL for a user tag's value in a CUR with ``columns``: CUR 2.0 keeps tags in the ``resource_tags`` map as
    ``user_KEY``; the legacy CUR has one column ``resourceTags/user:KEY``. None when the file has no such tag
    (its lines are untagged). ``map_extract(...)[1]`` is the value in every DuckDB this package allows: the bracket
    ``map[key]`` gives a one-item list before DuckDB 1.2 and the value itself from 1.2 on.

    Parameters
    ----------
    columns : list of str
        The file's columns.
    key : str
        The tag key (:func:`tag_key`).
    """
    key = tag_key(key)
    if "resource_tags" in columns:
        return f"map_extract(resource_tags, {_quote('user_' + key)})[1]"
    legacy = f"resourceTags/user:{key}"
    if legacy in columns:
        return '"' + legacy.replace('"', '""') + '"'
    return None


def classify_usage_type(usage_type: str, product_code: "str | None" = None) -> "str | None":
    """The same rules in Python, for sources without SQL.

    Parameters
    ----------
    usage_type : str
        The line's usage type.
    product_code : str, optional
        Its product code; None (Cost Explorer gives usage types, not product codes) skips that test.
    """
    import fnmatch
    for component, code, excluded, likes, nots in RULES:
        if code and product_code is not None and product_code != code:
            continue
        if product_code is not None and product_code in excluded:
            continue
        if code == "AWSGlobalAccelerator" and product_code is None and likes == ("%",):
            continue  # without a product code, "anything in Global Accelerator" cannot be told apart
        if any(fnmatch.fnmatchcase(usage_type, p.replace("%", "*")) for p in likes) and not any(
                fnmatch.fnmatchcase(usage_type, p.replace("%", "*")) for p in nots):
            return component
    return None


def region_of_usage_type(usage_type: str, component: "str | None" = None) -> str:
    """Region from a usage-type prefix (none = us-east-1); Global Accelerator components are ``global``.

    Parameters
    ----------
    usage_type : str
        The line's usage type.
    component : str, optional
        Its component.
    """
    if component and component.startswith("ga"):
        return "global"  # Global Accelerator is a global service; its prefixes name traffic groups
    return USAGE_PREFIX_REGION.get(usage_type.split("-", 1)[0], "us-east-1")


CUR_SUFFIXES = (".parquet", ".csv.gz", ".csv")


def _files(path: Path) -> list:
    """[(kind, file)] for a CUR file, or for every CUR file under a folder (*.parquet, *.csv.gz, *.csv)."""
    if path.is_dir():
        found = sorted(f for f in path.rglob("*") if f.is_file() and f.name.lower().endswith(CUR_SUFFIXES))
        if not found:
            raise VpncostError(f"{path}: no CUR files (*.parquet, *.csv.gz, *.csv) in this folder")
        return [("parquet" if f.name.lower().endswith(".parquet") else "csv", f) for f in found]
    if not path.exists() and not path.is_symlink():  # --cur takes a file or a folder: say so
        raise VpncostError(f"{path}: no such CUR file or folder; give a CUR file (*.parquet, *.csv.gz, *.csv) or a "
                           "folder of them (an export's prefix)")
    input_file(path, "CUR")  # a regular file (a FIFO would hang DuckDB)
    name = path.name.lower()
    if name.endswith(".parquet"):
        return [("parquet", path)]
    if name.endswith((".csv", ".csv.gz", ".gz")):
        return [("csv", path)]
    raise VpncostError(f"{path}: not a CUR file; allowed: .parquet, .csv, .csv.gz (or a folder of them)")


def _source(kind: str, pattern, filename: bool = False) -> str:
    """A DuckDB table function over one file, a pattern, or a list of files."""
    arg = _quote(pattern) if isinstance(pattern, str) else "[" + ", ".join(_quote(p) for p in pattern) + "]"
    extra = ", filename = true" if filename else ""
    if kind == "parquet":
        return f"read_parquet({arg}, union_by_name = true{extra})"
    return f"read_csv({arg}, all_varchar = true, header = true, union_by_name = true{extra})"


def _check_values(con, kind: str, files: list, cols) -> None:
    """Cells that would silently count as nothing or land in no month: a cost or usage amount that is not a finite
    number (``$12.00``, ``nan``, ``inf``), a usage start that is not a date. One line naming the file, the column
    and an example instead (one scan for all three)."""
    def bad_number(column):
        value = f"TRY_CAST({column} AS DOUBLE)"
        return (f"({column} IS NOT NULL AND trim(CAST({column} AS VARCHAR)) <> '' "
                f"AND ({value} IS NULL OR NOT isfinite({value})))")

    start = f"TRY_CAST(substr(CAST({cols.usage_start} AS VARCHAR), 1, 10) AS DATE)"
    checks = [(cols.cost, bad_number(cols.cost), "costs must be plain finite numbers (no currency signs)"),
              (cols.usage_amount, bad_number(cols.usage_amount), "usage amounts must be plain finite numbers"),
              (cols.usage_start, f"({start} IS NULL)", "every line needs its usage start date (YYYY-MM-DD...)")]
    import duckdb

    case = " ".join(f"WHEN {cond} THEN {i}" for i, (_, cond, _) in enumerate(checks))
    try:
        row = con.execute(f"""SELECT filename, CASE {case} END AS which,
                CASE {" ".join(f"WHEN {cond} THEN CAST({col} AS VARCHAR)" for col, cond, _ in checks)} END
            FROM {_source(kind, files, filename=True)}
            WHERE {" OR ".join(cond for _, cond, _ in checks)} LIMIT 1""").fetchone()
    except duckdb.Error as exc:
        raise VpncostError(f"{files[0]}: cannot read as {kind.upper()} ({str(exc).splitlines()[0][:160]})") from None
    if row:
        column, _, rule = checks[row[1]]
        raise VpncostError(f"{row[0]}: column {column.strip(chr(34))} holds {str(row[2])[:40]!r}; {rule}")


def _flavour(columns: list, path) -> Columns:
    have = set(columns)
    for cols, region_alt, service in ((CUR2, "product_region", "product_servicecode"),
                                      (LEGACY, "product/regionCode", "product/servicecode")):
        need = [getattr(cols, f).strip('"') for f in REQUIRED]
        if all(n in have for n in need):
            quote = (lambda c: f'"{c}"') if cols is LEGACY else (lambda c: c)
            region = cols.region if cols.region.strip('"') in have else (quote(region_alt) if region_alt in have else None)
            return Columns(**{**cols.__dict__, "region": region,
                              "servicecode": quote(service) if service in have else None})
    legacy_hits = sum(getattr(LEGACY, f).strip('"') in have for f in REQUIRED)
    cur2_hits = sum(getattr(CUR2, f).strip('"') in have for f in REQUIRED)
    cols = LEGACY if legacy_hits > cur2_hits else CUR2
    missing = [getattr(cols, f).strip('"') for f in REQUIRED if getattr(cols, f).strip('"') not in have]
    if not (legacy_hits or cur2_hits):
        raise VpncostError(f"{path}: not a Cost and Usage Report (no lineItem/... or line_item_... columns)")
    raise VpncostError(f"{path}: CUR is missing required column(s): {', '.join(missing)}")


def connect(memory_limit: str = "1GB", threads: "int | None" = None):
    """A DuckDB connection with bounded memory (spills to disk beyond ``memory_limit``).

    Parameters
    ----------
    memory_limit : str
        DuckDB memory limit, e.g. ``1GB``.
    threads : int, optional
        Worker threads.
    """
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET memory_limit = {_quote(memory_limit)}")
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    return con


def read_cur(path, memory_limit: str = "1GB", threads: "int | None" = None, tag: "str | None" = None) -> pd.DataFrame:
    """Connectivity spend from a CUR file or folder. One clear error when a file is not a CUR.

    Parameters
    ----------
    path : str or Path
        Legacy CSV, CSV.gz or Parquet, or CUR 2.0 Parquet; or a folder of them.
    memory_limit : str
        DuckDB memory limit.
    threads : int, optional
        Worker threads.
    tag : str, optional
        A user cost-allocation tag key: the spend is also split by its value (column ``tag``, '' untagged).

    Returns
    -------
    pandas.DataFrame
        month, account_id, region, component, cost_usd [USD], usage_amount, usage_unit, line_items (and tag).
    """
    import duckdb

    path = Path(path)
    con = connect(memory_limit, threads)
    groups: dict = {}  # every file is read: grouped by format and column flavour, each checked on its own
    for kind, file in _files(path):
        src = _source(kind, str(file))
        try:
            columns = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()]
        except duckdb.Error as exc:
            raise VpncostError(f"{file}: cannot read as {kind.upper()} ({str(exc).splitlines()[0][:160]})") from None
        cols = _flavour(columns, file)
        expr = tag_expression(columns, tag) if tag else None
        groups.setdefault((kind, cols, expr), []).append(file)
    frames = []
    for (kind, cols, expr), files in groups.items():
        files = [str(f) for f in files]
        _check_values(con, kind, files, cols)
        src = _source(kind, files)
        try:
            frame = con.execute(classification_sql(src, cols, expr or ("''" if tag else None))).df()
            frames.append(frame)
        except duckdb.Error as exc:
            raise VpncostError(f"{path}: cannot classify ({str(exc).splitlines()[0][:160]})") from None
    out = pd.concat(frames, ignore_index=True)
    if len(frames) > 1:  # the same month, account, Region and component from files of different flavours
        keys = ["month", "account_id", "region", "component"] + (["tag"] if tag else [])
        out = out.groupby(keys, dropna=False, as_index=False)[["cost_usd", "usage_amount", "line_items"]].sum()
    return tidy(out)


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed, ordered spend table (shared by the CUR, Athena and Cost Explorer paths).

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows with the spend columns, as strings or numbers.
    """
    out = frame.copy()
    for col in ("cost_usd", "usage_amount"):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0.0).astype(float)
    out["line_items"] = pd.to_numeric(out.get("line_items", 0), errors="coerce").fillna(0).astype(int)
    out["usage_unit"] = out["component"].map(COMPONENT_UNITS)
    cols = ["month", "account_id", "region", "component", "cost_usd", "usage_amount", "usage_unit", "line_items"]
    keys = cols[:4] + (["tag"] if "tag" in out.columns else [])
    return out[cols + keys[4:]].sort_values(keys, ignore_index=True)


def monthly_by_component(spend: pd.DataFrame) -> pd.DataFrame:
    """Cost by month (rows) and component (columns, in :data:`COMPONENTS` order) [USD].

    Parameters
    ----------
    spend : pandas.DataFrame
        Spend table.
    """
    wide = spend.pivot_table(index="month", columns="component", values="cost_usd", aggfunc="sum", fill_value=0.0)
    return wide.reindex(columns=[c for c in COMPONENTS if c in wide.columns]).rename_axis(columns=None)
