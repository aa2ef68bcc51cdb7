"""The price table from AWS's pricing-page feeds: the shipped table is exactly what the importer makes of the
shipped feeds, over HTTP too; failures leave the file byte-identical; every feed price is in the catalog; no
valid design fails for lack of a price."""
import http.server
import json
import re
import threading
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

from vpncost.cli import main
from vpncost.model.estimate import build
from vpncost.pricing import pricing_pages
from vpncost.pricing.catalog import load_prices
from vpncost.reference.regions import dx_locations, regions
from vpncost.scenario import from_dict

FEEDS = ROOT / "data" / "pricing-pages"


class FeedServer:
    """AWS's URL layout (``/<feed>/USD/current/<feed>.json``) on 127.0.0.1, serving given bodies."""

    def __init__(self, bodies: dict):
        self.bodies, self.hits = bodies, []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.hits.append(self.path)
                m = re.fullmatch(r"/pricing/(\w+)/USD/current/(\w+)\.json", self.path)
                body = outer.bodies.get(m.group(1)) if m and m.group(1) == m.group(2) else None
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/pricing"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def shipped_bodies() -> dict:
    return {feed: (FEEDS / f"{feed}.json").read_bytes() for feed in pricing_pages.FEEDS}


def refresh(capsys, *args):
    code = main(["prices", "refresh", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_shipped_table_is_what_the_importer_makes_of_the_shipped_feeds(tmp_path, capsys):
    out = tmp_path / "prices.csv"
    code, stdout, _ = refresh(capsys, "--base-url", str(FEEDS), "--out", str(out))
    assert code == 0 and "rows from AWS's pricing-page feeds" in stdout
    assert out.read_bytes() == (ROOT / "data" / "prices.csv").read_bytes()


def test_refresh_over_http_from_a_local_server(tmp_path, capsys):
    out = tmp_path / "prices.csv"
    with FeedServer(shipped_bodies()) as srv:
        code, _, err = refresh(capsys, "--base-url", srv.url, "--out", str(out))
    assert code == 0, err
    assert sorted(srv.hits) == sorted(f"/pricing/{f}/USD/current/{f}.json" for f in pricing_pages.FEEDS)
    assert out.read_bytes() == (ROOT / "data" / "prices.csv").read_bytes()
    meta = json.loads(out.with_suffix(".meta.json").read_text())
    assert meta["feeds"]["vpc"] == "2025-11-19" and meta["generated_by"].endswith("pricing-pages")


@pytest.mark.parametrize("broken, needle", [
    ({"cloudwan": None}, "pricing feed cloudwan: http://127.0.0.1"),                # the server has no such feed
    ({"vpc": b'{"_meta": {"published": "2025-11-19"}, "CreateVpnConnection per Hrs": {"US East'},
     "pricing feed vpc: "),                                                          # truncated mid-way
    ({"globalaccelerator": b"<html>rate limited</html>"}, "pricing feed globalaccelerator: "),
    ({"vpc": b'{"CreateVpnConnection per Hrs": {"US East (N. Virginia)": "0.05"}}'}, "no publication date"),
])
def test_a_failing_feed_leaves_the_file_byte_identical(tmp_path, capsys, broken, needle):
    out = tmp_path / "prices.csv"
    out.write_bytes(b"the old table, untouched\n")
    bodies = {**shipped_bodies(), **broken}
    with FeedServer(bodies) as srv:
        code, _, err = refresh(capsys, "--base-url", srv.url, "--out", str(out))
    assert code == 2 and needle in err and err.count("\n") == 1 and "Traceback" not in err
    assert out.read_bytes() == b"the old table, untouched\n" and list(tmp_path.iterdir()) == [out]


def test_nothing_listening_is_one_line(tmp_path, capsys):
    out = tmp_path / "prices.csv"
    code, _, err = refresh(capsys, "--base-url", "http://127.0.0.1:9/pricing", "--out", str(out))
    assert code == 2 and "cannot read" in err and err.count("\n") == 1 and not out.exists()


def test_a_changed_price_shows_in_the_table_and_in_diff(tmp_path, capsys):
    vpc = json.loads((FEEDS / "vpc.json").read_text())
    vpc["CreateVpnConnection per Hrs"]["EU (Frankfurt)"] = "0.0550000000"
    out = tmp_path / "new.csv"
    with FeedServer({**shipped_bodies(), "vpc": json.dumps(vpc).encode()}) as srv:
        assert refresh(capsys, "--base-url", srv.url, "--out", str(out))[0] == 0
    new = load_prices(out)
    assert new.lookup("vpn", "connection_hour", "eu-central-1", variant="standard").rate == 0.055
    assert new.lookup("vpn", "connection_hour", "eu-west-1", variant="standard").rate == 0.05
    code = main(["prices", "diff", str(ROOT / "data/prices.csv"), str(out),
                 "--scenario", str(ROOT / "data/scenarios/frankfurt_dc.yaml"), "--wide"])
    text = capsys.readouterr().out
    assert code == 0 and "1 prices changed, 0 added, 0 removed" in text
    assert re.search(r"vpn\s+connection_hour\s+eu-central-1\s+\*\s+standard\s+\$0\.05\s+\$0\.055\s+\+10\.0%", text)
    # two VPN connections x 730 h x $0.005 more on the ECMP option
    assert re.search(r"VPN on TGW, 2 connections \(ECMP\)\s+\$[\d,.]+\s+\$[\d,.]+\s+\$7\.30 \(\+0\.\d%\)", text)


def test_aws_own_feed_shape_is_flattened_like_the_copies():
    raw = {"manifest": {"hawkFilePublicationDate": "2026-10-01T12:00:00Z"}, "sets": {},
           "regions": {"EU (Frankfurt)": {"CreateVpnConnection per Hrs": {"rateCode": "X.Y", "price": "0.0500000000"}},
                       "US East (N. Virginia)": {"DataTransfer External Outbound Next 10 TB New": {
                           "rateCode": "A.B", "price": "0.09", "StartingRange": "0", "EndingRange": "10240"}}}}
    flat, published = pricing_pages.flatten(raw, "vpc")
    assert published == "2026-10-01"
    assert flat == {"CreateVpnConnection per Hrs": {"EU (Frankfurt)": "0.0500000000"},
                    "DataTransfer External Outbound Next 10 TB New": {
                        "US East (N. Virginia) (StartingRange: 0, EndingRange: 10240)": "0.09"}}


# ------------------------------------------------------------------- every feed price is in the catalog
@pytest.fixture(scope="module")
def cat():
    return load_prices()


def _feed(name):
    return json.loads((FEEDS / f"{name}.json").read_text())


def _code(name):
    hit = regions()[regions()["pricelist_location"] == name]
    return None if hit.empty else hit.iloc[0]["code"]


def test_every_vpn_and_transit_gateway_price(cat):
    vpc, n = _feed("vpc"), 0
    for label, usd in vpc["CreateVpnConnection per Hrs"].items():
        if _code(label):
            assert cat.lookup("vpn", "connection_hour", _code(label), variant="standard").rate == float(usd), label
            n += 1
    for dim, variant in (("Hourly charge for Transit Gateway VPC Attachments per hour", "vpc"),
                         ("Hourly charge for Transit Gateway Site to-Site VPN attachments per hour", "vpn"),
                         ("Charge for per GB data processed by AWS Transit Gateways for VPC attachments per GigaBytes", "vpc")):
        item = "data_processing" if "GigaBytes" in dim else "attachment_hour"
        for label, usd in vpc[dim].items():
            if _code(label):
                assert cat.lookup("transit_gateway", item, _code(label), variant=variant).rate == float(usd), label
                n += 1
    assert n == 36 * 4   # 34 commercial Regions and the two GovCloud Regions
    # the facts the research settles
    assert cat.lookup("transit_gateway", "attachment_hour", "eu-central-1", variant="vpc").rate == 0.06
    assert cat.lookup("transit_gateway", "attachment_hour", "sa-east-1", variant="vpc").rate == 0.09
    assert cat.lookup("transit_gateway", "attachment_hour", "ap-southeast-1", variant="vpn").rate == 0.07
    assert cat.lookup("vpn", "connection_hour", "ap-northeast-3", variant="standard").rate == 0.048


def test_every_internet_tier_dt_premium_and_cloud_wan_price(cat):
    tiers = 0
    for dim, prices in _feed("datatransfer").items():
        for label, usd in (prices.items() if dim != "_meta" else []):
            m = re.match(r"(.+) \(StartingRange: (\d+), EndingRange: (\d+|Inf)\)$", label)
            if m and _code(m.group(1)):
                p = cat.lookup("data_transfer", "internet_out", _code(m.group(1)))
                assert p.usd[p.tier_start.index(float(m.group(2)))] == float(usd), label
                tiers += 1
    assert tiers == 36 * 4
    groups = {"United States and Canada": "NA", "Europe": "EU", "Asia Pacific": "AP", "Australia": "AU",
              "India": "IN", "South Korea": "KR", "Middle East": "ME", "South America": "SA", "ZA": "ZA"}
    cells = 0
    for dim, prices in _feed("globalaccelerator").items():
        m = re.search(r"Data Transfer from .+ to (.+)$", dim)
        for label, usd in (prices.items() if m else []):
            src = label[:2]
            assert cat.lookup("global_accelerator", "dt_premium", src, groups[m.group(1)]).rate == float(usd)
            cells += 1
    assert cells == 81 and cat.lookup("global_accelerator", "dt_premium", "EU", "AP").rate == 0.033
    edge = _feed("cloudwan")["VPC Core Network Edge hour"]
    assert all(cat.lookup("cloud_wan", "core_network_edge_hour", _code(r)).rate == float(u) for r, u in edge.items())


def test_every_direct_connect_price_the_feed_names(cat):
    loc = dx_locations()
    by_name = {n: c for c, names in zip(loc["code"], loc["pricing_names"]) for n in names.split("|") if n}
    ports = dto = 0
    for dim, prices in _feed("directconnect").items():
        if m := re.match(r"Direct Connect (HC )?(\d+[MG]) (.+)$", dim):
            if m.group(3) in by_name:
                item = "hosted_port_hour" if m.group(1) else "dedicated_port_hour"
                usd = float(next(iter(prices.values())))
                assert cat.lookup("direct_connect", item, "*", by_name[m.group(3)], m.group(2)).rate == usd, dim
                ports += 1
        elif m := re.match(r"DataTransfer (?:Inter|Intra)Region Outbound to (.+)$", dim):
            for label, usd in prices.items():
                region = _code(label.split(" (To Location")[0])
                if region and m.group(1) in by_name:
                    p = cat.lookup("direct_connect", "data_transfer_out", region, by_name[m.group(1)])
                    assert p.status == "sourced" and p.rate == float(usd), (dim, label)
                    dto += 1
    assert ports > 1000 and dto > 1500


# ------------------------------------------------------------------- no valid design fails for lack of a price
def test_every_region_location_pair_has_every_price(cat):
    loc = dx_locations()
    hosted = cat.variants("direct_connect", "hosted_port_hour")
    for row in loc.itertuples(index=False):
        for speed in str(row.speeds).split():
            cat.lookup("direct_connect", "dedicated_port_hour", "*", [row.code, row.price_zone], speed)
        for speed in hosted:
            cat.lookup("direct_connect", "hosted_port_hour", "*", [row.code, row.price_zone], speed)
        for region in regions()["code"]:
            p = cat.lookup("direct_connect", "data_transfer_out", region, row.code)
            assert p.key[2] == region and (p.status == "sourced" or len(p.note) > 20)


def test_every_location_estimates_from_its_region_hosted_and_dedicated():
    failures = []
    for row in dx_locations().itertuples(index=False):
        speed = str(row.speeds).split()[0]
        sc = from_dict({"name": "x", "region": row.region, "traffic": {"egress_gb": 1000, "ingress_gb": 100},
                        "options": [{"name": "d", "type": "direct_connect", "speed": speed, "location": row.code},
                                    {"name": "h", "type": "direct_connect", "connection": "hosted", "speed": "1G",
                                     "location": row.code, "gateway": "tgw"}]})
        try:
            assert (build(sc).totals() > 0).all()
        except Exception as exc:  # collect them all: one run names every gap
            failures.append(f"{row.code}: {exc}")
    assert not failures, failures[:5]


def test_accelerated_vpn_from_every_region_to_every_edge_group():
    from vpncost.reference.regions import not_offered
    for region in regions()["code"]:
        if not_offered(region, "global_accelerator"):   # GovCloud: refused, tests/test_partitions.py
            continue
        for group in ("NA", "EU", "AP", "AU", "KR", "IN", "SA", "ZA", "ME"):
            sc = from_dict({"name": "x", "region": region, "site": {"edge_group": group},
                            "traffic": {"egress_gb": 500, "ingress_gb": 100},
                            "options": [{"name": "a", "type": "vpn", "gateway": "tgw", "accelerated": True}]})
            b = build(sc)
            premium = next(c for c in b.options[0].components if "DT-Premium" in c.name)
            assert premium.price.rate > 0


@pytest.mark.parametrize("region, location", [("ap-southeast-1", "EqSG2"), ("ap-southeast-2", "EqSY3")])
def test_singapore_and_sydney_direct_connect(capsys, tmp_path, region, location):
    s = tmp_path / "s.yaml"
    s.write_text(f"name: x\nregion: {region}\ntraffic: {{egress_gb: 5000}}\noptions:\n"
                 f"  - {{name: d, type: direct_connect, speed: 1G, location: {location}}}\n")
    assert main(["estimate", str(s), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    comps = {c["component"]: c for c in doc["options"][0]["components"]}
    assert comps[f"DX dedicated port-hours (1G at {location})"]["rate_usd"] == 0.3
    assert comps[f"DX data transfer out ({region} to {location})"]["price_status"] == "sourced"


def test_coverage_table_and_cli(cat, capsys):
    from vpncost.pricing.views import coverage
    t = coverage(cat)
    assert len(t) == 36 * 10 and (t["expected"] == t[["sourced", "single_source", "assumed", "price_list", "override",
                                                       "missing"]].sum(axis=1)).all()
    dx = t[t["item"].str.startswith("DX data")]
    assert (dx["missing"] == 0).all() and dx["assumed"].sum() > 0
    cw = t[t["item"].str.startswith("Cloud WAN")].set_index("region")
    assert cw.loc["us-east-1", "sourced"] == 1 and cw["missing"].sum() == 36 - 31  # Cloud WAN is in 31 Regions
    assert main(["prices", "coverage"]) == 0
    out = capsys.readouterr().out
    assert "eu-central-1" in out and "sourced" in out and "missing" in out


def test_readme_acceleration_example_has_a_verdict_for_every_site(capsys):
    assert main(["acceleration", str(ROOT / "data/scenarios/small_branch.yaml"), "--sites",
                 str(ROOT / "data/sites_world.csv"), "--json"]) == 0
    sites = json.loads(capsys.readouterr().out)["sites"]
    assert len(sites) == 14 and not [s["name"] for s in sites if s["verdict"].startswith("no verdict")]


def test_prices_show_names_the_snapshot_and_prices_cloud_wan(capsys):
    assert main(["prices", "show", "--service", "cloud_wan", "--region", "eu-central-1", "--csv"]) == 0
    t = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert set(t["item"]) == {"core_network_edge_hour", "attachment_hour", "data_processing"}
    assert (t["status"] == "sourced").all()


def test_pricing_pages_readme_is_there():
    text = Path(FEEDS / "README.md").read_text()
    assert "meteredUnitMaps" in text and "vpncost prices refresh" in text


def test_refresh_refuses_an_empty_or_device_output(capsys):
    code, _, err = refresh(capsys, "--base-url", str(FEEDS), "--out", "")
    assert code == 2 and "output path is empty" in err
    shipped = (ROOT / "data" / "prices.csv").read_bytes()
    code, _, err = refresh(capsys, "--base-url", str(FEEDS), "--out", "/dev/null")
    assert code == 2 and "not a regular file" in err
    assert (ROOT / "data" / "prices.csv").read_bytes() == shipped


def test_refresh_never_overwrites_the_shipped_table_unasked(tmp_path, capsys, monkeypatch):
    before = (ROOT / "data" / "prices.csv").read_bytes()
    monkeypatch.delenv("VPNCOST_PRICES", raising=False)
    code, _, err = refresh(capsys, "--base-url", "shipped")
    assert code == 2 and "--out FILE is required" in err and len(err.strip().splitlines()) == 1
    assert (ROOT / "data" / "prices.csv").read_bytes() == before
    mine = tmp_path / "mine.csv"
    monkeypatch.setenv("VPNCOST_PRICES", str(mine))  # the user named the table: refresh writes it
    code, out, _ = refresh(capsys, "--base-url", "shipped")
    assert code == 0 and mine.read_bytes() == before
