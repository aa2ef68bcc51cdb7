"""CUR classification throughput: DuckDB (the library's reader) against the same rules in plain pandas.

Run: ``python bench/spend.py [ROWS]`` (default 10,000,000). Writes a CUR 2.0 Parquet file of ROWS lines
in a private temporary folder removed afterwards (about 10 % connectivity lines), then classifies it
both ways, each streaming (DuckDB scans the file; pandas reads 1,000,000-row batches with pyarrow and
aggregates as it goes, never holding the whole file) and prints rows per second, the ratio, and each
run's peak memory growth (resident set, from a fresh process).
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PANDAS_RULES = {  # the cur.RULES, written with pandas string methods
    "vpn_connection_hours": ("AmazonVPC", r"VPN-Usage-Hours"),
    "tgw_attachment_hours": ("AmazonVPC", r"TransitGateway-Hours"),
    "tgw_data_processing": ("AmazonVPC", r"TransitGateway-Bytes"),
    "dx_port_hours": ("AWSDirectConnect", r"PortUsage"),
    "dx_data_transfer_out": ("AWSDirectConnect", r"DataXfer-Out"),
    "dx_data_transfer_in": ("AWSDirectConnect", r"DataXfer-In"),
    "ga_dt_premium": ("AWSGlobalAccelerator", r"-Bytes-Internet$"),
    "ga_fixed_fee": ("AWSGlobalAccelerator", r""),
    "internet_data_transfer_out": (None, r"^(?:[^-]+-)?DataTransfer-Out-Bytes$"),
}


def with_pandas(path):
    import numpy as np
    import pandas as pd
    import pyarrow.parquet as pq

    cols = ["line_item_usage_start_date", "line_item_usage_account_id", "product_region_code",
            "line_item_product_code", "line_item_usage_type", "line_item_unblended_cost", "line_item_usage_amount"]
    parts = []
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1_000_000, columns=cols):
        df = batch.to_pandas()
        comp = pd.Series(np.full(len(df), None, dtype=object))
        ut, pc = df["line_item_usage_type"], df["line_item_product_code"]
        for name, (code, pattern) in PANDAS_RULES.items():
            m = comp.isna() & ut.str.contains(pattern, regex=True)
            m &= (pc == code) if code else (pc != "AmazonCloudFront")
            comp[m] = name
        df["component"] = comp.to_numpy()
        df = df[df["component"].notna()]
        df["month"] = df["line_item_usage_start_date"].str.slice(0, 7)
        parts.append(df.groupby(["month", "line_item_usage_account_id", "product_region_code", "component"])
                     [["line_item_unblended_cost", "line_item_usage_amount"]].sum())
    return pd.concat(parts).groupby(level=[0, 1, 2, 3]).sum()


def measure(kind, path):
    """Run one classification in a fresh process; return (seconds, peak RSS growth MB, total cost)."""
    code = f"""
import sys, time, json


def hwm_mb():  # peak resident set of this process (VmHWM; ru_maxrss would include the parent's peak)
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024
sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / 'bench')!r})
import duckdb, pandas, pyarrow.parquet
from vpncost.spend.readers import cur
import spend as b
base = hwm_mb()
t = time.perf_counter()
if {kind!r} == "duckdb":
    total = float(cur.read_cur({str(path)!r}, memory_limit="1GB")["cost_usd"].sum())
else:
    total = float(b.with_pandas({str(path)!r})["line_item_unblended_cost"].sum())
dt = time.perf_counter() - t
print(json.dumps([dt, hwm_mb() - base, total]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(rows=10_000_000):
    from vpncost.spend.sample_cur import write_large

    with tempfile.TemporaryDirectory(prefix="vpncost-bench-") as tmp:  # private, removed afterwards
        path = Path(tmp) / f"cur_{rows}.parquet"
        t = time.perf_counter()
        write_large(path, rows)
        print(f"wrote {path} ({path.stat().st_size / 1e6:,.0f} MB) in {time.perf_counter() - t:.0f} s")
        d_s, d_mb, d_total = measure("duckdb", path)
        p_s, p_mb, p_total = measure("pandas", path)
    assert abs(d_total - p_total) <= 1e-6 * abs(p_total) + 1e-6, (d_total, p_total)
    print(f"{rows:,} CUR lines ({os.cpu_count()} cores); both give ${d_total:,.2f} of connectivity")
    print(f"  DuckDB  {d_s:6.2f} s  {rows / d_s:12,.0f} rows/s  peak memory +{d_mb:,.0f} MB")
    print(f"  pandas  {p_s:6.2f} s  {rows / p_s:12,.0f} rows/s  peak memory +{p_mb:,.0f} MB (1,000,000-row batches)")
    print(f"  DuckDB / pandas speed = {p_s / d_s:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000)
