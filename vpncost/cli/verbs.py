"""CLI verbs of the cost model (estimate, compare): parsing and output only; the model does the maths."""
from __future__ import annotations

import json
import sys


def add_verbs(verbs, add_price_flags):
    """Register the model verbs on the ``vpncost`` sub-parser."""
    est = verbs.add_parser("estimate", help="cost breakdown of every option in a scenario file")
    est.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file (see data/scenarios/)")
    fmt = est.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON (options, components, totals)")
    fmt.add_argument("--csv", action="store_true", help="print the tidy breakdown as CSV")
    add_price_flags(est)
    est.set_defaults(run=_estimate)

    cmp_ = verbs.add_parser("compare", help="totals side by side, break-even traffic, TCO and sensitivity")
    cmp_.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    cmp_.add_argument("--variable", default="egress_gb", choices=("egress_gb", "ingress_gb", "site_to_site_gb", "total_gb"),
                      help="traffic variable for break-even (default egress_gb)")
    cmp_.add_argument("--years", type=_positive_int, help="TCO years (default: the scenario's)")
    cmp_.add_argument("--json", action="store_true", help="print JSON")
    add_price_flags(cmp_)
    cmp_.set_defaults(run=_compare)

    fo = verbs.add_parser("failover", help="availability, downtime and risk-adjusted cost of each design")
    fo.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file (its failover: section sets the inputs)")
    fo.add_argument("--years", type=_int_range(100, 1_000_000), help="simulated years per design")
    fo.add_argument("--seed", type=_int_range(0, 2**32 - 1), help="random seed (results are reproducible)")
    fo.add_argument("--outage-cost", type=_non_negative, metavar="USD", help="cost of one hour of outage [USD/h]")
    fofmt = fo.add_mutually_exclusive_group()
    fofmt.add_argument("--json", action="store_true", help="print JSON")
    fofmt.add_argument("--csv", action="store_true", help="print CSV")
    add_price_flags(fo)
    fo.set_defaults(run=_failover)

    sp = verbs.add_parser("spend", help="actual connectivity spend from a CUR, Athena or Cost Explorer, "
                          "optionally against the model")
    src = sp.add_mutually_exclusive_group(required=True)
    src.add_argument("--cur", metavar="PATH", help="CUR file or folder: legacy CSV/CSV.gz/Parquet or CUR 2.0 Parquet")
    src.add_argument("--athena-table", metavar="TABLE", help="CUR table in Athena (with --athena-database)")
    src.add_argument("--cost-explorer", action="store_true", help="use Cost Explorer (no CUR needed)")
    sp.add_argument("--athena-database", metavar="DB", help="Glue database of the CUR table")
    sp.add_argument("--athena-output", metavar="S3URI", help="query result location (default: the workgroup's)")
    sp.add_argument("--workgroup", metavar="NAME", help="Athena workgroup")
    sp.add_argument("--flavour", choices=("cur2", "legacy"), default="cur2", help="Athena table columns (default cur2)")
    sp.add_argument("--months", type=_int_range(1, 36), default=3, help="Cost Explorer: whole months back (default 3)")
    model = sp.add_mutually_exclusive_group()
    model.add_argument("--model", metavar="FILE", help="estate or scenario file to reconcile the bill against")
    model.add_argument("--inventory", metavar="REGION", help="describe what runs in REGION (read-only) and reconcile")
    sp.add_argument("--option", metavar="NAME", help="with --model SCENARIO: the option you run")
    sp.add_argument("--month", metavar="YYYY-MM", type=_month, help="month to reconcile (default: the latest)")
    spfmt = sp.add_mutually_exclusive_group()
    spfmt.add_argument("--json", action="store_true", help="print JSON")
    spfmt.add_argument("--csv", action="store_true", help="print the spend table as CSV")
    add_price_flags(sp)
    sp.set_defaults(run=_spend)

    rp = verbs.add_parser("report", help="an HTML report for finance (or the tables as CSV) from a scenario")
    rp.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file")
    rp.add_argument("-o", "--output", metavar="FILE", required=True, help="report.html (or tables.csv with --format csv)")
    rp.add_argument("--cur", metavar="PATH", help="add actual spend from a CUR file or folder")
    rp.add_argument("--format", choices=("html", "csv"), default="html", help="html (default) or csv")
    rp.add_argument("--title", help="report title (default: the scenario name)")
    rp.add_argument("--years", type=_int_range(1, 20), help="multi-year horizon (default: the scenario's)")
    rp.set_defaults(run=_report)

    acc = verbs.add_parser("acceleration", help="is accelerated VPN worth it? premium vs milliseconds saved per site")
    acc.add_argument("scenario", metavar="SCENARIO", help="scenario YAML file (Region, traffic, baseline VPN)")
    acc.add_argument("--sites", metavar="CSV", help="sites to assess: name and city, or name, latitude, longitude "
                     "(optional egress_gb, ingress_gb per site); default: the scenario's site")
    acc.add_argument("--value-of-ms", type=_non_negative, metavar="USD", help="worth of 1 ms less RTT [USD/month]")
    acc.add_argument("--min-saving-ms", type=_non_negative, metavar="MS", help="smallest saving that counts [ms]")
    accfmt = acc.add_mutually_exclusive_group()
    accfmt.add_argument("--json", action="store_true", help="print JSON")
    accfmt.add_argument("--csv", action="store_true", help="print CSV")
    add_price_flags(acc)
    acc.set_defaults(run=_acceleration)


def _positive_int(text):
    import argparse
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= v <= 20:
        raise argparse.ArgumentTypeError(f"{v} is out of range; allowed: 1 to 20")
    return v


def _int_range(lo, hi):
    import argparse

    def parse(text):
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{v} is out of range; allowed: {lo} to {hi}")
        return v
    return parse


def _month(text):
    import argparse
    import datetime as dt
    try:
        dt.date.fromisoformat(text + "-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a month; use YYYY-MM") from None
    return text


def _non_negative(text):
    import argparse
    import math
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not v >= 0 or math.isinf(v):
        raise argparse.ArgumentTypeError(f"{text} is out of range; allowed: a number >= 0")
    return v


def _model(args):
    from vpncost.model.estimate import build, catalog_for
    from vpncost.scenario import load_scenario

    scenario = load_scenario(args.scenario)
    return build(scenario, catalog_for(scenario, args.prices, args.overrides, args.discount))


def _estimate(args) -> int:
    from vpncost.model.estimate import estimate, summary, to_json
    from vpncost.present.text import estimate_text

    model = _model(args)
    if args.json:
        json.dump(to_json(model), sys.stdout, indent=2)
        print()
    elif args.csv:
        estimate(model).to_csv(sys.stdout, index=False)
    else:
        b = estimate(model)
        print(estimate_text(b, summary(model, breakdown=b), model.scenario, model.catalog.as_of))
    return 0


def _compare(args) -> int:
    from vpncost.model import compare
    from vpncost.model.estimate import summary, to_json
    from vpncost.present.text import _left, summary_text, usd

    model = _model(args)
    s = summary(model)
    be = compare.break_even_table(model, args.variable)
    t = compare.tco_summary(compare.tco(model, years=args.years))
    sens = compare.sensitivity(model)
    if args.json:
        doc = to_json(model)
        doc["break_even"] = be.to_dict(orient="records")
        doc["tco"] = t.to_dict(orient="records")
        doc["sensitivity"] = sens.to_dict(orient="records")
        json.dump(doc, sys.stdout, indent=2, default=float)
        print()
        return 0
    sc = model.scenario
    print(f"{sc.name} | {sc.region} | {sc.hours:g} h | prices as of {model.catalog.as_of}\n")
    print(summary_text(s))
    print(f"\nBreak-even ({args.variable}, GB per {sc.hours:g} h; others held at the scenario's values):")
    if be.empty:
        print("  no crossings between 0 and 10,000,000 GB")
    for r in be.itertuples(index=False):
        print(f"  {r.option_a} = {r.option_b} at {r.x:,.1f} GB ({usd(r.cost_usd)}); "
              f"{r.cheaper_above} is cheaper above")
    years = args.years or sc.years
    print(f"\nTCO over {years} years (growth {sc.traffic.growth_pct_per_year:g}%/year):")
    view = t.copy()
    for c in view.columns[1:]:
        view[c] = [usd(v) for v in view[c]]
    print(_left(view).to_string(index=False))
    if not sens.empty:
        print("\nSensitivity (each input -50%/+50%; margin = runner-up minus cheapest):")
        v = sens[["input", "best_at_low", "best_at_high", "margin_low_usd", "margin_high_usd", "changes_ranking"]].copy()
        v["margin_low_usd"] = [usd(x) for x in v["margin_low_usd"]]
        v["margin_high_usd"] = [usd(x) for x in v["margin_high_usd"]]
        print(_left(v).to_string(index=False))
    return 0


def _read_sites(path):
    import pandas as pd

    from vpncost.errors import ScenarioError
    try:
        sites = pd.read_csv(path)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: file not found") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    if "city" not in sites.columns and not {"latitude", "longitude"} <= set(sites.columns):
        raise ScenarioError(f"{path}: needs a city column or latitude and longitude columns; "
                            f"found: {', '.join(map(str, sites.columns))}")
    return sites


def _acceleration(args) -> int:
    from vpncost.model.acceleration import scenario_tradeoff
    from vpncost.present.text import acceleration_text

    model = _model(args)
    sites = _read_sites(args.sites) if args.sites else None
    table = scenario_tradeoff(model.scenario, sites, args.value_of_ms, args.min_saving_ms, catalog=model.catalog)
    if args.json:
        doc = {"scenario": model.scenario.name, "region": model.scenario.region, "prices_as_of": model.catalog.as_of,
               "rule": table.attrs["rule"], "latency_note": "modelled, not measured",
               "sites": json.loads(table.to_json(orient="records"))}
        json.dump(doc, sys.stdout, indent=2)
        print()
    elif args.csv:
        table.to_csv(sys.stdout, index=False)
    else:
        print(acceleration_text(table, model.scenario, model.catalog.as_of))
    return 0


def _failover(args) -> int:
    from vpncost.failover.designs import scenario_designs, topology_for_option
    from vpncost.failover.routing import pitfalls
    from vpncost.present.text import failover_text

    model = _model(args)
    sc = model.scenario
    table = scenario_designs(sc, catalog=model.catalog, progress=sys.stderr.isatty(), years=args.years,
                             seed=args.seed, outage_cost_usd_per_hour=args.outage_cost)
    notes = [f"{o.name}: {p}" for o in sc.options for p in pitfalls(topology_for_option(o, sc.failover.site_prefix))]
    if args.json:
        doc = {"scenario": sc.name, "prices_as_of": model.catalog.as_of, "failure_rates": sc.failover.params().as_dict(),
               "pitfalls": notes, "designs": json.loads(table.to_json(orient="records"))}
        json.dump(doc, sys.stdout, indent=2)
        print()
    elif args.csv:
        table.to_csv(sys.stdout, index=False)
    else:
        print(failover_text(table, sc, model.catalog.as_of, notes))
    return 0


def _spend(args) -> int:
    from vpncost.errors import VpncostError

    if args.athena_table:
        if not args.athena_database:
            raise VpncostError("spend: --athena-table needs --athena-database")
        from vpncost.spend.readers.athena import spend_from_athena
        spend = spend_from_athena(args.athena_database, args.athena_table, args.athena_output, args.workgroup, args.flavour)
        source = f"Athena {args.athena_database}.{args.athena_table}"
    elif args.cost_explorer:
        from vpncost.spend.readers.cost_explorer import spend_from_cost_explorer
        spend = spend_from_cost_explorer(args.months)
        source = f"Cost Explorer, last {args.months} month(s)"
    else:
        from vpncost.spend.readers.cur import read_cur
        spend = read_cur(args.cur)
        source = args.cur
    if args.option and not args.model:
        raise VpncostError("spend: --option goes with --model SCENARIO")
    variance = None
    if (args.model or args.inventory) and spend.empty:
        raise VpncostError(f"spend: no connectivity lines in {source}; nothing to reconcile")
    if args.model or args.inventory:
        from vpncost.pricing.catalog import load_prices
        from vpncost.spend.reconcile import reconcile
        month = args.month or str(spend["month"].max())
        if month not in set(spend["month"]):
            raise VpncostError(f"--month {month}: no spend that month; allowed: {', '.join(sorted(set(spend['month'])))}")
        if args.model:
            from vpncost.spend.estate import load
            estate = load(args.model, args.option)
        else:
            from vpncost.spend.readers.inventory import collect, estate_from_inventory, month_bounds, traffic_gb
            from vpncost.reference.regions import region
            region(args.inventory)
            inv = collect(args.inventory)
            start, end = month_bounds(month)
            traffic = traffic_gb(args.inventory, inv["vpn"]["vpn_id"], inv["dx"]["connection_id"], start, end)
            estate = estate_from_inventory(inv, traffic, args.inventory)
        catalog = load_prices(args.prices, args.overrides, args.discount or 0.0)
        variance = reconcile(spend, estate, month, catalog)
    if args.json:
        doc = {"source": source, "spend": json.loads(spend.to_json(orient="records"))}
        if variance is not None:
            doc["reconcile"] = {"month": variance.attrs["month"], "components": json.loads(variance.to_json(orient="records"))}
        json.dump(doc, sys.stdout, indent=2)
        print()
    elif args.csv:
        spend.to_csv(sys.stdout, index=False)
    else:
        from vpncost.present.text import spend_text
        print(spend_text(spend, source, variance))
    return 0


def _report(args) -> int:
    import time

    from vpncost.present.report import render

    t = time.perf_counter()
    out = render(args.scenario, args.output, args.cur, args.format, args.title, "USD", args.years)
    print(f"wrote {out} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return 0
