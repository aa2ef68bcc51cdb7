"""`vpncost report NETWORK`: the network report (HTML and CSV) shows the numbers `vpncost estimate NETWORK --json`
prints, from the same compiled network; bad flags are one line."""
import contextlib
import io
import json
import re

import pandas as pd
import pytest
from conftest import ROOT

from vpncost.cli import main

NETWORK = ROOT / "data/networks/global_estate.yaml"
CUR = ROOT / "data/sample_cur/cur2"


@pytest.fixture(scope="module")
def estimate_json():
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["estimate", str(NETWORK), "--json"]) == 0
    return json.loads(buf.getvalue())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("nr") / "network.html"
    assert main(["report", str(NETWORK), "-o", str(out), "--cur", str(CUR), "--chargeback-tag", "team"]) == 0
    return out


def money(x):
    return f"${x:,.2f}"


def test_html_has_every_section_and_the_estimates_numbers(rendered, estimate_json):
    text = rendered.read_text()
    for words in ("Global estate", "Summary", "Sites, locations and Regions", "The bill by account and by Region",
                  "Each site&#x27;s cost to connect", "Designs", "Capacity", "Actual spend", "Billed against the network",
                  "Who pays", "Assumptions", "Every priced line", "prices as of"):
        assert words in text or words.replace("&#x27;", "'") in text, words
    assert money(estimate_json["monthly_usd"]) in text
    for row in estimate_json["by_account"] + estimate_json["by_region"]:
        assert money(row["monthly_usd"]) in text
    for row in estimate_json["sites"]:
        assert money(row["total_usd"]) in text
    assert "import html" not in text and "nr.context(" not in text   # no code cells
    assert text.count('src="data:image/png;base64,') >= 4            # map, two bills, the spend
    assert "<script" not in text and 'src="http' not in text


def test_csv_tables_add_up_to_the_total(tmp_path, estimate_json):
    out = tmp_path / "net.csv"
    assert main(["report", str(NETWORK), "-o", str(out), "--format", "csv", "--split", "even"]) == 0
    lines = pd.read_csv(out)
    sites = pd.read_csv(tmp_path / "net-sites.csv")
    designs = pd.read_csv(tmp_path / "net-designs.csv")
    total = estimate_json["total_usd"]
    assert lines["cost_usd"].sum() == pytest.approx(total, abs=0.005)
    assert round(sites["total_usd"].sum(), 2) == pytest.approx(round(total, 2), abs=1e-9)   # to the cent
    assert designs.loc[designs["design"] == "as is", "total_usd"].iloc[0] == pytest.approx(total, abs=0.005)
    for level in ("account", "region", "resource"):
        t = pd.read_csv(tmp_path / f"net-by-{level}.csv")
        assert t["total_usd"].sum() == pytest.approx(total, abs=0.005)
    assert not (tmp_path / "net-spend.csv").exists()   # no CUR asked for


def test_a_design_cheaper_than_as_is_is_named(estimate_json):
    from vpncost.present import network_report as nr
    ctx = nr.context(NETWORK)
    d = ctx.designs[ctx.designs["feasible"]].sort_values("total_usd")
    words = " ".join(nr.recommendation(ctx))
    if d.iloc[0]["design"] == "as is":
        assert "as it is is the cheapest" in words
    else:
        assert f"design {d.iloc[0]['design']!r} is the cheapest" in words
    assert words.startswith(money(estimate_json["monthly_usd"]))


def test_names_are_escaped(tmp_path):
    from vpncost.network import from_dict
    from vpncost.present import network_report as nr
    net = from_dict({"name": "<script>alert(1)</script>", "kind": "network",
                     "regions": {"us-east-1": {"transit_gateway": {}}},
                     "sites": [{"name": "<b>site</b>", "connect": [{"vpn": {"gateway": "tgw", "region": "us-east-1"}}],
                                "traffic": {"us-east-1": {"egress_gb": 100}}}]})
    html = nr.summary_html(nr.context(net))
    assert "<script" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("flags, words", [(["--years", "3"], "--years"), (["--split", "bytes"], "--split"),
                                          (["--chargeback-tag", "team"], "--cur")])
def test_bad_flags_one_line_no_file(tmp_path, capsys, flags, words):
    out = tmp_path / "r.html"
    code = main(["report", str(NETWORK), "-o", str(out), *flags])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and words in err
    assert not out.exists()


def test_a_bad_network_names_the_field(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    text = NETWORK.read_text()
    bad.write_text(re.sub(r"direct_connect: DX Ashburn", "direct_connect: DX Nowhere", text, count=1))
    out = tmp_path / "r.html"
    assert main(["report", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "DX Nowhere" in err and len(err.strip().splitlines()) == 1 and not out.exists()
