"""The ``spend`` verb: actual spend from a CUR, Athena or Cost Explorer, optionally against the model."""
from __future__ import annotations

import json
import sys

from vpncost.cli.args import add_price_flags, add_wide_flag, example_or_path, input_path, int_range, month, print_json, width


def register(verbs):
    sp = verbs.add_parser("spend", help="actual connectivity spend from a CUR, Athena or Cost Explorer, "
                          "optionally against the model")
    src = sp.add_mutually_exclusive_group(required=True)
    src.add_argument("--cur", metavar="PATH", type=example_or_path("cur"),
                     help="CUR file or folder: legacy CSV/CSV.gz/Parquet or CUR 2.0 Parquet")
    src.add_argument("--athena-table", metavar="TABLE", help="CUR table in Athena (with --athena-database)")
    src.add_argument("--cost-explorer", action="store_true", help="use Cost Explorer (no CUR needed)")
    sp.add_argument("--athena-database", metavar="DB", help="Glue database of the CUR table")
    sp.add_argument("--athena-output", metavar="S3URI", help="query result location (default: the workgroup's)")
    sp.add_argument("--workgroup", metavar="NAME", help="Athena workgroup")
    sp.add_argument("--region", metavar="REGION", help="AWS Region of the Athena workgroup (default: your profile's or "
                    "AWS_REGION; Cost Explorer is global and needs none)")
    sp.add_argument("--flavour", choices=("cur2", "legacy"), default="cur2", help="Athena table columns (default cur2)")
    sp.add_argument("--months", type=int_range(1, 36), default=3, help="Cost Explorer: whole months back (default 3)")
    model = sp.add_mutually_exclusive_group()
    model.add_argument("--model", metavar="FILE", type=example_or_path("estate", "scenario", "network"),
                       help="estate or scenario file to reconcile the bill against")
    model.add_argument("--inventory", metavar="REGION[,REGION...]",
                       help="describe what runs in REGION (read-only) and reconcile; several Regions, comma-separated, "
                       "are joined into one network (shared Direct Connect and peerings once)")
    sp.add_argument("--option", metavar="NAME", help="with --model SCENARIO: the option you run")
    sp.add_argument("--month", metavar="YYYY-MM", type=month, help="month to reconcile (default: the latest)")
    sp.add_argument("--idle", action="store_true",
                    help="with --inventory: connections with (almost) no traffic, tunnels down or no virtual "
                    "interface, and the monthly saving of removing each")
    sp.add_argument("--sites", metavar="FILE", type=input_path,
                    help="with --idle: CSV of vpn_id and city (or latitude,longitude), optional min_saving_ms: "
                    "accelerated VPNs whose modelled RTT saving is below the site's threshold are waste too")
    sp.add_argument("--forecast", type=int_range(1, 24), metavar="MONTHS",
                    help="forecast the next MONTHS from the bill's trend (and from the model with --model)")
    sp.add_argument("--allocate", nargs=2, metavar=("BASIS", "FILE"), type=input_path,
                    help="split each month's cost among consumers: even (FILE lists consumers), table (FILE has "
                    "consumer,share), by-traffic (FILE has consumer,bytes, or 'cloudwatch' with --inventory: transit gateway "
                    "attachment BytesIn, Direct Connect lines by virtual interface traffic; optional month, payer, "
                    "component columns), "
                    "by-flow (FILE has month, source/destination attachment id and owner, bytes: transit gateway data "
                    "processing to the account AWS meters it to) or by-tag KEY (the CUR's cost-allocation tag)")
    sp.add_argument("--metering-policy", metavar="FILE", type=example_or_path("policy"),
                    help="with --allocate by-flow: the transit gateway's metering policy (Flexible Cost Allocation) "
                    "as aws ec2 get-transit-gateway-metering-policy-entries prints it")
    spfmt = sp.add_mutually_exclusive_group()
    spfmt.add_argument("--json", action="store_true", help="print JSON")
    spfmt.add_argument("--csv", action="store_true", help="print the spend table as CSV")
    add_price_flags(sp)
    add_wide_flag(sp)
    sp.set_defaults(run=_spend)


def _inventory_regions(text: str) -> list:
    """``--inventory us-east-1,eu-west-1`` as Region codes, each known, none twice (one line naming the bad one)."""
    from vpncost.errors import VpncostError
    from vpncost.reference.regions import region
    codes = [c.strip() for c in text.split(",")]
    if len(set(codes)) != len(codes) or "" in codes:
        raise VpncostError(f"--inventory: {text!r}: list each Region once, comma-separated")
    for c in codes:
        try:
            region(c)
        except VpncostError as exc:
            raise VpncostError(f"--inventory: {exc}".replace("region: ", "")) from None
    return codes


def _client(args, service: str):
    """The AWS client a spend source calls, in ``--region`` when given (a known Region code: a made-up one would
    send boto3 to an endpoint that does not exist and wait)."""
    from vpncost.spend.readers.aws import client

    if args.region is not None:
        from vpncost.reference.regions import region

        region(args.region)
    return client(service, args.region)


def _spend(args) -> int:
    from vpncost.errors import VpncostError

    if args.athena_table is not None:  # '' is a bad name (one line from athena_sql), not "no Athena"
        if not args.athena_database:
            raise VpncostError("spend: --athena-table needs --athena-database")
        from vpncost.spend.readers.athena import spend_from_athena
        spend = spend_from_athena(args.athena_database, args.athena_table, args.athena_output, args.workgroup, args.flavour,
                                  client=_client(args, "athena"))
        source = f"Athena {args.athena_database}.{args.athena_table}"
    elif args.cost_explorer:
        from vpncost.spend.readers.cost_explorer import spend_from_cost_explorer
        spend = spend_from_cost_explorer(args.months, client=_client(args, "ce"))
        source = f"Cost Explorer, last {args.months} month(s)"
    else:  # --cur (the group is required)
        if args.region is not None:  # a CUR file holds every Region; --region picks the API endpoint only
            raise VpncostError("spend: --region is the Region of the Athena or Cost Explorer endpoint; a CUR file "
                               "read with --cur needs none (it holds every Region)")
        from vpncost.spend.readers.cur import read_cur
        spend = read_cur(args.cur)
        source = args.cur
    if args.option and not args.model:
        raise VpncostError("spend: --option goes with --model SCENARIO")
    if args.idle and not args.inventory:
        raise VpncostError("spend: --idle reads the inventory: use it with --inventory REGION")
    inventory_regions = _inventory_regions(args.inventory) if args.inventory else []
    if len(inventory_regions) > 1 and (args.idle or (args.allocate and args.allocate[1] == "cloudwatch")):
        raise VpncostError("spend: --idle and --allocate by-traffic cloudwatch read one Region; allowed: "
                           "--inventory REGION (one)")
    if args.sites and not args.idle:
        raise VpncostError("spend: --sites is for --idle: use it with --idle --inventory REGION")
    sites = None
    if args.sites:
        from vpncost.scenario import LatencySettings
        from vpncost.spend.readers.sites import read_sites
        sites = read_sites(args.sites, LatencySettings().min_saving_ms)
    idle = None
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
        elif len(inventory_regions) > 1:
            from vpncost.spend.estate import network_from_inventory
            from vpncost.spend.readers.inventory import collect, month_bounds, traffic_gb
            start, end = month_bounds(month)
            invs = {r: collect(r) for r in inventory_regions}
            estate = network_from_inventory(invs, {r: traffic_gb(r, inv["vpn"]["vpn_id"], inv["dx"]["connection_id"],
                                                                 start, end) for r, inv in invs.items()})
        else:
            from vpncost.spend.estate import estate_from_inventory
            from vpncost.spend.readers.inventory import (
                collect,
                month_bounds,
                traffic_gb,
            )
            inv = collect(args.inventory)
            start, end = month_bounds(month)
            traffic = traffic_gb(args.inventory, inv["vpn"]["vpn_id"], inv["dx"]["connection_id"], start, end)
            estate = estate_from_inventory(inv, traffic, args.inventory)
        catalog = load_prices(args.prices, args.overrides, args.discount or 0.0)
        if args.idle:
            from vpncost.spend.readers.inventory import attachment_bytes
            from vpncost.spend.waste import idle_findings
            att = inv["tgw_attachments"]
            idle = idle_findings(inv, traffic, args.inventory, catalog=catalog,
                                 hours=(end - start).total_seconds() / 3600,
                                 sites=sites, attachment_traffic=attachment_bytes(args.inventory, att, start, end)
                                 if len(att) else None)
        variance = reconcile(spend, estate, month, catalog)
    allocation = None
    if args.metering_policy and not args.allocate:
        raise VpncostError("spend: --metering-policy is for --allocate by-flow FILE")
    if args.allocate:
        from vpncost.spend.allocate import AllocationError, allocate, allocate_by_tag, read_shares
        basis = {"by-traffic": "traffic", "by-tag": "tag", "by-flow": "metered traffic"}.get(args.allocate[0],
                                                                                               args.allocate[0])
        if basis not in ("even", "table", "traffic", "tag", "metered traffic"):
            raise AllocationError(f"--allocate: {args.allocate[0]!r} is not a basis; allowed: even, table, "
                                  "by-traffic, by-tag, by-flow")
        if basis in ("even", "table", "traffic", "metered traffic"):  # FILE may name a shipped example
            from vpncost.examples import resolve

            args.allocate[1] = resolve(args.allocate[1], "shares", "flows")
        if args.metering_policy and basis != "metered traffic":
            raise AllocationError("--metering-policy is for --allocate by-flow FILE")
        if spend.empty:
            raise AllocationError(f"spend: no connectivity lines in {source}; nothing to allocate")
        if basis == "tag":
            if not args.cur:
                raise AllocationError("--allocate by-tag reads the tags from the CUR: use it with --cur")
            from vpncost.spend.readers.cur import read_cur, tag_key
            allocation = allocate_by_tag(read_cur(args.cur, tag=args.allocate[1]), tag_key(args.allocate[1]))
        elif basis == "traffic" and args.allocate[1] == "cloudwatch":
            if not args.inventory:
                raise AllocationError("--allocate by-traffic cloudwatch reads transit gateway attachment traffic: "
                                      "use it with --inventory REGION")
            import pandas as pd

            from vpncost.spend.allocate import shares_from_attachment_bytes, shares_from_vif_bytes
            from vpncost.spend.readers.inventory import attachment_bytes, collect, month_bounds, vif_bytes
            inv = collect(args.inventory)
            attachments, months = inv["tgw_attachments"], sorted(set(spend["month"]))
            parts = []
            if len(attachments):
                parts.append(shares_from_attachment_bytes(
                    {m: attachment_bytes(args.inventory, attachments, *month_bounds(m)) for m in months}))
            if len(inv["dx"]):  # Direct Connect lines by virtual interface (more specific: they win for DX)
                parts.append(shares_from_vif_bytes({m: vif_bytes(args.inventory, *month_bounds(m)) for m in months}))
            if not parts:
                raise AllocationError(f"--allocate by-traffic cloudwatch: no transit gateway attachments or Direct "
                                      f"Connect connections in {args.inventory}")
            allocation = allocate(spend, pd.concat(parts, ignore_index=True), basis)
        elif basis == "metered traffic":
            from vpncost.spend.allocate import shares_from_flows
            from vpncost.spend.readers.metering import read_flows, read_policy_entries
            entries = read_policy_entries(args.metering_policy) if args.metering_policy else []
            allocation = allocate(spend, shares_from_flows(read_flows(args.allocate[1]), entries), basis)
        else:
            allocation = allocate(spend, read_shares(args.allocate[1], basis), basis)
    forecast = None
    if args.forecast:
        import pandas as pd

        from vpncost.spend.forecast import from_history, from_model, next_months
        forecast = from_history(spend, args.forecast)
        if args.model:
            from vpncost.pricing.catalog import load_prices
            from vpncost.spend.estate import load
            model_catalog = load_prices(args.prices, args.overrides, args.discount or 0.0)
            first = next_months(str(spend["month"].max()), 1)[0]
            forecast = pd.concat([forecast, from_model(load(args.model, args.option), first, args.forecast,
                                                       model_catalog)], ignore_index=True)
    if args.json:
        doc = {"source": source, "spend": json.loads(spend.to_json(orient="records"))}
        if forecast is not None:
            doc["forecast"] = json.loads(forecast.to_json(orient="records"))
        if idle is not None:
            doc["idle"] = json.loads(idle.to_json(orient="records"))
        if allocation is not None:
            doc["allocation"] = json.loads(allocation.to_json(orient="records"))
        if variance is not None:
            doc["reconcile"] = {"month": variance.attrs["month"], "components": json.loads(variance.to_json(orient="records"))}
        print_json(doc)
    elif args.csv:
        from vpncost.present.text import write_csv
        write_csv(allocation if allocation is not None else forecast if forecast is not None else spend, sys.stdout)
    else:
        from vpncost.present.text import allocation_text, spend_text
        print(spend_text(spend, source, variance, width(args)))
        if allocation is not None:
            print()
            print(allocation_text(allocation, width(args)))
        if forecast is not None:
            from vpncost.present.text import forecast_text
            print()
            print(forecast_text(forecast, width(args)))
        if idle is not None:
            from vpncost.present.text import idle_text
            print()
            print(idle_text(idle, width(args)))
    return 0
