"""Seeded fuzzing of every file a user hands the CLI: scenarios, price tables, override files and CUR files.

Each case is a real file mutated a few times (values swapped for ones of the wrong type, sign or size, keys
dropped or invented, cells blanked). The contract: exit 0 with valid, finite JSON, or exit 2 with one line on
stderr; never exit 1 (a bug), never a traceback, never a hang, never a changed input file.
"""
import copy
import hashlib
import io
import json
import random

import pandas as pd
import pytest
import yaml
from conftest import ROOT, run_cli

from vpncost.spend import sample_cur

SCENARIOS = sorted((ROOT / "data" / "scenarios").glob("*.yaml"))
NASTY = [None, "", "x", -1, 0, 1e308, -1e-300, float("nan"), float("inf"), True, [], {}, [1, "a"], {"a": None},
         "1e400", "ten", 10**20, "\x1b[2J", "$\\href{x}{y}$", "=cmd|' /C calc'!A0", 3.5, "us-east-1", "EqDC2", "10G"]
CELL_NASTY = ["", "abc", "-1", "nan", "inf", "1e400", "0", "\x00", "=1+1", "999999999999999", " "]
CASE_TIMEOUT_S = 60


def run(argv, capsys):
    code = run_cli(argv, CASE_TIMEOUT_S)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_constants(name):
    raise ValueError(f"{name} in JSON output")


def check(argv, capsys, inputs, what):
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs}
    code, out, err = run(argv, capsys)
    assert code in (0, 2), f"{what}: exit {code}: {err.strip()[:300]}"
    assert "Traceback" not in err, what
    if code == 2:
        assert len(err.strip().splitlines()) == 1, f"{what}: {err}"
    else:
        json.loads(out, parse_constant=no_constants)
    for p, digest in before.items():
        assert hashlib.sha256(p.read_bytes()).hexdigest() == digest, f"{what}: {p} changed"
    return code


def paths(node, prefix=()):
    """Every (path) to a value in nested dicts/lists."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, (*prefix, i))


def mutate(doc, rng):
    doc = copy.deepcopy(doc)
    for _ in range(rng.randint(1, 3)):
        where = rng.choice([p for p in paths(doc) if p])
        parent = doc
        for k in where[:-1]:
            parent = parent[k]
        key = where[-1]
        action = rng.random()
        if action < 0.6:
            parent[key] = rng.choice(NASTY)
        elif action < 0.8 and isinstance(parent, dict):
            del parent[key]
        elif isinstance(parent, dict):
            parent[rng.choice(["bogus", "speed", "gateway", "hours", "extra_monthly_usd"])] = rng.choice(NASTY)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return doc


def test_fuzz_scenarios(tmp_path, capsys):
    rng = random.Random(20261125)
    bases = [yaml.safe_load(p.read_text()) for p in SCENARIOS]
    outcomes = {0: 0, 2: 0}
    for i in range(160):
        doc = mutate(rng.choice(bases), rng)
        path = tmp_path / f"s{i}.yaml"
        try:
            path.write_text(yaml.safe_dump(doc, allow_unicode=False))
        except yaml.YAMLError:
            continue
        verb = "compare" if i % 5 == 0 else "estimate"
        outcomes[check([verb, str(path), "--json"], capsys, [path], f"{verb} {doc}")] += 1
    print("scenarios", outcomes)
    assert outcomes[0] > 5 and outcomes[2] > 50, outcomes  # the generator reaches both kinds of outcome


@pytest.fixture(scope="module")
def small_table(tmp_path_factory):
    """The shipped rows the small-branch scenario needs (a smaller table keeps each case fast)."""
    table = pd.read_csv(ROOT / "data" / "prices.csv", dtype=str, keep_default_na=False)
    keep = table["region"].isin(["us-east-1", "*", "global"]) | (table["service"] == "global_accelerator")
    return table[keep].reset_index(drop=True)


def test_fuzz_price_tables_and_overrides(tmp_path, capsys, small_table):
    rng = random.Random(7)
    scenario = ROOT / "data" / "scenarios" / "small_branch.yaml"
    clean = tmp_path / "clean.csv"
    small_table.to_csv(clean, index=False)
    assert check(["estimate", str(scenario), "--json", "--prices", str(clean)], capsys, [clean], "clean") == 0
    outcomes = {0: 0, 2: 0}
    for i in range(25):
        table = small_table.copy()
        for _ in range(rng.randint(1, 3)):
            row = rng.randrange(len(table))
            col = rng.choice(["usd", "tier_start", "tier_end", "unit", "status", "region", "item", "as_of"])
            table.loc[row, col] = rng.choice(CELL_NASTY)
        if rng.random() < 0.2:
            table = table.drop(columns=rng.choice(list(table.columns)))
        path = tmp_path / f"p{i}.csv"
        table.to_csv(path, index=False)
        outcomes[check(["estimate", str(scenario), "--json", "--prices", str(path)], capsys, [path, scenario],
                       f"price table {i}")] += 1
    fields = {"service": ["vpn", "vpn", "transit_gateway", "bogus", "", "*"],
              "item": ["connection_hour", "connection_hour", "attachment_hour", "x", ""],
              "region": ["us-east-1", "*", "mars-1", ""],
              "usd": ["0.04", "0.02", "0"] + CELL_NASTY, "unit": ["connection-hour", "GB", ""]}
    for i in range(40):
        header = rng.choice([["service", "item", "usd"], ["service", "item", "region", "usd", "unit"]])
        rows = [",".join(header)]
        for _ in range(rng.randint(1, 3)):
            rows.append(",".join(rng.choice(fields[h]) for h in header))
        path = tmp_path / f"o{i}.csv"
        path.write_text("\n".join(rows) + "\n")
        outcomes[check(["estimate", str(scenario), "--json", "--overrides", str(path)], capsys, [path, scenario],
                       f"overrides {rows}")] += 1
    print("price tables and overrides", outcomes)
    assert outcomes[0] >= 2 and outcomes[2] > 30, outcomes  # most mutations break a table; some still price


def test_fuzz_cur_files(tmp_path, capsys):
    rng = random.Random(11)
    outcomes = {0: 0, 2: 0}
    lines = sample_cur.generate().head(400)
    for i in range(30):
        frame = lines.copy()
        col = rng.choice(list(frame.columns))
        action = rng.random()
        if action < 0.3:
            frame = frame.drop(columns=col)
        else:
            idx = rng.sample(range(len(frame)), 5)
            frame[col] = frame[col].astype(object)
            frame.loc[idx, col] = rng.choice(CELL_NASTY)
        path = tmp_path / f"c{i}.csv"
        buf = io.StringIO()
        frame.to_csv(buf, index=False)
        path.write_text(buf.getvalue())
        outcomes[check(["spend", "--cur", str(path), "--json"], capsys, [path], f"CUR {col}")] += 1
    print("CUR", outcomes)
    assert outcomes[0] > 5 and outcomes[2] > 5, outcomes
