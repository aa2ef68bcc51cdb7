"""The ``prices`` verb: show the price table with sources and dates, or refresh it."""
from __future__ import annotations

import sys

from vpncost.cli.args import add_price_flags, add_wide_flag, input_path, scenario_path, warn, warn_overrides, width
from vpncost.errors import VpncostError

SERVICE_ALIASES = {"vpn": "vpn", "tgw": "transit_gateway", "transit_gateway": "transit_gateway",
                   "dx": "direct_connect", "direct_connect": "direct_connect", "ga": "global_accelerator",
                   "global_accelerator": "global_accelerator", "dto": "data_transfer", "data_transfer": "data_transfer",
                   "cloudwan": "cloud_wan", "cloud_wan": "cloud_wan", "vpc": "vpc", "ipv4": "vpc"}


def register(verbs, parser_class):
    prices = verbs.add_parser("prices", help="show or refresh the price table")
    prices.set_defaults(run=_choose)
    pverbs = prices.add_subparsers(dest="prices_verb", metavar="ACTION", parser_class=parser_class)
    show = pverbs.add_parser("show", help="print prices with their source and date")
    show.add_argument("--service", choices=sorted(SERVICE_ALIASES), help="vpn, tgw, dx, ga, dto, cloudwan or ipv4 (long names too)")
    show.add_argument("--region", help="AWS Region code, e.g. us-east-1")
    show.add_argument("--all-locations", action="store_true",
                      help="with --region: Direct Connect port prices at every location, not only the Region's own")
    show.add_argument("--csv", action="store_true", help="print CSV instead of a table")
    add_price_flags(show)
    add_wide_flag(show)
    show.set_defaults(run=_prices_show)
    ref = pverbs.add_parser("refresh", help="fetch current list prices: AWS's public pricing-page feeds (no "
                            "credentials) or the Price List API (boto3)")
    ref.add_argument("--source", choices=("pricing-pages", "price-list"), default="pricing-pages",
                     help="pricing-pages (default; no credentials) or price-list (pricing:GetProducts)")
    ref.add_argument("--base-url", metavar="URL", help="pricing-pages: base URL of the feeds, or a folder of them "
                     "(default: AWS's); 'shipped': the copies inside the package, offline")
    ref.add_argument("--regions", nargs="+", metavar="REGION", help="price-list: only these Regions (default: all)")
    ref.add_argument("--out", metavar="FILE", help="where to write (required unless VPNCOST_PRICES names the table)")
    ref.add_argument("--prices", metavar="FILE", type=input_path,
                     help="rows kept for items the source lacks (pricing-pages: default "
                     "data/prices_supplement.csv; price-list: the current table)")
    ref.set_defaults(run=_prices_refresh)
    dif = pverbs.add_parser("diff", help="prices added, removed and changed between two price tables")
    dif.add_argument("old", metavar="OLD", type=input_path,
                     help="the earlier price table CSV: a copy kept before a refresh, or from git, e.g. "
                     "'git show COMMIT:vpncost/data/prices.csv > old.csv'")
    dif.add_argument("new", metavar="NEW", type=input_path, help="the later price table CSV")
    dif.add_argument("--scenario", metavar="FILE", type=scenario_path, help="also each option's total under both tables")
    dif.add_argument("--csv", action="store_true", help="print every added, removed and changed row as CSV")
    add_wide_flag(dif)
    dif.set_defaults(run=_prices_diff)
    cov = pverbs.add_parser("coverage", help="per Region and item: prices sourced, single-source, assumed, missing")
    cov.add_argument("--csv", action="store_true", help="print the tidy table as CSV")
    add_price_flags(cov)
    add_wide_flag(cov)
    cov.set_defaults(run=_prices_coverage)


def _choose(args) -> int:
    from vpncost.errors import VpncostError
    raise VpncostError("prices: choose an action: show, refresh, diff or coverage")


def _prices_show(args) -> int:
    from vpncost.present.text import price_table_text
    from vpncost.pricing.catalog import load_prices
    from vpncost.pricing.views import effective_prices
    from vpncost.reference.regions import region

    if args.region:
        region(args.region)  # validates with a clear message
    cat = load_prices(args.prices, args.overrides, args.discount or 0.0)
    warn_overrides(cat)
    service = SERVICE_ALIASES[args.service] if args.service else None
    if args.all_locations and not args.region:
        raise VpncostError("prices show: --all-locations goes with --region (without one every location is shown)")
    table = effective_prices(cat, service, args.region, region_locations_only=bool(args.region) and not args.all_locations)
    hidden = table.attrs.get("dx_locations_hidden", 0)
    if hidden:
        warn(f"Direct Connect port prices: only the locations associated with {args.region} are shown; "
             f"{hidden} other locations are left out (--all-locations shows them)")
    if args.csv:
        from vpncost.present.text import write_csv
        write_csv(table, sys.stdout)
    else:
        print(price_table_text(table, cat, width(args)))
    return 0


def _named_output() -> str:
    """Where ``prices refresh`` writes without ``--out``: the table ``$VPNCOST_PRICES`` names, never the table
    shipped inside the installed package (a file the user did not name)."""
    import os
    if os.environ.get("VPNCOST_PRICES"):
        return os.environ["VPNCOST_PRICES"]
    raise VpncostError("prices refresh: --out FILE is required: the shipped table inside the installed package is "
                       "not overwritten (then use it with --prices FILE, or set VPNCOST_PRICES=FILE, which refresh "
                       "also writes to)")


def _prices_refresh(args) -> int:
    from vpncost.pricing.pricelist import refresh
    from vpncost.reference.regions import region

    out = args.out if args.out is not None else _named_output()
    if args.source == "pricing-pages":
        from vpncost.pricing import pricing_pages

        if args.regions:
            raise VpncostError("prices refresh: --regions goes with --source price-list (the feeds hold every Region)")
        base_url = args.base_url or pricing_pages.DEFAULT_BASE_URL
        if base_url == "shipped":
            from vpncost.paths import data_dir

            base_url = (data_dir() / "pricing-pages").resolve().as_uri()
        summary = pricing_pages.refresh(out, base_url, args.prices)
        for warning in summary["warnings"]:
            warn(f"warning: {warning}")
        print(f"wrote {summary['out']}: {summary['rows_from_feeds']} rows from AWS's pricing-page feeds "
              f"({', '.join(f'{k} {v}' for k, v in summary['feeds'].items())}), {summary['rows_total']} rows in all, "
              f"{summary['assumed_rows']} assumed (each says why)")
        return 0
    if args.base_url:
        raise VpncostError("prices refresh: --base-url goes with --source pricing-pages")
    for r in args.regions or []:
        region(r)
    summary = refresh(out, base_path=args.prices, regions=args.regions)
    print(f"wrote {summary['out']}: {summary['rows_from_api']} rows from the Price List API, "
          f"{summary['rows_total']} rows in all")
    if summary["malformed_items"]:
        warn(f"warning: skipped {summary['malformed_items']} malformed PriceList item(s)")
    return 0


def _prices_diff(args) -> int:
    from vpncost.present.text import diff_text
    from vpncost.pricing.catalog import load_prices
    from vpncost.pricing.views import diff

    old, new = load_prices(args.old), load_prices(args.new)
    changes = diff(old, new)
    totals = None
    if args.scenario:
        from vpncost.model.compare import price_change
        from vpncost.scenario import load_scenario
        totals = price_change(load_scenario(args.scenario), old, new)
    if args.csv:
        from vpncost.present.text import write_csv
        write_csv(changes, sys.stdout)
    else:
        print(diff_text(changes, old, new, totals, width(args)))
    return 0


def _prices_coverage(args) -> int:
    from vpncost.present.text import coverage_text
    from vpncost.pricing.catalog import load_prices
    from vpncost.pricing.views import coverage

    cat = load_prices(args.prices, args.overrides, args.discount or 0.0)
    table = coverage(cat)
    if args.csv:
        from vpncost.present.text import write_csv
        write_csv(table, sys.stdout)
    else:
        print(coverage_text(table, cat, width(args)))
    return 0
