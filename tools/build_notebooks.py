"""Write the notebooks from the cell lists below, then execute them in place (outputs are committed).

Run: ``python tools/build_notebooks.py [name ...]``. Notebooks stay thin: markdown question, one call
into the library, a table or chart, a sentence on what it shows.
"""
import sys
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from vpncost.fileio import private_workdir

ROOT = Path(__file__).resolve().parents[1]
NB = ROOT / "notebooks"
TEMPLATES = ROOT / "vpncost" / "templates"  # the report notebook is package data: `vpncost report` runs it


def folder(name):
    """Where notebook ``name`` lives: the report template inside the package, the others in notebooks/."""
    return TEMPLATES if name in ("report", "network_report") else NB


def md(text):
    return nbformat.v4.new_markdown_cell(text.strip())


def code(text, volatile=False, tags=None):
    cell = nbformat.v4.new_code_cell(text.strip())
    cell.metadata["tags"] = list(tags or [])
    if volatile:  # live widget views: their output is a model id, not content
        cell.metadata["tags"].append("nbval-ignore-output")
    if not cell.metadata["tags"]:
        del cell.metadata["tags"]
    return cell


NOTEBOOKS = {}

NOTEBOOKS["00_price_explorer"] = [
    md("""
# Price explorer: what AWS charges for hybrid connectivity

Which list prices does vpncost use, where do they come from, and how old are they? Everything here is read
from the dated snapshot in `data/prices.csv` (refresh it with `vpncost prices refresh`). Rows marked
**assumed** apply a documented rule where no price was sourced."""),
    code("""
from vpncost.pricing.catalog import load_prices
from vpncost.pricing import views as price_views
from vpncost.present import plots

catalog = load_prices()
print(f"Price snapshot as of {catalog.as_of}: {len(catalog.table)} rows")
catalog.table["status"].value_counts()"""),
    md("Pick a service and a Region: the table shows the prices that apply there, with source and date."),
    code("""
from vpncost.present.widgets import price_explorer
price_explorer(catalog)""", volatile=True),
    md("## Direct Connect ports: dedicated vs hosted, by speed"),
    code("""
ports = price_views.dx_port_prices(catalog)
ports"""),
    code("""
fig = plots.dx_port_chart(ports)"""),
    md("Hosted ports start far smaller (50 Mbps) but cost more per Gbps than dedicated ports at the same speed."),
    md("## Internet data transfer out: the VPN's egress price by Region"),
    code("""
dto = price_views.internet_dto_by_region(catalog)
dto.pivot_table(index="region", columns="tier_start_gb", values="usd_per_gb", sort=False)"""),
    code("""
fig = plots.dto_region_chart(dto)"""),
    md("North American and European Regions are cheapest; South America and Africa cost most per GB."),
    md("""
## How well is each Region covered?
Every price is sourced from AWS's pricing-page feeds, from a single other source, or *assumed*: a stated rule,
given in the row's note (for example a Region that AWS's 2020 Direct Connect feed does not name takes the
rates of the nearest Region of its group). Missing means AWS publishes no price (Cloud WAN is not offered in
every Region). `vpncost prices coverage` prints the same table."""),
    code("""
cov = price_views.coverage(catalog)
cov.groupby("item")[["expected", "sourced", "single_source", "assumed", "missing"]].sum()"""),
    code("""
fig = plots.coverage_chart(cov)"""),
    md("""
Everything a Site-to-Site VPN, transit gateway or accelerated design needs is sourced in every commercial
Region; what is assumed is Direct Connect data transfer for (Region, location) pairs the feed does not list."""),
]


NOTEBOOKS["01_vpn_vs_direct_connect"] = [
    md("""
# VPN or Direct Connect? Cost, break-even and total cost of ownership

A Frankfurt data centre moves about 40 TB a month to and from `eu-central-1`, with a 2.4 Gbps peak.
Which connection is cheapest this month, when does another take over as traffic grows, and what does each cost
over three years? The scenario lives in `data/scenarios/frankfurt_dc.yaml`; every number below comes from
`vpncost` and the dated price snapshot (customer-side costs in the file are illustrative placeholders)."""),
    code("""
from vpncost.scenario import load_scenario
from vpncost.model.estimate import build, estimate, summary
from vpncost.model import compare
from vpncost.present import views
from vpncost.present import plots

scenario = load_scenario("../data/scenarios/frankfurt_dc.yaml")
model = build(scenario)
print(f"{scenario.name}: {scenario.hours:g} h, prices as of {model.catalog.as_of}")
summary(model)[["option", "total_usd", "aws_usd", "customer_usd", "capacity_mbps", "feasible", "rank", "reasons"]]"""),
    md("""
The VPN on a virtual private gateway is cheapest on paper but cannot carry the peak: a VGW sends traffic down one
1.25 Gbps tunnel (no ECMP). Two VPN connections on a transit gateway with BGP spread the load over four tunnels.

## Where the money goes"""),
    code("""
breakdown = estimate(model)
breakdown[breakdown["option"] == "DX 10G dedicated + VPN backup"][["component", "tier", "quantity", "unit", "rate_usd", "cost_usd", "price_status"]]"""),
    code("""
stack = views.cost_by_group(breakdown)
fig = plots.stacked_cost_chart(stack, infeasible=["VPN on VGW"])
stack.round(2)"""),
    md("""
The VPN options pay mostly internet data transfer out; Direct Connect pays for ports, the transit gateway and the
customer's circuit and colocation, and a quarter of the per-GB rate.

## Break-even: how much egress makes Direct Connect cheaper?
Each option's cost is piecewise linear in traffic (the internet tiers put the kinks), so the crossing points are
solved exactly rather than read off a grid."""),
    code("""
be = compare.break_even_table(model, "egress_gb")
be.round(2)"""),
    code("""
x_max = compare.curve_x_max(model)
curve = compare.cost_curve(model, "egress_gb", x=__import__("numpy").linspace(0, 200_000, 201))
fig = plots.cost_curve_chart(curve, be[be["x"] <= 200_000], infeasible=["VPN on VGW"])"""),
    md("""
## Which input could change the answer?
Each input moved by -50 % and +50 %: the margin is what the runner-up costs above the cheapest feasible option."""),
    code("""
sens = compare.sensitivity(model)
fig = plots.tornado_chart(sens)
sens.round(2)"""),
    md("""
## Three years with 25 % yearly traffic growth
One-time costs (router, installation, partner setup) land in month 0; traffic compounds monthly."""),
    code("""
tco = compare.tco(model)
compare.tco_summary(tco).round(0)"""),
    code("""
fig = plots.tco_chart(tco)"""),
    md("""
With 25 % growth a year, the Direct Connect options cost less than the transit-gateway VPN per year by year three
(their per-GB rate is a quarter of internet egress), though over three years the VPN still costs less in total;
a longer horizon or faster growth tips the balance (`compare.tco(model, years=5)`).

## The same design in other Regions
A Region without a sourced Direct Connect data-transfer rate to this location shows why instead of a number."""),
    code("""
by_region = compare.sweep_regions(model, ["eu-central-1", "eu-west-1", "eu-west-2", "us-east-1"])
by_region.pivot_table(index="option", columns="region", values="cost_usd", sort=False).round(2)"""),
    md("""
## Try it
Type a traffic figure (GB per the scenario's period; Enter applies it, and the box keeps exactly what you typed) or
pick a Region or a Direct Connect type, speed or location (they change the scenario's first DX option, whose name
follows): the three charts and the totals redraw. A combination without an answer (for example a port speed the
location does not offer) says what to change and hides the charts until it has one. Opened before running (or
untrusted), the panel shows its saved charts as a picture; run the notebook to use it."""),
    code("""
from vpncost.present.widgets import cost_dashboard
cost_dashboard(scenario)""", volatile=True),
]


NOTEBOOKS["02_accelerated_vpn"] = [
    md("""
# Is accelerated VPN worth it?

Accelerated Site-to-Site VPN sends each tunnel through AWS Global Accelerator: traffic enters AWS at the edge
location nearest the site and rides the AWS backbone to the Region, instead of crossing the public internet all
the way. It costs two accelerators per connection, the DT-Premium for the site's edge group, and a transit gateway
(acceleration is not available on a virtual private gateway). What does that buy, site by site?

**The latency figures here are a model, not a measurement**: great-circle distances, the speed of light in fibre,
route-inflation factors and fixed overheads, all listed below and adjustable. Calibrate them with a few RTTs you
measured before you rely on them."""),
    code("""
import pandas as pd
from vpncost.model import latency
from vpncost.present import plots
from vpncost.present import views
from vpncost.model.acceleration import tradeoff
from vpncost.reference.locations import edge_locations
from vpncost.reference.regions import region

pd.Series(latency.DEFAULT.as_dict(), name="model constant").to_frame()"""),
    md("""
## Fourteen offices reaching `us-east-1`
Each office sends 1,000 GB a month from AWS and 500 GB to it; without acceleration it would use a VPN on a
virtual private gateway. The verdict rule is printed under the table: it values 1 ms of round trip at $10 a month
and ignores savings under 10 ms."""),
    code("""
sites = pd.read_csv("../data/sites_world.csv")
table = tradeoff(sites, "us-east-1", egress_gb=1000, ingress_gb=500, baseline_gateway="vgw",
                 value_of_ms_usd_per_month=10, min_saving_ms=10)
print(table.attrs["rule"])
table[["site", "edge", "edge_group", "rtt_standard_ms", "rtt_accelerated_ms", "saved_ms", "extra_usd_per_month",
       "usd_per_ms_saved", "verdict"]].round(1)"""),
    md("""
Offices close to the Region save nothing (the extra hop at the edge even costs a millisecond in the model); far
offices save tens of milliseconds. Offices whose edge group has no DT-Premium rate in the snapshot from North
America (South America, Middle East, India, Korea) get no verdict rather than a guessed price: add the rate with
an override file to include them."""),
    code("""
fig = plots.latency_chart(table)"""),
    code("""
fig = plots.premium_chart(table, value_of_ms_usd_per_month=10)"""),
    md("Points below the dashed line are worth accelerating under the $10-per-ms rule."),
    code("""
r = region("us-east-1")
fig = plots.path_map_chart(views.path_segments(table, "us-east-1"), table, (r["longitude"], r["latitude"]), edge_locations())"""),
    md("""
## Calibrate with your own measurements
Measure RTT over a standard tunnel and an accelerated tunnel from a few sites (e.g. `ping` to an instance in the
Region), put the distances `latency.paths` reports beside them, and fit. Here the "measurements" are synthetic,
generated with known factors, to show that the fit recovers them."""),
    code("""
truth = latency.LatencyParams(internet_route_factor=1.8, backbone_route_factor=1.2, internet_overhead_ms=8.0,
                              accelerated_overhead_ms=5.0)
measured = []
for path, col in (("internet", "rtt_internet_ms"), ("accelerated", "rtt_accelerated_ms")):
    p = latency.paths(table["latitude"], table["longitude"], "us-east-1", truth)
    measured.append(p.assign(path=path, rtt_ms=p[col].round(1)))
fitted, report = latency.calibrate(pd.concat(measured, ignore_index=True))
pd.DataFrame({"true": pd.Series(truth.as_dict()), "fitted": pd.Series(fitted.as_dict())}).round(3)"""),
    md("""
## Try a site
Pick the site's city, the Region, the traffic, the dominant direction (DT-Premium is billed on it) and what a
millisecond is worth: the verdict, the latency bars, the premium chart and the map move in place."""),
    code("""
from vpncost.present.widgets import acceleration_panel
acceleration_panel(sites, region="us-east-1", city="Tokyo")""", volatile=True),
]


NOTEBOOKS["03_failover_scenarios"] = [
    md("""
# What happens when something fails?

An Ashburn data centre reaches `us-east-1` over Direct Connect; an hour of outage costs the business $20,000.
Which design is worth its price once failures are counted: a VPN alone, one DX, DX with a VPN backup, or two or
four DX connections at one or two locations? Route selection follows AWS's documented order for virtual private
gateways, transit gateways and Direct Connect; failure rates are **assumptions** (no authoritative figures exist)
and are listed below so you can change them."""),
    code("""
import pandas as pd
from vpncost.scenario import load_scenario
from vpncost.failover import availability
from vpncost.failover import designs
from vpncost.failover import failures
from vpncost.present import plots
from vpncost.failover import routing

scenario = load_scenario("../data/scenarios/resilient_dc.yaml")
pd.Series(scenario.failover.params().as_dict(), name="assumed rate [/yr] or duration [h]").to_frame()"""),
    md("""
## A pitfall first: a static VPN backup on a transit gateway
The scenario's first option backs up DX with a *static* VPN on the transit gateway. A transit gateway ranks any
static route above routes propagated from the Direct Connect gateway, so the VPN carries the traffic while DX is
healthy: 1.25 Gbps through one tunnel for a 1.5 Gbps peak."""),
    code("""
static = designs.topology_for_option(scenario.options[0])
print("\\n".join(routing.pitfalls(static)))
routing.route_table(static)"""),
    code("""
bgp = designs.topology_for_option(scenario.options[1])
pd.concat({"all up": routing.route_table(bgp),
           "DX location EqDC2 down": routing.route_table(bgp, {"location:EqDC2"}),
           "and backup1 tunnel 1": routing.route_table(bgp, {"location:EqDC2", "tunnel:backup1:1"})})"""),
    md("With BGP on the VPN, Direct Connect wins while it is up; when it fails, the transit gateway spreads the traffic over every tunnel still up (ECMP)."),
    md("""
## Every design side by side
The table `vpncost failover` prints and the report shows, from the same call. Availability and downtime are
exact (every combination of failures enumerated) and count the seconds BGP or dead peer detection needs to
notice a failure; the simulated mean, its 95 % interval and the p95/p99 years come from 2,000 seeded years per
design (the scenario's `failover.years` and `seed`). `designs.FIGURES` defines every column."""),
    code("""
from vpncost.present.text import failover_legend, failover_view

table = designs.scenario_designs(scenario)
print("\\n".join(failover_legend(table)))
failover_view(table).set_index("design")"""),
    code("""
fig = plots.frontier_chart(table, highlight="DX + VPN backup")"""),
    md("""
A single DX is *less* available than a VPN in this model (one circuit, one device, one location, planned
maintenance), and far less than DX with a VPN backup, which costs little more. Two locations buy more than a
second connection at the same location. The static-backup design is grey: its VPN carries all the traffic, more
than one static tunnel can. Once the outage cost is counted (the diamonds), the cheap backed-up designs win; the
four-connection design pays only when an hour of outage costs much more."""),
    md("## The spread of downtime: DX + VPN backup, the same simulated years as the table"),
    code("""
options, labels, _ = designs.scenario_options(scenario)
top = designs.option_topologies(scenario, options, labels)["DX + VPN backup"]
row = table.set_index("design").loc["DX + VPN backup"]
sim = designs.simulation(top, scenario.failover.params(), int(row["simulated_years"]), int(row["seed"]),
                         table.attrs["charges"]["DX + VPN backup"])
row[[c for c in table.columns if c.startswith("sim_")] + ["simulated_years"]].to_frame("DX + VPN backup")"""),
    code("""
fig = plots.downtime_histogram(sim, title="DX + VPN backup: downtime per simulated year")"""),
    code("""
tl = availability.timeline(top, scenario.failover.params(), year_seed=7)
fig = plots.timeline_chart(tl, title="DX + VPN backup: one simulated year", peak_mbps=scenario.traffic.peak_mbps)"""),
    md("""
## Try it
Pick a design and change repair times (a slider applies when released): every chart and the line above them
move. Type an outage cost per hour (Enter applies it): the risk-adjusted diamonds and the frontier's title move.
Type a peak: designs that cannot carry it turn grey (and leave the frontier), the timeline's yellow periods
(up, but below the peak) and its title move, and a red line says when no design can carry it. Pick an element
under "fail" to see the route table before and after it fails. The figures are the table's above."""),
    code("""
from vpncost.present.widgets import failover_panel
failover_panel(scenario)""", volatile=True),
]


NOTEBOOKS["04_spend_review"] = [
    md("""
# What are we actually spending?

Finance reviews start from the bill. This notebook reads a Cost and Usage Report, keeps the hybrid-connectivity
lines (VPN, transit gateway, Direct Connect, Global Accelerator, internet egress) and sets them against what the
cost model says the estate should cost. It runs offline on the sample CUR in `data/sample_cur` (made by
`python -m vpncost.spend.sample_cur data/sample_cur`: two made-up accounts, three months, among unrelated services;
its connectivity resources carry a `team` cost-allocation tag).
With your own data, point `read_cur` at your CUR export (legacy CSV/Parquet or CUR 2.0 Parquet), or use
`vpncost spend --athena-table ...` / `--cost-explorer`."""),
    code("""
import pandas as pd
from vpncost.spend.readers import cur
from vpncost.spend import estate
from vpncost.present import plots
from vpncost.spend import reconcile

spend = cur.read_cur("../data/sample_cur/cur2")
print(f"{spend['line_items'].sum():,} connectivity line items, ${spend['cost_usd'].sum():,.2f}")
cur.monthly_by_component(spend).round(2)"""),
    code("""
fig = plots.spend_chart(cur.monthly_by_component(spend))"""),
    md("## Who and where"),
    code("""
spend.pivot_table(index="account_id", columns="region", values="cost_usd", aggfunc="sum", fill_value=0).round(2)"""),
    md("""
Global Accelerator is a global service, so its lines carry no Region. NAT gateways, endpoints, inter-AZ and
inter-Region transfer, CloudFront and tax never count as hybrid connectivity.

## Model against bill
`data/estates/sample_estate.yaml` describes what runs: two VPN connections on a transit gateway and a 1 Gbps
Direct Connect port in `us-east-1`, an accelerated VPN in `eu-central-1`. Priced for October's 744 hours:"""),
    code("""
sample_estate = estate.load("../data/estates/sample_estate.yaml")
variance = reconcile.reconcile(spend, sample_estate, "2026-10")
variance.round(2)"""),
    code("""
fig = plots.variance_chart(variance)"""),
    md("""
Most components agree within a few percent. VPN hours are under the model because one connection was deleted
on the 20th; internet egress is over because other instances in the account send traffic to the internet too,
under the same usage type. Both are what a reviewer would look for next.

## Who pays: chargeback
The transit gateway, the Direct Connect port and the VPNs are paid by two accounts and used by several teams.
`data/shares/sample_shares.csv` says who uses what (a share per consumer, narrowed by payer or component; the most
specific row wins). Each month's bill is split in whole cents and adds up to the bill; with a CUR whose resources
carry a cost-allocation tag, `allocate_by_tag` follows the tag instead (`vpncost spend --allocate by-tag team`)."""),
    code("""
from vpncost.spend import allocate
shares = allocate.read_shares("../data/shares/sample_shares.csv", "table")
allocation = allocate.allocate(spend, shares, "table")
chargeback = allocate.by_consumer(allocation)
chargeback.assign(total=chargeback.sum(axis=1))"""),
    code("""
fig = plots.allocation_chart(allocation)"""),
    md("""
The sample CUR's connectivity resources also carry a `team` cost-allocation tag (some are untagged, as in life):
split by the tag, each team pays for exactly the lines of its resources and the untagged rest stays with the
paying account."""),
    code("""
by_tag = allocate.allocate_by_tag(cur.read_cur("../data/sample_cur/cur2", tag="team"), "team")
allocate.by_consumer(by_tag)"""),
    md("""
Who AWS itself bills for the transit gateway's data processing depends on where the bytes enter it: by default the
sending attachment's owner pays. A metering policy (Transit Gateway Flexible Cost Allocation) can meter traffic to
the destination attachment's owner or the transit gateway's owner instead. `data/shares/sample_flows.csv` has a
month of bytes per attachment pair (as transit gateway flow logs sum them) and
`data/shares/sample_metering_policy.json` a policy that meters traffic from the Direct Connect gateway and the VPN
to the VPC that receives it (`vpncost spend --allocate by-flow FILE --metering-policy FILE`). The payer account's
processing line is split both ways:"""),
    code("""
from vpncost.spend.readers import metering
flows = metering.read_flows("../data/shares/sample_flows.csv")
policy = metering.read_policy_entries("../data/shares/sample_metering_policy.json")
processing = spend[spend["component"] == "tgw_data_processing"]
pd.concat({"sender pays (no policy)": allocate.by_consumer(allocate.allocate(
               processing, allocate.shares_from_flows(flows, []), "metered traffic")),
           "with the metering policy": allocate.by_consumer(allocate.allocate(
               processing, allocate.shares_from_flows(flows, policy), "metered traffic"))}, axis=1)"""),
    md("""
## Idle and waste
`vpncost spend --idle --inventory REGION [--sites FILE]` reads the account's connections and a month of CloudWatch
traffic (read-only). `data/sample_inventory/` holds the same tables as files, with six wasteful resources planted
among active ones: each finding comes with its evidence and what removing (or resizing) it saves a month, priced by
the model as the estate is."""),
    code("""
from vpncost.spend.readers.sites import read_sites
from vpncost.spend.waste import idle_findings
sample = "../data/sample_inventory/"
inventory = {k: pd.read_csv(sample + k + ".csv") for k in ("vpn", "dx", "tgw_attachments")}
idle = idle_findings(inventory, pd.read_csv(sample + "traffic.csv"), "us-east-1",
                     attachment_traffic=pd.read_csv(sample + "attachment_traffic.csv"),
                     sites=read_sites(sample + "sites.csv", 10.0))
idle[["resource_id", "rule", "evidence", "monthly_saving_usd"]]"""),
    md("""
## Next months
Two forecasts, kept apart: the bill's own trend (least squares on three months, 80 % prediction interval; no
seasonality with so little history) and the cost model of the estate with its traffic growth (band: growth
-/+ 5 points a year)."""),
    code("""
from vpncost.spend import forecast
totals = spend.assign(component="total")
trend = forecast.from_history(totals, months_ahead=6)
model = forecast.from_model(sample_estate, forecast.next_months(spend["month"].max(), 1)[0], months_ahead=6)
model_total = model.groupby("month", as_index=False)[["cost_usd", "low_usd", "high_usd"]].sum()
pd.concat({"bill trend": trend.set_index("month")[["cost_usd", "low_usd", "high_usd"]],
           "model with growth": model_total.set_index("month")}, axis=1).round(2)"""),
    code("""
fig = plots.forecast_chart(spend.groupby("month")["cost_usd"].sum(),
                           {"bill trend (80 % interval)": trend, "model with growth": model_total})"""),
    md("""
The model sits below the bill's trend by the net of the variances above (internet egress the model does not
count, less the VPN connection deleted in October): the gap is a finding, not an error. The trend's band widens
fast because three months are little history."""),
]


NOTEBOOKS["05_new_options"] = [
    md("""
# What AWS changed in 2025-26: flat-rate Direct Connect and the VPN Concentrator

Two new ways to pay for the same connectivity. **Flat-rate Direct Connect** (announced September 2026) bills a 10G
or 100G port pair per hour with data out from the tier's Regions included; **the Site-to-Site VPN Concentrator**
(November 2025) puts up to 100 small sites on one transit gateway attachment. When does each beat the usual
way? Prices: flat rate and Concentrator are single-source figures (see `vpncost prices show --service dx`)."""),
    code("""
import numpy as np
from vpncost.scenario import load_scenario
from vpncost.model import compare
from vpncost.model.estimate import build, summary
from vpncost.present import plots

dc = load_scenario("../data/scenarios/flat_rate_dc.yaml")
model = build(dc)
summary(model)[["option", "kind", "monthly_usd", "capacity_mbps", "feasible", "assumed_prices"]]"""),
    md("## Flat rate against pay-as-you-go, across traffic"),
    code("""
pair = ["DX 2x10G pay-as-you-go", "DX 10G flat rate (Tier 1 pair)"]
be = compare.break_even(model, *pair)
curve = compare.cost_curve(model, "egress_gb", x=np.linspace(0, 400_000, 201))
fig = plots.cost_curve_chart(curve[curve["option"].isin(pair)], be.assign(option_a=pair[0], option_b=pair[1]))
be.round(1)"""),
    md("""
Both pay the same transit gateway charges; pay-as-you-go adds $0.02 per GB out of `us-east-1`, the flat rate a
fixed $10.96 an hour for the pair. Above the break-even the flat rate wins, and the gap grows with every GB."""),
    md("## A VPN Concentrator against one VPN connection per site"),
    code("""
branches = load_scenario("../data/scenarios/concentrator_branches.yaml")
be_sites = compare.break_even_sites(branches, "One VPN per branch on TGW", "VPN Concentrator")
by_sites = compare.cost_by_sites(branches, range(1, 101))
fig = plots.sites_chart(by_sites[by_sites["option"] != "One VPN per branch on Cloud WAN"], be_sites)
{k: round(v, 2) if isinstance(v, float) else v for k, v in be_sites.items()}"""),
    md("""
Each site costs $0.10 an hour on its own connection and transit gateway attachment, $0.01 on a Concentrator,
which itself costs $1.95 an hour plus one attachment: from 23 sites on, the Concentrator is cheaper. Its limits
(100 sites, 100 Mbps per site, 5 Gbps shared, BGP only) are checked like any other capacity rule."""),
    code("""
compare.new_option_break_evens(branches)"""),
]


NOTEBOOKS["06_network"] = [
    md("""
# A network: many sites, three Regions, two accounts, shared Direct Connect

Two data centres and 75 branches on three continents reach VPCs in three Regions; the Regions are joined by
transit gateway peering, and two Direct Connect locations serve them all (`data/networks/global_estate.yaml`).
Every shared resource is billed once, every hop as AWS bills it; who pays what, and what does each site cost
to connect?"""),
    code("""
from vpncost.network import load_network
from vpncost.model import network
from vpncost.present import plots, views

estate = load_network("../data/networks/global_estate.yaml")
model = network.build(estate)
s = network.summary(model)
{k: s[k] for k in ("total_usd", "feasible", "reasons", "notes")}"""),
    md("## Where the sites, locations and Regions are, and how traffic flows"),
    code("""
points, links = views.network_map(model)
fig = plots.network_map_chart(points, links)
model.paths"""),
    md("## The bill by account and by Region"),
    code("""
fig = plots.network_bill_chart(model.totals_by("account"), "account")
fig = plots.network_bill_chart(model.totals_by("region"), "region")
model.totals_by("resource")"""),
    md("""
The network account pays the ports, the transit gateways and the branches' VPNs; the applications account pays
its VPC attachments and the processing of data its VPCs send. The customer's own circuits are beside them."""),
    md("## Each site's cost to connect"),
    code("""
sites = model.cost_to_connect("traffic")
sites.round(2)"""),
    md("""
Each site carries its own lines and its part of every shared resource it uses, split by the GB it sends and
receives through it; the parts add up to the total to the cent. A shared cost no site's traffic uses
(VPC-to-VPC traffic, an idle peering) stays unallocated."""),
    md("## Design alternatives"),
    code("""
designs, by_site = network.compare_designs(estate)
designs[["design", "monthly_usd", "change_usd", "feasible", "changes"]].round(2)"""),
    code("""
by_site.round(2)"""),
    md("""
Associating the Singapore Direct Connect gateway with us-east-1 too moves the Singapore DC's US traffic off the
peering; accelerating the European branches adds Global Accelerator's fixed fee and premium for their 40 sites."""),
    md("""
## Starting from a Terraform plan

The same model reads infrastructure code: the JSON of `terraform show -json` (or a CloudFormation template) and a
usage file for the traffic code does not carry. The plan below replaces a branch VPN with an accelerated one and
adds a second branch, a data centre on a LAG with a 5 Gbps-tunnel VPN backup, and a peering to eu-west-1."""),
    code("""
from vpncost import examples
from vpncost.iac.estimate import estimate, load

plan = estimate(load(examples.path("hybrid_plan")), examples.path("hybrid_usage"))
plan.totals()"""),
    code("""
plan.diff().round(2)"""),
    code("""
plan.coverage()[["address", "status", "detail"]]"""),
    md("""
Every resource of the plan is listed as priced, free or not modelled; `vpncost estimate plan.json --markdown`
prints the same as a pull-request comment, and `vpncost compare plan.json` prices the alternatives."""),
]

NOTEBOOKS["07_optimize"] = [
    md("""
# The cheapest network that meets the targets

Two data centres, four offices and 60 branches connect by VPN today (`data/networks/optimize_estate.yaml`). Its
`optimize:` section says what each site needs: 99.5 % availability for every site, 99.99 % and a round trip under
20 ms for the data centres, an hour of the Ashburn DC down costs $20,000. Which site should use what, and what
does it save? `vpncost optimize optimize_estate` answers the same; this notebook shows it."""),
    code("""
from vpncost.network import load_network
from vpncost.optimize import Optimizer, Settings
from vpncost.present import plots, views
from vpncost.present.optimize import shared_view, sites_view

estate = load_network("../data/networks/optimize_estate.yaml")
opt = Optimizer(estate)          # every candidate of every site priced once, by the network engine
plan = opt.solve()
{"monthly_usd": round(plan.total_usd, 2), "as_written_usd": round(plan.as_is_usd, 2),
 "expected_outage_usd": round(plan.outage_usd, 2), "status": plan.status, "notes": plan.notes}"""),
    md("""
## Each site's choice, and why

The runner-up is the cheapest other design the site may have, the rest as chosen; the target that binds is the
cheaper design a target rules out."""),
    code("""
sites_view(plan)"""),
    code("""
shared_view(plan)"""),
    md("## The chosen design on a map"),
    code("""
points, links = views.network_map(plan.model)
fig = plots.network_map_chart(points, links)"""),
    md("""
## What availability costs

The optimum re-solved with every site's availability target at each value (the file's per-site targets replaced);
the dashed line is the design above, with the file's targets."""),
    code("""
front = opt.frontier([99.0, 99.5, 99.9, 99.95])
fig = plots.optimize_frontier_chart(front, chosen=plan.total_usd)
front[["availability_pct", "monthly_usd", "lowest_site_pct"]].round({"monthly_usd": 2, "lowest_site_pct": 4})"""),
    md("""
Branch entries of 40 and 20 like sites are offered VPNs and a Concentrator seat only, and two VPNs give
99.91 %: above that, the targets are out of reach for them, which the frontier says instead of inventing a design.

## Try other targets

Each change is one solve (the candidates stay priced); "file" keeps what the network file says."""),
    code("""
from vpncost.present.optimize_panel import optimize_panel
optimize_panel(opt)""", volatile=True),
    md("""
`vpncost optimize optimize_estate -o design.yaml` writes the chosen design as a network file, which `estimate`,
`compare`, `report` and `spend --model` read."""),
]

NOTEBOOKS["report"] = [
    code("""
# Parameters (papermill replaces these): the scenario, an optional CUR, the title, the currency, the years and a
# cost-allocation tag to split the bill by.
scenario_path = "../data/scenarios/frankfurt_dc.yaml"
cur_path = ""
title = ""
currency = "USD"
years = 0
chargeback_tag = ''""", tags=["parameters"]),
    code("""
%matplotlib inline
import html
from IPython.display import HTML, display
from vpncost.present import report

report.show_full_tables()
ctx = report.context(scenario_path, cur_path or None, title or None, currency, years or None,
                     chargeback_tag=chargeback_tag or None)
HTML(f"<h1>{html.escape(ctx.title)}</h1>")"""),
    md("## Summary"),
    code("""
HTML(report.summary_html(ctx))"""),
    md("""
## Cost per option
Monthly and yearly at today's traffic; the multi-year total includes traffic growth and one-time costs.
† marks an option or line that uses an *assumed* price (a documented rule where no price was sourced; see
Assumptions)."""),
    code("""
report.cost_table(ctx)"""),
    md("""
## Break-even
Cost of each option as egress grows (other inputs as in the scenario); dots mark where two options cost the same."""),
    code("""
fig = report.break_even_chart(ctx)
note = report.break_even_note(ctx)
HTML(f"<p>{html.escape(note)}</p>") if note else report.break_even_table(ctx)"""),
    md("## Total cost of ownership"),
    code("""
fig = report.tco_chart(ctx)
report.tco_table(ctx)"""),
    code("""
if ctx.new_options is not None:
    display(HTML("<h2>Flat rate and VPN Concentrator: where they start to win</h2><p>Flat-rate Direct Connect "
                 "against the same ports pay-as-you-go (data out from the tier's Regions included); a VPN "
                 "Concentrator against one VPN connection per site on a transit gateway.</p>"))
    display(report.new_options_table(ctx))"""),
    code("""
if ctx.acceleration is not None:
    display(HTML("<h2>Accelerated VPN: is it worth it?</h2><p>" + html.escape(ctx.acceleration.attrs["rule"]) +
                 ". Latency is modelled, not measured.</p>"))
    display(report.acceleration_table(ctx))"""),
    code("""
if ctx.failover is not None:
    display(HTML("<h2>Failover and availability</h2><p>The table <code>vpncost failover</code> prints, for the same "
                 "designs, years and seed. Failure rates are assumptions; * marks a reference design.</p><ul>" +
                 "".join(f"<li>{html.escape(line)}</li>" for line in report.failover_legend(ctx)) + "</ul>"))
    downtime, cost = report.failover_tables(ctx)
    display(downtime, cost)
    fig = report.failover_chart(ctx)
    found = report.pitfalls(ctx)
    display(HTML("<h3>Pitfalls</h3>" + ("<ul>" + "".join(f"<li>{html.escape(p)}</li>" for p in found) + "</ul>"
                                        if found else "<p>None found in the scenario's options.</p>")))"""),
    code("""
if ctx.spend is not None:
    display(HTML("<h2>Actual spend</h2><p>From the Cost and Usage Report, connectivity lines only. "
                 + html.escape(report.spend_note(ctx)) + "</p>"))
    display(report.spend_table(ctx))
    fig = report.spend_chart(ctx)"""),
    code("""
if ctx.chargeback is not None:
    display(HTML("<h3>Who pays</h3><p>Each month's bill split by the cost-allocation tag the report was asked for, "
                 "to the cent; untagged lines stay with the account that pays them. "
                 "<code>vpncost spend --allocate</code> splits it by traffic, a shares table or evenly too.</p>"))
    display(report.chargeback_table(ctx))
    fig = report.chargeback_chart(ctx)"""),
    code("""
if report.forecast_frame(ctx) is not None:
    display(HTML("<h3>Next months</h3><p>The bill's own trend: least squares over the months above, with its 80 % "
                 "prediction interval (the season is fitted too from two years of history, which a CUR rarely keeps). "
                 "<code>vpncost spend --forecast</code> gives it per component, and from the model.</p>"))
    display(report.forecast_table(ctx))
    fig = report.forecast_chart(ctx)"""),
    md("## Assumptions"),
    code("""
report.assumptions_table(ctx)"""),
    code("""
report.assumed_prices_table(ctx)"""),
    md("## Every priced line"),
    code("""
report.breakdown_table(ctx)"""),
]

NOTEBOOKS["network_report"] = [
    code("""
# Parameters (papermill replaces these): the network, an optional CUR, the title, the currency, how shared costs
# are split into each site's cost to connect, and a cost-allocation tag to split the bill by.
network_path = "../data/networks/global_estate.yaml"
cur_path = ""
title = ""
currency = "USD"
rule = "traffic"
chargeback_tag = ''""", tags=["parameters"]),
    code("""
%matplotlib inline
import html
from IPython.display import HTML, display
from vpncost.present import network_report as nr, report

report.show_full_tables()
ctx = nr.context(network_path, cur_path or None, title or None, currency, rule, chargeback_tag=chargeback_tag or None)
HTML(f"<h1>{html.escape(ctx.title)}</h1>")"""),
    md("## Summary"),
    code("""
HTML(nr.summary_html(ctx))"""),
    md("""
## Sites, locations and Regions
Each site's path to each Region it exchanges traffic with: the connection it takes (VPN dotted, Direct Connect
solid), where it enters AWS, and the peering (dashed) or Cloud WAN that carries it on to another Region."""),
    code("""
fig = nr.map_chart(ctx)
nr.paths_table(ctx)"""),
    md("""
## The bill by account and by Region
Who pays: the owner of each resource (the attachment owner for attachments and processing, the sender's account
for data out). Volume tiers are applied once per payer, never once per site."""),
    code("""
fig = nr.bill_chart(ctx, "account")
nr.bill_table(ctx, "account")"""),
    code("""
fig = nr.bill_chart(ctx, "region")
nr.bill_table(ctx, "region")"""),
    code("""
nr.bill_table(ctx, "resource")"""),
    md("""
## Each site's cost to connect
A site's own lines plus its part of every shared resource it uses (ports, gateways, peerings); the parts are whole
cents and add up to the network total. A shared cost no site's traffic uses stays unallocated."""),
    code("""
display(HTML(f"<p>Shared costs split {html.escape(nr.RULE_TEXT[ctx.rule])}.</p>"))
nr.sites_table(ctx)"""),
    code("""
if ctx.designs is not None:
    display(HTML("<h2>Designs</h2><p>The network's named alternatives, each priced whole: its monthly cost, the "
                 "change against the network as it is, and each site's cost to connect under it.</p>"))
    display(nr.designs_table(ctx), nr.design_sites_table(ctx))"""),
    code("""
if ctx.optimization is not None:
    display(HTML("<h2>The cheapest design meeting the targets</h2><p>" + html.escape(nr.optimization_text(ctx))
                 + "</p>"))
    if not isinstance(ctx.optimization, str):
        display(nr.optimization_sites_table(ctx))"""),
    md("""
## Capacity
What each connection, port and Concentrator must carry at peak (the site's peak, or its average times its
peak-to-average ratio) against what it can."""),
    code("""
nr.checks_table(ctx)"""),
    code("""
if ctx.spend is not None:
    display(HTML("<h2>Actual spend</h2><p>From the Cost and Usage Report, connectivity lines only. "
                 + html.escape(nr.spend_note(ctx)) + "</p>"))
    display(report.spend_table(ctx))
    fig = report.spend_chart(ctx)
    if ctx.reconciliation is not None:
        display(HTML("<h3>Billed against the network</h3><p>The latest month, component by component "
                     "(<code>vpncost spend --model NETWORK</code>).</p>"))
        display(nr.reconciliation_table(ctx))"""),
    code("""
if ctx.chargeback is not None:
    display(HTML("<h3>Who pays</h3><p>Each month's bill split by the cost-allocation tag the report was asked for, "
                 "to the cent; untagged lines stay with the account that pays them.</p>"))
    display(report.chargeback_table(ctx))
    fig = report.chargeback_chart(ctx)"""),
    md("## Assumptions"),
    code("""
nr.assumptions_table(ctx)"""),
    code("""
report.assumed_prices_table(ctx)"""),
    md("## Every priced line"),
    code("""
nr.breakdown_table(ctx)"""),
]


def build(name, cells):
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    with private_workdir("vpncost-nb-") as tmp:  # kernel over IPC sockets: private, no TCP warning
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(tmp) / "kernel"))
        try:
            NotebookClient(nb, km=km, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(folder(name))}}).execute()
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    nbformat.write(nb, folder(name) / f"{name}.ipynb")
    print("wrote", folder(name) / f"{name}.ipynb")


if __name__ == "__main__":
    for name in sys.argv[1:] or NOTEBOOKS:
        build(name, NOTEBOOKS[name])
