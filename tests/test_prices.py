import math
import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

from vpncost.errors import PriceFileError, PriceNotFoundError
from vpncost.pricing.catalog import load_prices, tier_quantities, tiered_cost
from vpncost.reference.regions import region_codes


def test_snapshot_has_required_coverage(catalog):
    t = catalog.table
    assert catalog.as_of == catalog.meta["as_of"] and len(catalog.meta["sha256"]) == 64
    assert set(t["status"]) <= {"sourced", "single_source", "assumed"}
    assert (t.loc[t["status"] == "assumed", "note"].str.len() > 10).all()  # every assumed row says why
    assert (t["source"].str.len() > 5).all() and (t["as_of"].str.len() == 10).all()
    for speed in ("1G", "10G", "100G", "400G"):
        for zone in ("*", "japan"):
            assert catalog.find("direct_connect", "dedicated_port_hour", "*", zone, speed)
    assert set(catalog.variants("direct_connect", "hosted_port_hour")) >= {"50M", "500M", "1G", "10G", "25G"}
    assert len(region_codes()) == 36  # every commercial Region in AWS's feeds, and the two GovCloud Regions
    for code in region_codes():  # every shipped Region has internet DTO tiers at the AWS boundaries
        p = catalog.lookup("data_transfer", "internet_out", code)
        assert p.tier_start == (0, 10240, 51200, 153600) and math.isinf(p.tier_end[-1])
        assert p.status != "assumed"


@pytest.mark.parametrize("region, usd, status", [
    ("us-east-1", 0.05, "sourced"), ("ap-northeast-1", 0.048, "sourced"), ("ap-northeast-3", 0.048, "sourced"),
    ("eu-central-1", 0.05, "sourced")])
def test_vpn_hour_lookup(catalog, region, usd, status):
    p = catalog.lookup("vpn", "connection_hour", region, variant="standard")
    assert p.rate == usd and p.status == status and p.unit == "connection-hour"


def test_japan_ports_differ(catalog):
    assert catalog.lookup("direct_connect", "dedicated_port_hour", "*", "japan", "1G").rate == 0.285
    assert catalog.lookup("direct_connect", "dedicated_port_hour", "*", "*", "1G").rate == 0.30


def test_lookup_candidates_and_missing(catalog):
    # a location the feed does not name falls back to its price zone's port rate
    p = catalog.lookup("direct_connect", "dedicated_port_hour", "*", ["EANB1", "*"], "10G")
    assert p.key[3] == "*" and p.rate == 2.25 and not p.assumed
    p = catalog.lookup("direct_connect", "dedicated_port_hour", "*", ["EqDC2", "*"], "10G")
    assert p.key[3] == "EqDC2"
    with pytest.raises(PriceNotFoundError, match="region=moon-1"):
        catalog.lookup("direct_connect", "data_transfer_out", "moon-1", ["EqDC2"])


def test_tiered_cost_matches_hand_arithmetic():
    p = load_prices().lookup("data_transfer", "internet_out", "us-east-1")
    q = np.array([0, 100, 10240, 20000, 200000])
    expected = [0, 9.0, 921.6, 921.6 + 9760 * 0.085, 921.6 + 40960 * 0.085 + 102400 * 0.07 + 46400 * 0.05]
    assert np.allclose(tiered_cost(q, p.tier_start, p.tier_end, p.usd), expected)
    # an offset (other egress already billed this month) moves usage into later tiers
    assert tiered_cost(100, p.tier_start, p.tier_end, p.usd, offset=10200) == pytest.approx(40 * 0.09 + 60 * 0.085)
    assert sum(tier_quantities(20000, p)) == pytest.approx(20000)


def _copy_snapshot(tmp_path):
    dst = tmp_path / "prices.csv"
    shutil.copy(ROOT / "data" / "prices.csv", dst)
    return dst


@pytest.mark.parametrize("mutate, message", [
    (lambda t: t.assign(usd=t["usd"].where(t.index != 3, "abc")), "line 5, column usd: 'abc' is not a number"),
    (lambda t: t.assign(usd=t["usd"].where(t.index != 0, "-1")), "line 2, column usd"),
    (lambda t: t.assign(service=t["service"].where(t.index != 7, "vpnn")), "line 9, column service: 'vpnn' is not allowed; allowed: vpn"),
    (lambda t: t.drop(columns=["source"]), "missing column(s) source"),
    (lambda t: t.assign(as_of=t["as_of"].where(t.index != 2, "yesterday")), "line 4, column as_of"),
    (lambda t: t.assign(tier_end=t["tier_end"].where(t.index != 1, "0")), "line 3, column tier_end"),
    (lambda t: pd.concat([t, t.iloc[[0]]]), "duplicates another row"),
])
def test_malformed_price_file_is_one_clear_line(tmp_path, mutate, message):
    path = _copy_snapshot(tmp_path)
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    mutate(t).to_csv(path, index=False)
    with pytest.raises(PriceFileError) as err:
        load_prices(path)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_not_a_csv(tmp_path):
    path = tmp_path / "prices.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")
    with pytest.raises(PriceFileError):
        load_prices(path)


def test_overrides_replace_and_add(tmp_path, catalog):
    over = tmp_path / "negotiated.csv"
    over.write_text("service,item,region,variant,usd\nvpn,connection_hour,eu-central-1,standard,0.04\n"
                    "direct_connect,dedicated_port_hour,*,1G,0.25\n")
    cat = catalog.with_overrides(over)
    p = cat.lookup("vpn", "connection_hour", "eu-central-1", variant="standard")
    assert p.rate == 0.04 and p.status == "override" and p.unit == "connection-hour" and not p.assumed
    assert cat.lookup("direct_connect", "dedicated_port_hour", "*", "*", "1G").rate == 0.25
    assert cat.lookup("vpn", "connection_hour", "us-east-1", variant="standard").rate == 0.05
    bad = tmp_path / "bad.csv"
    bad.write_text("service,item,usd\nvpn,connection_hour,cheap\n")
    with pytest.raises(PriceFileError, match="bad.csv line 2, column usd"):
        catalog.with_overrides(bad)


def test_discount(catalog):
    cat = catalog.with_discount(10)
    assert cat.lookup("vpn", "connection_hour", "us-east-1", variant="standard").rate == pytest.approx(0.045)
    assert catalog.lookup("vpn", "connection_hour", "us-east-1", variant="standard").rate == 0.05
    with pytest.raises(PriceFileError, match="allowed: 0 to 100"):
        catalog.with_discount(150)


def test_tiers_that_stop_short_are_rejected_naming_file_item_and_region(tmp_path):
    """A table whose internet tiers end at 153,600 GB used to price the traffic beyond at nothing."""
    t = load_prices().table
    cut = t[~((t["item"] == "internet_out") & (t["region"] == "us-east-1") & (t["tier_start"] == 153600))]
    cut.to_csv(tmp_path / "p.csv", index=False)
    with pytest.raises(PriceFileError) as err:
        load_prices(tmp_path / "p.csv")
    text = str(err.value)
    assert "p.csv line" in text and "data_transfer/internet_out/us-east-1" in text and "must be unbounded" in text


def test_the_documented_override_forms_work(tmp_path, capsys):
    """README: a CSV with at least service,item,usd replaces matching rows; '*' (or no) Region applies everywhere,
    a specific row wins; a row matching nothing is added and named."""
    from vpncost.cli import main
    (tmp_path / "min.csv").write_text("service,item,usd\nvpn,connection_hour,0.04\n")
    cat = load_prices(overrides=tmp_path / "min.csv")
    for region in ("us-east-1", "eu-central-1", "ap-northeast-1"):
        p = cat.lookup("vpn", "connection_hour", region, variant="standard")
        assert p.rate == 0.04 and p.status == "override"
    (tmp_path / "star.csv").write_text("service,item,region,unit,usd\nvpn,connection_hour,us-east-1,connection-hour,"
                                       "0.045\nvpn,connection_hour,*,connection-hour,0.03\n")
    cat = load_prices(overrides=tmp_path / "star.csv")
    assert cat.lookup("vpn", "connection_hour", "us-east-1", variant="standard").rate == 0.045
    assert cat.lookup("vpn", "connection_hour", "eu-west-1", variant="standard").rate == 0.03
    (tmp_path / "quote.csv").write_text("service,item,variant,usd\n"
                                        "direct_connect,flat_rate_port_pair_hour,10G-tier2,9.5\n")
    sc = tmp_path / "s.yaml"
    sc.write_text("name: x\nregion: us-east-1\noptions: [{name: f, type: direct_connect, location: EqDC2, speed: 10G, "
                  "billing: flat_rate, tier: 2, included_regions: [us-east-1]}]\n")
    assert main(["estimate", str(sc), "--json", "--overrides", str(tmp_path / "quote.csv")]) == 0
    out, err = capsys.readouterr()
    assert "quote.csv line 2: direct_connect/flat_rate_port_pair_hour/*/*/10G-tier2 matched no price; added" in err
    assert '"rate_usd": 9.5' in out and '"price_status": "override"' in out
    (tmp_path / "bad.csv").write_text("service,item,usd\nvpn,no_such_item,1\n")
    with pytest.raises(PriceFileError, match="line 2: vpn/no_such_item matches no price in the table and has no unit"):
        load_prices(overrides=tmp_path / "bad.csv")
