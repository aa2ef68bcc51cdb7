"""The ``failover`` verb: availability, downtime and risk-adjusted cost of each design."""
from __future__ import annotations

import json
import sys

from vpncost.cli.args import (
    add_price_flags,
    add_wide_flag,
    int_range,
    load_model,
    non_negative,
    print_json,
    scenario_path,
    width,
)


def register(verbs):
    fo = verbs.add_parser("failover", help="availability, downtime and risk-adjusted cost of each design")
    fo.add_argument("scenario", metavar="SCENARIO", type=scenario_path,
                    help="scenario YAML file (its failover: section sets the inputs)")
    fo.add_argument("--years", type=int_range(100, 1_000_000), help="simulated years per design")
    fo.add_argument("--seed", type=int_range(0, 2**32 - 1), help="random seed (results are reproducible)")
    fo.add_argument("--outage-cost", type=non_negative, metavar="USD", help="cost of one hour of outage [USD/h]")
    fofmt = fo.add_mutually_exclusive_group()
    fofmt.add_argument("--json", action="store_true", help="print JSON")
    fofmt.add_argument("--csv", action="store_true", help="print CSV")
    add_price_flags(fo)
    add_wide_flag(fo)
    fo.set_defaults(run=_failover)


def _failover(args) -> int:
    from vpncost.failover.designs import FIGURES, scenario_designs, scenario_pitfalls
    from vpncost.present.text import failover_text

    model = load_model(args)
    sc = model.scenario
    table = scenario_designs(sc, catalog=model.catalog, progress=sys.stderr.isatty(), years=args.years,
                             seed=args.seed, outage_cost_usd_per_hour=args.outage_cost)
    notes = scenario_pitfalls(sc)
    if args.json:
        doc = {"scenario": sc.name, "prices_as_of": model.catalog.as_of, "prices_snapshot": model.catalog.snapshot,
               "failure_rates": sc.failover.params().as_dict(), "pitfalls": notes,
               "figures": {col: {"label": label, "definition": what} for col, (label, what) in FIGURES.items()},
               "designs": json.loads(table.to_json(orient="records"))}
        print_json(doc)
    elif args.csv:
        from vpncost.present.text import write_csv
        write_csv(table, sys.stdout)
    else:
        print(failover_text(table, sc, model.catalog.snapshot, notes, width(args)))
    return 0
