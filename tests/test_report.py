"""`vpncost report`: papermill + nbconvert HTML, opened in headless Chromium; escaping; failures leave no file."""
import os
import shutil
import subprocess
import sys
import warnings

import pytest
from conftest import ROOT

from vpncost.cli import main
from vpncost.pricing.catalog import load_prices

SCENARIO = ROOT / "data/scenarios/resilient_dc.yaml"


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    code = main(["report", str(SCENARIO), "-o", str(out), "--cur", str(ROOT / "data/sample_cur/cur2"),
                 "--chargeback-tag", "team"])
    assert code == 0 and out.exists()
    return out


def test_report_has_every_section_and_no_code(rendered):
    text = rendered.read_text()
    for words in ("Ashburn DC resiliency", "Recommended:", "Cost per option", "Break-even", "Total cost of ownership",
                  "Failover and availability", "Actual spend", "Who pays", "Next months", "Assumptions",
                  f"prices as of {load_prices().snapshot}",
                  "\u2020", "Every priced line"):
        assert words in text, words
    assert "import html" not in text and "report.context(" not in text  # no code cells
    assert text.count('src="data:image/png;base64,') >= 4  # charts embedded
    assert "<script" not in text and 'src="http' not in text  # static, nothing fetched


def test_names_are_escaped(tmp_path, capsys):
    sc = tmp_path / "xss.yaml"
    sc.write_text("name: <script>alert(1)</script>\nregion: us-east-1\ntraffic: {egress_gb: 3000}\n"
                  "options:\n  - {name: \"<script>alert(2)</script>\", type: vpn}\n"
                  "  - {name: DX, type: direct_connect, location: EqDC2, extra_monthly_usd: {\"<b>cc</b>\": 10}}\n")
    out = tmp_path / "x.html"
    assert main(["report", str(sc), "-o", str(out)]) == 0
    html = out.read_text()
    assert "<script" not in html and "<b>cc</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_bad_scenario_one_line_and_no_file(tmp_path, capsys):
    sc = tmp_path / "bad.yaml"
    sc.write_text("name: x\nregion: moon-1\noptions: [{name: v, type: vpn}]\n")
    out = tmp_path / "r.html"
    code = main(["report", str(sc), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "region" in err
    assert not out.exists() and list(tmp_path.iterdir()) == [sc]


def test_failing_template_leaves_no_file(tmp_path, monkeypatch, capsys):
    import nbformat
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("scenario_path = ''", metadata={"tags": ["parameters"]}),
                                         nbformat.v4.new_code_cell("raise RuntimeError('boom in template')")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    tpl = tmp_path / "tpl.ipynb"
    nbformat.write(nb, tpl)
    monkeypatch.setenv("VPNCOST_REPORT_TEMPLATE", str(tpl))
    out = tmp_path / "out" / "r.html"
    code = main(["report", str(SCENARIO), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "RuntimeError: boom in template" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_chargeback_by_tag_adds_up_to_each_months_bill(tmp_path, capsys):
    import pandas as pd

    from vpncost.spend.readers.cur import read_cur

    out = tmp_path / "t.csv"
    cur = str(ROOT / "data/sample_cur/cur2")
    assert main(["report", str(SCENARIO), "-o", str(out), "--format", "csv", "--cur", cur,
                 "--chargeback-tag", "user:team"]) == 0
    split = pd.read_csv(tmp_path / "t-chargeback.csv", dtype={"payer": str})
    bill = read_cur(cur).groupby("month")["cost_usd"].sum().round(2)
    assert split.groupby("month")["cost_usd"].sum().round(2).to_dict() == bill.to_dict()
    assert any(c.startswith("untagged (") for c in split["consumer"]) and split["basis"].str.startswith("tag").any()
    assert main(["report", str(SCENARIO), "-o", str(out), "--chargeback-tag", "team"]) == 2
    assert "--chargeback-tag splits the bill: use it with --cur" in capsys.readouterr().err


def test_csv_tables(tmp_path):
    out = tmp_path / "tables.csv"
    assert main(["report", str(SCENARIO), "-o", str(out), "--format", "csv"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["tables-break-even.csv", "tables-failover.csv", "tables-summary.csv", "tables-tco.csv", "tables.csv"]
    import pandas as pd
    assert {"option", "component", "cost_usd"} <= set(pd.read_csv(out).columns)


def test_report_in_headless_chromium(rendered, tmp_path):
    browser = chromium()
    if browser is None:
        msg = ("NO BROWSER: headless Chromium is not installed and could not be installed; "
               "the report was NOT checked in a browser")
        warnings.warn(msg, stacklevel=1)
        print("\n" + "!" * 100 + "\n" + msg + "\n" + "!" * 100, file=sys.stderr)
        pytest.skip(msg)
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,2400"]
    env = {**os.environ, "HOME": str(tmp_path)}
    dom = subprocess.run([*flags, "--dump-dom", rendered.as_uri()], capture_output=True, text=True, timeout=120, env=env).stdout
    assert "<table" in dom and "Cost per option" in dom and "DX 10G + BGP VPN backup on TGW" in dom
    assert dom.count("<img") >= 4
    shot = tmp_path / "shot.png"
    subprocess.run([*flags, f"--screenshot={shot}", rendered.as_uri()], capture_output=True, timeout=120, env=env)
    from PIL import Image, ImageStat
    img = Image.open(shot).convert("L")
    assert img.size == (1280, 2400)
    stat = ImageStat.Stat(img)
    assert stat.stddev[0] > 20  # not a blank page: text, tables and charts
    dark = sum(img.histogram()[:128]) / (img.size[0] * img.size[1])
    assert dark > 0.01


def test_report_prints_one_line_and_no_kernel_warnings(tmp_path):
    """A finance user sees 'wrote ...' and nothing else: no 'running over TCP without encryption', no
    'Parent appears to have exited' from a kernel left behind."""
    out = tmp_path / "r.html"
    p = subprocess.run([sys.executable, "-m", "vpncost", "report", str(ROOT / "data/scenarios/small_branch.yaml"),
                        "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stderr.strip().splitlines() == [f"wrote {out} in {p.stderr.split(' in ')[-1].strip()}"]
    assert "WARNING" not in p.stderr and out.exists()


def test_report_never_overwrites_its_input_or_a_non_regular_file(tmp_path, capsys):
    sc = tmp_path / "s.yaml"
    sc.write_text((ROOT / "data/scenarios/small_branch.yaml").read_text())
    before = sc.read_bytes()
    assert main(["report", str(sc), "-o", str(sc), "--format", "csv"]) == 2
    assert "is an input of this command" in capsys.readouterr().err and sc.read_bytes() == before
    assert main(["report", str(sc), "-o", str(tmp_path)]) == 2  # a directory
    assert "not a regular file" in capsys.readouterr().err
    assert main(["report", str(sc), "-o", ""]) == 2
    assert "output path is empty" in capsys.readouterr().err


def test_report_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert main(["report", str(ROOT / "data/scenarios/small_branch.yaml"), "-o", str(link), "--format", "csv"]) == 0
    assert link.is_symlink() and "option" in real.read_text()


def test_csv_outputs_defuse_spreadsheet_formulas(tmp_path, capsys):
    sc = tmp_path / "s.yaml"
    sc.write_text("name: x\nregion: us-east-1\noptions:\n  - {name: \"=HYPERLINK(\\\"http://x\\\")\", type: vpn}\n"
                  "  - {name: \"@cmd\", type: vpn, extra_monthly_usd: {\"+evil\": 5, \"-2+3\": 1}}\n")
    assert main(["estimate", str(sc), "--csv"]) == 0
    out = capsys.readouterr().out
    import csv
    import io
    cells = [c for row in csv.reader(io.StringIO(out)) for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@")) or (c.startswith("-") and not c[1:2].isdigit())]
    assert "'=HYPERLINK(\"http://x\")" in cells and "'@cmd" in cells


def test_a_killed_report_leaves_a_folder_the_next_run_removes(tmp_path):
    """SIGKILL cannot be cleaned up after; the next report removes the dead run's private folder (and no other)."""
    import signal
    import time

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    cmd = [sys.executable, "-m", "vpncost", "report", str(ROOT / "data/scenarios/small_branch.yaml")]
    p = subprocess.Popen([*cmd, "-o", str(tmp_path / "a.html")], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(tmp.glob("vpncost-report-*")) and time.monotonic() < deadline and p.poll() is None:
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    left = list(tmp.glob("vpncost-report-*"))
    assert len(left) == 1 and left[0].name.startswith(f"vpncost-report-{p.pid}-")
    alive = tmp / f"vpncost-report-{os.getpid()}-keep"  # a run still going: left alone
    alive.mkdir()
    q = subprocess.run([*cmd, "-o", str(tmp_path / "b.html")], env=env, capture_output=True, text=True, timeout=300)
    assert q.returncode == 0, q.stderr
    assert sorted(tmp.glob("vpncost-report-*")) == [alive]
    assert not (tmp_path / "a.html").exists() and (tmp_path / "b.html").exists()


def test_report_tables_are_never_cut(rendered):
    text = rendered.read_text()
    assert "...</td>" not in text and "\u2026</td>" not in text


def test_charts_whatever_the_backend_and_names_as_text(tmp_path):
    """MPLBACKEND=Agg in the user's environment used to drop every chart silently; a name in $...$ made the
    report fail at draw time (mathtext) while estimate accepted it."""
    text = (ROOT / "data/scenarios/small_branch.yaml").read_text()
    assert "  - name: VPN on TGW" in text
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text.replace("  - name: VPN on TGW", "  - name: '$\\href{http://x}{x}$ 50$'"))
    out = tmp_path / "r.html"
    p = subprocess.run([sys.executable, "-m", "vpncost", "report", str(scenario), "-o", str(out)],
                       env={**os.environ, "MPLBACKEND": "Agg"}, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    html = out.read_text()
    assert html.count("<img") >= 2
    assert "$\\href{http://x}{x}$ 50$" in html and "<a href=\"http://x\"" not in html


def test_chart_draws_dollar_names_as_text():
    import io

    import matplotlib
    import pandas as pd

    matplotlib.use("Agg", force=True)
    from vpncost.present import plots

    tco = pd.DataFrame({"option": ["$\\href{a}{b}$", "plain"], "month": [12, 12], "cumulative_usd": [1.0, 2.0]})
    fig = plots.tco_chart(tco)
    fig.savefig(io.BytesIO(), format="png")
    labels = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    assert any("\\$\\href{a}{b}\\$" in t for t in labels)


def test_report_forecast_section_follows_the_bill():
    from vpncost.present import report
    from vpncost.spend.forecast import from_history
    from vpncost.spend.readers.cur import read_cur

    spend = read_cur(ROOT / "data/sample_cur/cur2")
    ctx = report.context(SCENARIO, spend=spend)
    f = report.forecast_frame(ctx)
    expect = from_history(spend.assign(component="total"), report.FORECAST_MONTHS)
    assert f["cost_usd"].tolist() == expect["cost_usd"].tolist() and len(f) == 3
    assert report.forecast_table(ctx).index.tolist() == ["2026-11", "2026-12", "2027-01"]
    short = report.context(SCENARIO, spend=spend[spend["month"] != "2026-08"])
    assert report.forecast_frame(short) is None  # two months are no trend: the section is left out


def test_csv_cells_are_plain_text_and_money_to_the_cent(tmp_path):
    """Reasons and warnings as text joined by '; ' (not Python's tuple syntax), money rounded to the cent, rates
    and quantities exact."""
    import pandas as pd

    out = tmp_path / "t.csv"
    assert main(["report", str(SCENARIO), "-o", str(out), "--format", "csv"]) == 0
    summary = pd.read_csv(tmp_path / "t-summary.csv", keep_default_na=False)
    assert not summary["warnings"].str.startswith("(").any() and summary["warnings"].str.contains("backup VPN").any()
    lines = pd.read_csv(out)
    assert (lines["cost_usd"] == lines["cost_usd"].round(2)).all()
    assert (lines["rate_usd"] < 0.01).any()  # per-GB rates are not rounded away
    cells = pd.read_csv(tmp_path / "t-tco.csv", dtype=str)
    money = [c for c in cells.columns if c.endswith("_usd")]
    assert money and all(len(v.split(".")[-1]) <= 2 for c in money for v in cells[c])


def test_prices_per_unit_are_never_rounded_to_the_cent():
    import pandas as pd

    from vpncost.present.text import csv_safe

    table = pd.DataFrame({"old_usd": [0.02], "new_usd": [0.0196], "rate_usd": [0.00035], "usd": [0.0282],
                          "usd_per_ms_saved": [0.004], "cost_usd": [3487.7000000000003], "total_usd": [1 / 3]})
    out = csv_safe(table).iloc[0]
    assert (out["new_usd"], out["rate_usd"], out["usd"], out["usd_per_ms_saved"]) == (0.0196, 0.00035, 0.0282, 0.004)
    assert (out["cost_usd"], out["total_usd"]) == (3487.7, 0.33)


def test_a_bill_without_connectivity_lines_is_said_in_words():
    import pandas as pd

    from vpncost.present import report
    spend = pd.DataFrame(columns=["month", "account_id", "region", "component", "cost_usd"])
    ctx = report.context(ROOT / "data/scenarios/frankfurt_dc.yaml", spend=spend)
    assert report.spend_note(ctx) == "The bill has no connectivity lines."
