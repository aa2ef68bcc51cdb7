"""``vpncost optimize``: the cheapest design of a network that meets its targets."""
from __future__ import annotations

import argparse

from vpncost.cli.args import add_price_flags, add_wide_flag, example_or_path, input_path, print_json, width


def _percent(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 < v < 100:
        raise argparse.ArgumentTypeError(f"{text} is out of range; allowed: a percentage above 0 and below 100")
    return v


def _percents(text):
    return [_percent(t.strip()) for t in text.split(",") if t.strip()] or _percent("")


def _positive(text):
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not v > 0 or v == float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is out of range; allowed: a number above 0")
    return v


def register(verbs):
    op = verbs.add_parser("optimize", help="the cheapest design of a network that meets its availability, round-trip "
                          "and capacity targets")
    op.add_argument("network", metavar="NETWORK", type=example_or_path("network"),
                    help="network YAML file (its optimize: section sets the targets), or an example's name")
    op.add_argument("--availability", metavar="PCT", type=_percent,
                    help="every site's availability target, replacing the file's [%%]")
    op.add_argument("--frontier", metavar="PCT,PCT,...", type=_percents,
                    help="also re-solve at these availability targets (every site) and print the frontier")
    op.add_argument("--time-limit", metavar="S", type=_positive, default=60.0, help="solver time limit [s] (60)")
    op.add_argument("--gap", metavar="PCT", type=_positive, default=0.01,
                    help="relative optimality gap to stop at [%%] (0.01)")
    op.add_argument("-o", "--output", metavar="FILE", type=input_path,
                    help="write the chosen design as a network file (estimate, compare, report read it)")
    op.add_argument("--json", action="store_true", help="print JSON")
    add_price_flags(op)
    add_wide_flag(op)
    op.set_defaults(run=_optimize)


def _optimize(args) -> int:
    import yaml

    from vpncost.cli.args import warn_overrides
    from vpncost.fileio import atomic_write_text
    from vpncost.model.network import catalog_for_network
    from vpncost.network import load_network
    from vpncost.optimize import Optimizer, Settings
    from vpncost.present.optimize import plan_json, plan_text

    net = load_network(args.network)
    catalog = catalog_for_network(net, args.prices, args.overrides, args.discount)
    warn_overrides(catalog)
    settings = Settings(time_limit_s=args.time_limit, gap_pct=args.gap, availability_pct=args.availability)
    opt = Optimizer(net, catalog)
    plan = opt.solve(settings)
    front = opt.frontier(args.frontier, settings) if args.frontier else None
    if args.output:
        text = f"# {net.name}: the design vpncost optimize chose ({plan.total_usd:,.2f} USD a month)\n"
        atomic_write_text(args.output, text + yaml.safe_dump(plan.design(), sort_keys=False, width=110),
                          inputs=(args.network,))
    if args.json:
        print_json(plan_json(plan, front))
    else:
        print(plan_text(plan, width(args), front))
        if args.output:
            print(f"wrote {args.output}")
    return 0
