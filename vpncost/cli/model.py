"""Verbs of the cost model: ``estimate``, ``compare`` and ``acceleration``."""
from __future__ import annotations

import io
import json
import sys

from vpncost.cli.args import (
    add_price_flags,
    add_wide_flag,
    example_or_path,
    int_range,
    is_iac_file,
    is_network_file,
    load_model,
    load_network_model,
    non_negative,
    parameter,
    print_json,
    scenario_path,
    width,
)


def register(verbs):
    est = verbs.add_parser("estimate", help="cost breakdown of every option in a scenario file")
    est.add_argument("scenario", metavar="SCENARIO", type=scenario_path,
                     help="scenario YAML file, or an example's name (see 'vpncost examples')")
    fmt = est.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print JSON (options, components, totals)")
    fmt.add_argument("--csv", action="store_true", help="print the tidy breakdown as CSV")
    fmt.add_argument("--markdown", action="store_true",
                     help="plans and templates: a pull-request comment (cost before and after, coverage)")
    add_iac_flags(est)
    est.add_argument("--split", choices=("traffic", "even"), default="traffic",
                     help="networks: how a shared resource's cost is split among the sites using it (default traffic)")
    est.add_argument("--lines", action="store_true", help="networks: also print every priced line")
    add_price_flags(est)
    add_wide_flag(est)
    est.set_defaults(run=_estimate)
    cmp_ = verbs.add_parser("compare", help="totals side by side, break-even traffic, TCO and sensitivity")
    cmp_.add_argument("scenario", metavar="SCENARIO", type=scenario_path, help="scenario YAML file or example")
    cmp_.add_argument("--variable", choices=("egress_gb", "ingress_gb", "site_to_site_gb", "total_gb"),
                      help="traffic variable for break-even (default egress_gb; scenarios only)")
    cmp_.add_argument("--years", type=int_range(1, 20), help="TCO years (default: the scenario's)")
    cmp_.add_argument("--json", action="store_true", help="print JSON")
    cmp_.add_argument("--split", choices=("traffic", "even"), default="traffic",
                      help="networks: how shared costs are split among sites (default traffic)")
    add_iac_flags(cmp_)
    add_price_flags(cmp_)
    add_wide_flag(cmp_)
    cmp_.set_defaults(run=_compare)
    acc = verbs.add_parser("acceleration", help="is accelerated VPN worth it? premium vs milliseconds saved per site")
    acc.add_argument("scenario", metavar="SCENARIO", type=scenario_path,
                     help="scenario YAML file (Region, traffic, baseline VPN)")
    acc.add_argument("--sites", metavar="CSV", type=example_or_path("sites"),
                     help="sites to assess: name and city, or name, latitude, longitude "
                     "(optional egress_gb, ingress_gb per site); default: the scenario's site")
    acc.add_argument("--value-of-ms", type=non_negative, metavar="USD", help="worth of 1 ms less RTT [USD/month]")
    acc.add_argument("--min-saving-ms", type=non_negative, metavar="MS", help="smallest saving that counts [ms]")
    accfmt = acc.add_mutually_exclusive_group()
    accfmt.add_argument("--json", action="store_true", help="print JSON")
    accfmt.add_argument("--csv", action="store_true", help="print CSV")
    add_price_flags(acc)
    add_wide_flag(acc)
    acc.set_defaults(run=_acceleration)


def add_iac_flags(p) -> None:
    p.add_argument("--usage", metavar="FILE", type=example_or_path("usage"),
                   help="plans and templates: traffic per resource (YAML; Infracost usage files are read too)")
    p.add_argument("--region", metavar="REGION",
                   help="plans and templates: Region of resources the input does not place (a template's AWS::Region)")
    p.add_argument("--parameter", metavar="NAME=VALUE", action="append", type=parameter, default=[],
                   help="templates: a parameter value (repeatable; defaults otherwise)")


def _iac_only(args) -> None:
    """Refuse the plan-and-template flags on a scenario or network file, in one line."""
    for flag, value in (("--usage", args.usage), ("--region", args.region), ("--parameter", args.parameter),
                        ("--markdown", getattr(args, "markdown", False))):
        if value:
            from vpncost.errors import ScenarioError
            raise ScenarioError(f"{flag}: for Terraform plans and CloudFormation templates; {args.scenario} is a "
                                "scenario or network file")


def _load_iac(args, alternatives: bool = False):
    from vpncost.cli.args import warn_overrides
    from vpncost.iac.estimate import estimate, load
    from vpncost.model.network import catalog_for_network
    from vpncost.reference.regions import region as region_row

    if args.region:
        region_row(args.region)   # a bad --region: one line naming the allowed ones
    inp = load(args.scenario, args.region, dict(args.parameter))
    catalog = None
    if args.prices or args.overrides or args.discount is not None:
        from vpncost.network import from_dict
        catalog = catalog_for_network(from_dict({"name": "prices", "regions": {"us-east-1": {}}}), args.prices,
                                      args.overrides, args.discount)
        warn_overrides(catalog)
    return estimate(inp, args.usage, catalog, alternatives=alternatives)


def _estimate_iac(args) -> int:
    from vpncost.present.plan import plan_json, plan_markdown, plan_text
    from vpncost.present.text import write_csv

    est = _load_iac(args)
    if args.json:
        print_json(plan_json(est, args.split))
    elif args.csv:
        write_csv(est.model.breakdown(), sys.stdout)
    elif args.markdown:
        print(plan_markdown(est))
    else:
        print(plan_text(est, width(args)))
    return 0


def _estimate(args) -> int:
    from vpncost.model.estimate import estimate, summary, to_json
    from vpncost.present.text import estimate_text

    if is_iac_file(args.scenario):
        return _estimate_iac(args)
    _iac_only(args)
    if is_network_file(args.scenario):
        return _estimate_network(args)
    model = load_model(args)
    if args.json:
        print_json(to_json(model))
    elif args.csv:
        from vpncost.present.text import write_csv
        write_csv(estimate(model), sys.stdout)
    else:
        b = estimate(model)
        print(estimate_text(b, summary(model, breakdown=b), model.scenario, model.catalog.snapshot,
                            width(args)))
    return 0


def _estimate_network(args) -> int:
    from vpncost.model import network
    from vpncost.present.text import network_text, write_csv

    model = load_network_model(args)
    if args.json:
        print_json(network.to_json(model, args.split))
    elif args.csv:
        write_csv(model.breakdown(), sys.stdout)
    else:
        print(network_text(model, width(args), args.split, args.lines))
    return 0


def _compare_network(args) -> int:
    from vpncost.model import network
    from vpncost.present.text import network_compare_text

    if args.years is not None or args.variable is not None:
        from vpncost.errors import ScenarioError
        raise ScenarioError(f"{args.scenario}: --years and --variable are for scenarios (break-even and TCO); a "
                            "network compare prices each design for the file's period")
    model = load_network_model(args)
    designs, sites = network.compare_designs(model.network, model.catalog, args.split, str(args.scenario))
    if args.json:
        print_json({"network": model.network.name, "prices_as_of": model.catalog.as_of,
                    "prices_snapshot": model.catalog.snapshot, "split_rule": args.split,
                    "designs": json.loads(designs.to_json(orient="records")),
                    "sites": json.loads(sites.to_json(orient="records"))})
        return 0
    print(network_compare_text(model.network, model.catalog.as_of, designs, sites, width(args), args.split))
    return 0


def _compare_iac(args) -> int:
    """A plan's network beside the alternatives :func:`vpncost.iac.estimate.suggest` makes for it."""
    from vpncost.model import network
    from vpncost.present.text import network_compare_text

    if args.years is not None or args.variable is not None:
        from vpncost.errors import ScenarioError
        raise ScenarioError(f"{args.scenario}: --years and --variable are for scenarios; a plan's compare prices "
                            "each design for a month")
    est = _load_iac(args, alternatives=True)
    net = est.model.network
    designs, sites = network.compare_designs(net, est.model.catalog, args.split, str(args.scenario))
    if args.json:
        print_json({"input": est.input.path, "prices_as_of": est.model.catalog.as_of, "split_rule": args.split,
                    "designs": json.loads(designs.to_json(orient="records")),
                    "sites": json.loads(sites.to_json(orient="records")), "notes": est.notes})
        return 0
    print(network_compare_text(net, est.model.catalog.as_of, designs, sites, width(args), args.split))
    if not net.designs:
        print("\nNo alternative applies: no accelerated VPN, no 5 Gbps tunnels, fewer than two BGP VPN sites on a "
              "transit gateway in any Region, no Direct Connect site without a second connection.")
    return 0


def _compare(args) -> int:
    from vpncost.model import compare
    from vpncost.model.estimate import summary, to_json
    from vpncost.present.text import compare_text

    if is_iac_file(args.scenario):
        return _compare_iac(args)
    _iac_only(args)
    if is_network_file(args.scenario):
        return _compare_network(args)
    args.variable = args.variable or "egress_gb"
    model = load_model(args)
    s = summary(model)
    be = compare.break_even_table(model, args.variable)
    t = compare.tco_summary(compare.tco(model, years=args.years))
    sens = compare.sensitivity(model)
    if args.json:
        doc = to_json(model)
        doc["break_even"] = be.to_dict(orient="records")
        doc["tco"] = t.to_dict(orient="records")
        doc["sensitivity"] = sens.to_dict(orient="records")
        print_json(doc)
        return 0
    print(compare_text(model.scenario, model.catalog.snapshot, s, be, t, sens, args.variable, args.years,
                       width(args)))
    return 0


def _read_sites(path):
    import pandas as pd

    from vpncost.errors import ScenarioError
    from vpncost.fileio import read_input
    text = read_input(path, "sites", ScenarioError)
    try:
        sites = pd.read_csv(io.StringIO(text))
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None
    if "city" not in sites.columns and not {"latitude", "longitude"} <= set(sites.columns):
        raise ScenarioError(f"{path}: needs a city column or latitude and longitude columns; "
                            f"found: {', '.join(map(str, sites.columns))}")
    return sites


def _acceleration(args) -> int:
    from vpncost.model.acceleration import scenario_tradeoff
    from vpncost.present.text import acceleration_text

    model = load_model(args)
    sites = _read_sites(args.sites) if args.sites else None
    table = scenario_tradeoff(model.scenario, sites, args.value_of_ms, args.min_saving_ms, catalog=model.catalog)
    if args.json:
        doc = {"scenario": model.scenario.name, "region": model.scenario.region, "prices_as_of": model.catalog.as_of,
               "prices_snapshot": model.catalog.snapshot,
               "rule": table.attrs["rule"], "latency_note": "modelled, not measured",
               "sites": json.loads(table.to_json(orient="records"))}
        print_json(doc)
    elif args.csv:
        from vpncost.present.text import write_csv
        write_csv(table, sys.stdout)
    else:
        print(acceleration_text(table, model.scenario, model.catalog.snapshot, width(args)))
    return 0
