"""The ``report`` verb: an HTML report for finance, or its tables as CSV."""
from __future__ import annotations

import sys

from vpncost.cli.args import example_or_path, int_range, scenario_path


def register(verbs):
    rp = verbs.add_parser("report", help="an HTML report for finance (or the tables as CSV) from a scenario or a network")
    rp.add_argument("scenario", metavar="SCENARIO", type=scenario_path,
                    help="scenario or network YAML file, or an example name")
    rp.add_argument("-o", "--output", metavar="FILE", required=True, help="report.html (or tables.csv with --format csv)")
    rp.add_argument("--cur", metavar="PATH", type=example_or_path("cur"), help="add actual spend from a CUR file or folder")
    rp.add_argument("--format", choices=("html", "csv"), default="html", help="html (default) or csv")
    rp.add_argument("--title", help="report title (default: the scenario name)")
    rp.add_argument("--years", type=int_range(1, 20), help="multi-year horizon (default: the scenario's; scenarios only)")
    rp.add_argument("--split", choices=("traffic", "even"), default="traffic",
                    help="a network: how shared costs are split into each site's cost to connect (default: traffic)")
    rp.add_argument("--chargeback-tag", metavar="KEY",
                    help="with --cur: a 'Who pays' section splitting each month's bill by this cost-allocation tag")
    rp.set_defaults(run=_report)


def _report(args) -> int:
    import time

    from vpncost.present.render import render
    from vpncost.present.text import terminal_safe

    t = time.perf_counter()
    out = render(args.scenario, args.output, args.cur, args.format, args.title, "USD", args.years,
                 chargeback_tag=args.chargeback_tag, rule=args.split)
    print(terminal_safe(f"wrote {out} in {time.perf_counter() - t:.1f} s", one_line=True), file=sys.stderr)
    return 0
