"""A deterministic sample Cost and Usage Report: connectivity lines among unrelated services.

No real account data: two made-up accounts, three months of daily line items priced at the shipped list
prices, each connectivity line with its resource id and a ``team`` cost-allocation tag (some untagged). The connectivity estate it bills matches the ``sample_estate`` example (``vpncost examples sample_estate``) (so the model can
be reconciled against it), with the usual reasons for variance built in: a VPN connection deleted
mid-month, other EC2 internet egress sharing the usage type, TGW traffic between VPCs.

Run ``python -m vpncost.spend.sample_cur OUT_DIR`` (the folder is required) to write ``legacy/sample_cur.csv.gz`` (legacy CUR columns)
and ``cur2/sample_cur.parquet`` (CUR 2.0 columns); ``python -m vpncost.spend.sample_cur --rows N FILE.parquet``
writes a large CUR 2.0 file in chunks (for the benchmark).
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ACCOUNTS = ("111111111111", "222222222222")
MONTHS = ("2026-08", "2026-09", "2026-10")
LEGACY_NAMES = {
    "line_item_line_item_type": "lineItem/LineItemType", "line_item_usage_start_date": "lineItem/UsageStartDate",
    "line_item_usage_account_id": "lineItem/UsageAccountId", "line_item_product_code": "lineItem/ProductCode",
    "line_item_usage_type": "lineItem/UsageType", "line_item_operation": "lineItem/Operation",
    "line_item_usage_amount": "lineItem/UsageAmount", "line_item_unblended_cost": "lineItem/UnblendedCost",
    "line_item_line_item_description": "lineItem/LineItemDescription", "product_region_code": "product/region",
    "pricing_unit": "pricing/unit",
}

# (account, product code, usage type, operation, region, unit, usage per day, USD per unit, days active)
# connectivity (rates are the snapshot's list prices)
ESTATE = [
    ("111111111111", "AmazonVPC", "USE1-VPN-Usage-Hours:ipsec.1", "CreateVpnConnection", "us-east-1", "Hrs", 48, 0.05, None),
    ("111111111111", "AmazonVPC", "USE1-TransitGateway-Hours", "TransitGatewayVPN", "us-east-1", "Hrs", 72, 0.05, None),
    ("111111111111", "AmazonVPC", "USE1-TransitGateway-Bytes", "TransitGatewayVPN", "us-east-1", "GB", 60, 0.02, None),
    ("111111111111", "AWSDirectConnect", "USE1-EqDC2-PortUsage:1G", "CreateConnection", "us-east-1", "Hrs", 24, 0.30, None),
    ("111111111111", "AWSDirectConnect", "USE1-EqDC2-DataXfer-Out:dc.3", "PrivateVIF", "us-east-1", "GB", 300, 0.02, None),
    ("111111111111", "AWSDirectConnect", "USE1-EqDC2-DataXfer-In:dc.3", "PrivateVIF", "us-east-1", "GB", 120, 0.0, None),
    ("111111111111", "AmazonEC2", "USE1-DataTransfer-Out-Bytes", "RunInstances", "us-east-1", "GB", 40, 0.09, None),
    ("222222222222", "AmazonVPC", "EUC1-VPN-Usage-Hours:ipsec.1", "CreateVpnConnection", "eu-central-1", "Hrs", 24, 0.05, 20),
    ("222222222222", "AmazonVPC", "EUC1-TransitGateway-Hours", "TransitGatewayVPN", "eu-central-1", "Hrs", 48, 0.06, None),
    ("222222222222", "AmazonVPC", "EUC1-TransitGateway-Bytes", "TransitGatewayVPN", "eu-central-1", "GB", 25, 0.02, None),
    ("222222222222", "AWSGlobalAccelerator", "Global-Accelerator-fixed-fee", "Accelerator", "", "Hrs", 48, 0.025, None),
    ("222222222222", "AWSGlobalAccelerator", "EU-EU-OUT-Bytes-Internet", "Accelerator", "", "GB", 20, 0.015, None),
    ("222222222222", "AmazonEC2", "EUC1-DataTransfer-Out-Bytes", "RunInstances", "eu-central-1", "GB", 22, 0.09, None),
    ("222222222222", "AmazonCloudFront", "DataTransfer-Out-Bytes", "GET", "", "GB", 5, 0.085, None),
]
# the resource behind each connectivity line and its cost-allocation tag `team` ('' untagged), as a CUR with
# resource ids and an activated user tag carries them (CUR 2.0 `resource_tags` map key `user_team`; legacy column
# `resourceTags/user:team`)
RESOURCES = {
    "USE1-VPN-Usage-Hours:ipsec.1": ("vpn-0a1b2c3d4e5f60001", "network"),
    "USE1-TransitGateway-Hours": ("tgw-attach-0a1b2c3d4e5f60002", "network"),
    "USE1-TransitGateway-Bytes": ("tgw-attach-0a1b2c3d4e5f60003", "payments"),
    "USE1-EqDC2-PortUsage:1G": ("dxcon-ffabc001", "network"),
    "USE1-EqDC2-DataXfer-Out:dc.3": ("dxvif-ffabc002", "analytics"),
    "USE1-EqDC2-DataXfer-In:dc.3": ("dxvif-ffabc002", "analytics"),
    "USE1-DataTransfer-Out-Bytes": ("i-0a1b2c3d4e5f60004", ""),
    "EUC1-VPN-Usage-Hours:ipsec.1": ("vpn-0a1b2c3d4e5f60005", "factory"),
    "EUC1-TransitGateway-Hours": ("tgw-attach-0a1b2c3d4e5f60006", "factory"),
    "EUC1-TransitGateway-Bytes": ("tgw-attach-0a1b2c3d4e5f60006", "factory"),
    "Global-Accelerator-fixed-fee": ("accel-0a1b2c3d", "factory"),
    "EU-EU-OUT-Bytes-Internet": ("accel-0a1b2c3d", "factory"),
}
# unrelated lines that look close but are not hybrid connectivity
OTHER = [
    ("111111111111", "AmazonEC2", "USE1-BoxUsage:m5.large", "RunInstances", "us-east-1", "Hrs", 240, 0.096),
    ("111111111111", "AmazonEC2", "USE1-DataTransfer-Regional-Bytes", "InterZone-In", "us-east-1", "GB", 80, 0.01),
    ("111111111111", "AmazonEC2", "USE1-EUC1-AWS-Out-Bytes", "RunInstances", "us-east-1", "GB", 30, 0.02),
    ("111111111111", "AmazonVPC", "USE1-NatGateway-Hours", "NatGateway", "us-east-1", "Hrs", 24, 0.045),
    ("111111111111", "AmazonVPC", "USE1-VpcEndpoint-Hours", "VpcEndpoint", "us-east-1", "Hrs", 48, 0.01),
    ("111111111111", "AmazonS3", "USE1-TimedStorage-ByteHrs", "StandardStorage", "us-east-1", "GB-Mo", 30, 0.023),
    ("222222222222", "AmazonRDS", "EUC1-InstanceUsage:db.r6g.large", "CreateDBInstance", "eu-central-1", "Hrs", 24, 0.26),
    ("222222222222", "AWSLambda", "EUC1-Lambda-GB-Second", "Invoke", "eu-central-1", "Lambda-GB-Second", 90000, 0.0000166667),
    ("222222222222", "AmazonEC2", "EUC1-EBS:VolumeUsage.gp3", "CreateVolume", "eu-central-1", "GB-Mo", 10, 0.0952),
]


def _days(month: str) -> pd.DatetimeIndex:
    start = pd.Timestamp(month + "-01")
    return pd.date_range(start, start + pd.offsets.MonthEnd(0), freq="D")


def generate(seed: int = 7) -> pd.DataFrame:
    """The sample CUR as CUR 2.0 columns (daily lines, three months, two accounts).

    Parameters
    ----------
    seed : int
        Random seed (the same seed gives the same lines).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for month in MONTHS:
        for day in _days(month):
            for acct, code, ut, op, region, unit, per_day, rate, active in ESTATE:
                if active is not None and day.day > active:
                    continue  # the connection was deleted on that day of the month
                jitter = 1.0 if unit == "Hrs" else float(rng.uniform(0.8, 1.2))
                rows.append((acct, code, ut, op, region, unit, per_day * jitter, rate, day, "Usage"))
            for acct, code, ut, op, region, unit, per_day, rate in OTHER:
                rows.append((acct, code, ut, op, region, unit, per_day * float(rng.uniform(0.9, 1.1)), rate, day, "Usage"))
        # a monthly tax line per account: never connectivity
        for acct in ACCOUNTS:
            rows.append((acct, "AmazonVPC", "", "", "", "", 0.0, 0.0, pd.Timestamp(month + "-01"), "Tax"))
    df = pd.DataFrame(rows, columns=["line_item_usage_account_id", "line_item_product_code", "line_item_usage_type",
                                     "line_item_operation", "product_region_code", "pricing_unit",
                                     "line_item_usage_amount", "rate", "line_item_usage_start_date",
                                     "line_item_line_item_type"])
    df["line_item_unblended_cost"] = (df["line_item_usage_amount"] * df["rate"]).round(10)
    df.loc[df["line_item_line_item_type"] == "Tax", "line_item_unblended_cost"] = 12.5
    df["line_item_line_item_description"] = [
        f"${r:g} per {u}" if u else "Tax" for r, u in zip(df["rate"], df["pricing_unit"])]
    df["line_item_usage_start_date"] = df["line_item_usage_start_date"].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    cols = ["line_item_line_item_type", "line_item_usage_start_date", "line_item_usage_account_id",
            "line_item_product_code", "line_item_usage_type", "line_item_operation", "line_item_usage_amount",
            "line_item_unblended_cost", "line_item_line_item_description", "product_region_code", "pricing_unit"]
    out = df[cols].copy()
    out["line_item_resource_id"] = [RESOURCES.get(u, ("", ""))[0] for u in out["line_item_usage_type"]]
    out["product"] = [{"product_name": c} for c in out["line_item_product_code"]]  # CUR 2.0 map column
    return out


def teams(cur2: pd.DataFrame) -> list:
    """Each line's ``team`` tag ('' untagged), from :data:`RESOURCES`.

    Parameters
    ----------
    cur2 : pandas.DataFrame
        Lines from :func:`generate`.
    """
    return [RESOURCES.get(u, ("", ""))[1] for u in cur2["line_item_usage_type"]]


def to_arrow(cur2: pd.DataFrame):
    """The lines as an Arrow table with the CUR 2.0 ``resource_tags`` map column (``user_team``).

    Parameters
    ----------
    cur2 : pandas.DataFrame
        Lines from :func:`generate`.
    """
    import pyarrow as pa

    table = pa.Table.from_pandas(cur2, preserve_index=False)
    tags = pa.array([[("user_team", t)] if t else [] for t in teams(cur2)], type=pa.map_(pa.string(), pa.string()))
    return table.append_column("resource_tags", tags)


def to_legacy(cur2: pd.DataFrame) -> pd.DataFrame:
    """The same lines with legacy CUR column names (``lineItem/UsageType``...).

    Parameters
    ----------
    cur2 : pandas.DataFrame
        Lines from :func:`generate`.
    """
    out = cur2.drop(columns=["product"]).rename(columns={**LEGACY_NAMES, "line_item_resource_id": "lineItem/ResourceId"})
    out["resourceTags/user:team"] = teams(cur2)
    return out


def write_sample(out_dir, seed: int = 7) -> dict:
    """Write both formats atomically, byte-identical for the same seed; returns their paths.

    Parameters
    ----------
    out_dir : str or Path
        Folder that receives ``legacy/sample_cur.csv.gz`` and ``cur2/sample_cur.parquet``.
    seed : int
        Random seed.
    """
    from vpncost.fileio import atomic_write

    out_dir = Path(out_dir)
    cur2 = generate(seed)
    paths = {"legacy": out_dir / "legacy" / "sample_cur.csv.gz", "cur2": out_dir / "cur2" / "sample_cur.parquet"}
    for p in paths.values():
        p.parent.mkdir(parents=True, exist_ok=True)
    # gzip with a fixed mtime and no file name in its header: the same seed writes the same bytes
    legacy = gzip.compress(to_legacy(cur2).to_csv(index=False).encode(), mtime=0)
    atomic_write(paths["legacy"], lambda tmp: Path(tmp).write_bytes(legacy))
    import pyarrow.parquet as pq

    atomic_write(paths["cur2"], lambda tmp: pq.write_table(to_arrow(cur2), tmp))
    return paths


def write_large(path, rows: int, chunk: int = 1_000_000, seed: int = 1) -> Path:
    """A CUR 2.0 Parquet file of ``rows`` lines (about 10 % connectivity), written chunk by chunk.

    Parameters
    ----------
    path : str or Path
        Where to write.
    rows : int
        Lines [rows].
    chunk : int
        Lines per write [rows].
    seed : int
        Random seed.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(seed)
    catalog = [(e[0], e[1], e[2], e[3], e[4], e[7]) for e in ESTATE] + [(o[0], o[1], o[2], o[3], o[4], o[7]) for o in OTHER]
    weights = np.array([1.0] * len(ESTATE) + [9.0] * len(OTHER))
    weights /= weights.sum()
    path = Path(path)
    writer = None
    try:
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            pick = rng.choice(len(catalog), size=n, p=weights)
            amount = rng.uniform(0.1, 100.0, n)
            rate = np.array([c[5] for c in catalog])[pick]
            day = rng.integers(0, 90, n)
            dates = (np.datetime64("2026-08-01") + day.astype("timedelta64[D]")).astype(str)
            table = pa.table({
                "line_item_line_item_type": pa.array(["Usage"] * n),
                "line_item_usage_start_date": pa.array([d + "T00:00:00Z" for d in dates]),
                "line_item_usage_account_id": pa.array(np.array([c[0] for c in catalog])[pick]),
                "line_item_product_code": pa.array(np.array([c[1] for c in catalog])[pick]),
                "line_item_usage_type": pa.array(np.array([c[2] for c in catalog])[pick]),
                "line_item_operation": pa.array(np.array([c[3] for c in catalog])[pick]),
                "line_item_usage_amount": pa.array(amount),
                "line_item_unblended_cost": pa.array(amount * rate),
                "product_region_code": pa.array(np.array([c[4] for c in catalog])[pick]),
            })
            if writer is None:
                writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
            done += n
    finally:
        if writer is not None:
            writer.close()
    return path


USAGE = "usage: python -m vpncost.spend.sample_cur OUT_DIR | --rows N FILE.parquet"


def main(argv=None) -> int:
    """Write the sample where the user says (no default folder: nothing lands in the current one by surprise).

    Parameters
    ----------
    argv : list of str, optional
        ``[OUT_DIR]`` or ``["--rows", N, FILE]``; default ``sys.argv[1:]``.

    Returns
    -------
    int
        The exit code: 0, or 2 with one line on stderr for a bad argument or an output that cannot be written.
    """
    from vpncost.errors import VpncostError

    args = sys.argv[1:] if argv is None else list(argv)
    try:
        if args[:1] == ["--rows"] and len(args) == 3 and args[1].isdigit() and int(args[1]) > 0:
            print(write_large(args[2], int(args[1])))
        elif len(args) == 1 and args[0].strip() and not args[0].startswith("-"):
            for kind, p in write_sample(args[0]).items():
                print(kind, p)
        else:
            print(f"vpncost: error: {USAGE}", file=sys.stderr)
            return 2
    except (OSError, ValueError, VpncostError) as exc:
        print(f"vpncost: error: sample_cur: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
