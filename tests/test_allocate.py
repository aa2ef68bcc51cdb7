"""Showback and chargeback: shared connectivity cost split among consumers, to the cent."""
import json

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from vpncost.spend.allocate import AllocationError, allocate, by_consumer, read_shares, split_cents


@settings(max_examples=300, deadline=None)
@given(st.floats(-1e7, 1e7, allow_nan=False), st.lists(st.floats(0, 1e9, allow_nan=False), min_size=1, max_size=12))
def test_split_cents_adds_up_and_stays_within_a_cent(total, weights):
    if sum(weights) <= 0:
        with pytest.raises(AllocationError):
            split_cents(total, weights)
        return
    parts = split_cents(total, weights)
    cents = np.round(parts * 100)
    assert np.allclose(parts * 100, cents)  # whole cents
    assert int(cents.sum()) == int(round(abs(total) * 100)) * (1 if total >= 0 else -1)
    w = np.array(weights) / max(weights)
    exact = abs(total) * w / w.sum()
    assert (np.abs(np.abs(parts) - exact) < 0.01 + 1e-9).all()


def cents(x: float) -> float:
    """An amount rounded to the cent as the allocation rounds it (half-cents to even, on x * 100)."""
    return round(x * 100) / 100


def month_bills(spend: pd.DataFrame) -> dict:
    """Each month's bill to the cent: the charges and the credits of its (payer, component) lines, each rounded."""
    lines = spend.groupby(["month", "account_id", "component"], as_index=False)["cost_usd"].sum()
    return {m: cents(g[g > 0].sum()) + cents(g[g < 0].sum()) for m, g in lines.groupby("month")["cost_usd"]}


def held_out_spend() -> pd.DataFrame:
    """Three payer accounts, three months, fractional-cent costs (as a CUR has them), one credit."""
    rng = np.random.default_rng(11)
    rows = []
    for month in ("2026-07", "2026-08", "2026-09"):
        for payer in ("111111111111", "222222222222", "333333333333"):
            for comp in ("tgw_data_processing", "tgw_attachment_hours", "dx_port_hours", "vpn_connection_hours"):
                rows.append({"month": month, "account_id": payer, "region": "us-east-1", "component": comp,
                             "cost_usd": float(rng.uniform(0, 900)) + rng.uniform(0, 1) / 1000, "usage_amount": 1.0,
                             "usage_unit": "x", "line_items": 10})
    rows.append({"month": "2026-08", "account_id": "222222222222", "region": "us-east-1",
                 "component": "dx_port_hours", "cost_usd": -12.3456, "usage_amount": 0.0, "usage_unit": "x",
                 "line_items": 1})
    return pd.DataFrame(rows)


def shares(**cols) -> pd.DataFrame:
    n = len(cols["consumer"])
    return pd.DataFrame({"consumer": cols["consumer"], "weight": cols["weight"],
                         **{k: cols.get(k, [""] * n) for k in ("month", "payer", "component")}})


def test_allocation_sums_to_each_months_bill_to_the_cent():
    spend = held_out_spend()
    s = shares(consumer=["vpc-a", "vpc-b", "vpc-c"], weight=[1.0, 2.0, 4.0])
    out = allocate(spend, s, "traffic")
    bills = month_bills(spend)
    for month, part in out.groupby("month"):
        assert round(part["cost_usd"].sum(), 2) == pytest.approx(bills[month], abs=1e-9)
        assert bills[month] == cents(spend[spend["month"] == month]["cost_usd"].sum())  # no line is net negative
        assert np.allclose(part["cost_usd"] * 100, np.round(part["cost_usd"] * 100))
    total = by_consumer(out).sum()
    assert total["vpc-c"] / total["vpc-a"] == pytest.approx(4.0, rel=1e-3)
    assert set(out["payer"]) == {"111111111111", "222222222222", "333333333333"}


def test_moving_traffic_moves_cost():
    spend = held_out_spend()
    tgw = spend["component"] == "tgw_data_processing"
    before = by_consumer(allocate(spend[tgw], shares(consumer=["a", "b"], weight=[100.0, 300.0]), "traffic")).sum()
    after = by_consumer(allocate(spend[tgw], shares(consumer=["a", "b"], weight=[200.0, 200.0]), "traffic")).sum()
    bill = spend[tgw]["cost_usd"].sum()
    assert before["a"] == pytest.approx(bill / 4, abs=0.05) and after["a"] == pytest.approx(bill / 2, abs=0.05)
    assert before["a"] + before["b"] == pytest.approx(after["a"] + after["b"], abs=1e-9)


def test_specific_rows_win_and_nothing_is_dropped():
    spend = held_out_spend()
    s = shares(consumer=["net-team", "app-1", "app-2"], weight=[1.0, 1.0, 3.0],
               component=["", "tgw_data_processing", "tgw_data_processing"], payer=["111111111111", "", ""])
    out = allocate(spend, s, "table")
    tgw = out[out["component"] == "tgw_data_processing"]
    assert set(tgw["consumer"]) == {"app-1", "app-2"}  # the component rows beat the payer-wide row
    other_111 = out[(out["payer"] == "111111111111") & (out["component"] != "tgw_data_processing")]
    assert set(other_111["consumer"]) == {"net-team"}
    left = out[out["basis"] == "no matching share"]
    assert set(left["consumer"]) == {"unallocated (222222222222)", "unallocated (333333333333)"}
    assert round(out["cost_usd"].sum(), 2) == pytest.approx(sum(month_bills(spend).values()), abs=1e-9)


def test_read_shares_validates_each_field(tmp_path):
    def bad(text, basis, *words):
        path = tmp_path / "s.csv"
        path.write_text(text)
        with pytest.raises(AllocationError) as err:
            read_shares(path, basis)
        msg = str(err.value)
        assert "\n" not in msg and all(w in msg for w in words), msg

    bad("consumer\na\n", "table", "column share is missing", "table needs consumer, share")
    bad("consumer,bytes\na,-5\n", "traffic", "line 2, column bytes", "allowed: a finite number >= 0")
    bad("consumer,share\na,nan\n", "table", "line 2, column share")
    bad("consumer,share,month\na,1,2026-13\n", "table", "line 2, column month", "YYYY-MM")
    bad("consumer,share,team\na,1,x\n", "table", "unknown column team")
    bad("consumer,share\n,1\n", "table", "line 2, column consumer: empty")
    bad("consumer,share\n", "table", "no rows")
    bad("", "table", "not a readable CSV")
    ok = tmp_path / "ok.csv"
    ok.write_text("consumer\nteam-a\nteam-b\n")
    assert read_shares(ok, "even")["weight"].tolist() == [1.0, 1.0]


def test_cli_allocate(tmp_path, capsys):
    table = tmp_path / "shares.csv"
    table.write_text("consumer,share\nteam-a,60\nteam-b,30\nteam-c,10\n")
    cur = str(ROOT / "data/sample_cur/cur2")
    assert run_cli(["spend", "--cur", cur, "--allocate", "table", str(table), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    alloc = pd.DataFrame(doc["allocation"])
    spend = pd.DataFrame(doc["spend"])
    for month, part in alloc.groupby("month"):
        assert round(part["cost_usd"].sum(), 2) == round(spend[spend["month"] == month]["cost_usd"].sum(), 2)
    assert run_cli(["spend", "--cur", cur, "--allocate", "table", str(table)]) == 0
    assert "Chargeback by consumer (basis: table" in capsys.readouterr().out
    for argv, words in ((["--allocate", "by-owner", "team"],
                         "'by-owner' is not a basis; allowed: even, table, by-traffic, by-tag"),
                        (["--allocate", "table", str(tmp_path)], "shares"),
                        (["--allocate", "table", str(tmp_path / "none.csv")], "not found"),
                        (["--allocate", "table"], "expected 2 arguments")):
        assert run_cli(["spend", "--cur", cur, *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and words in err, err


def tagged_cur(tmp_path):
    """The sample CUR with a `team` tag on some lines: CUR 2.0 Parquet (resource_tags map) and legacy CSV."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from vpncost.spend import sample_cur

    lines = sample_cur.generate()
    teams = np.where(lines["line_item_usage_type"].str.contains("TransitGateway"),
                     np.where(np.arange(len(lines)) % 3 == 0, "payments", "analytics"), "")
    table = pa.Table.from_pandas(lines, preserve_index=False)
    tags = pa.array([[("user_team", t)] if t else [] for t in teams], type=pa.map_(pa.string(), pa.string()))
    (tmp_path / "cur2").mkdir()
    pq.write_table(table.append_column("resource_tags", tags), tmp_path / "cur2" / "cur.parquet")
    legacy = sample_cur.to_legacy(lines)
    legacy["resourceTags/user:team"] = teams
    (tmp_path / "legacy").mkdir()
    legacy.to_csv(tmp_path / "legacy" / "cur.csv", index=False)
    return lines, teams


def test_by_tag_splits_the_bill_as_the_cur_tags_it(tmp_path, capsys):
    from vpncost.spend.allocate import allocate_by_tag
    from vpncost.spend.readers.cur import read_cur

    lines, teams = tagged_cur(tmp_path)
    cost = lines["line_item_unblended_cost"].astype(float)
    for flavour in ("cur2", "legacy"):
        spend = read_cur(tmp_path / flavour, tag="user:team")
        out = allocate_by_tag(spend, "team")
        got = out.groupby("consumer")["cost_usd"].sum()
        for team in ("payments", "analytics"):
            months = len(set(lines["line_item_usage_start_date"].str[:7]))
            assert got[team] == pytest.approx(cost[teams == team].sum(), abs=0.01 * months)
        untagged = {c for c in got.index if c.startswith("untagged")}
        assert untagged == {"untagged (111111111111)", "untagged (222222222222)"}
        bills = month_bills(read_cur(tmp_path / flavour))
        for month, part in out.groupby("month"):
            assert round(part["cost_usd"].sum(), 2) == pytest.approx(bills[month], abs=1e-9)
    assert run_cli(["spend", "--cur", str(tmp_path / "cur2"), "--allocate", "by-tag", "team"]) == 0
    text = capsys.readouterr().out
    assert "Chargeback by consumer (basis: tag team" in text and "payments" in text and "untagged:" in text
    assert run_cli(["spend", "--cur", str(tmp_path / "cur2"), "--allocate", "by-tag", "user:"]) == 2
    assert "empty key" in capsys.readouterr().err


def test_a_plan_is_split_like_a_bill():
    """The model's planned month (the sample estate) split by the sample shares: it adds up to the model's AWS cost
    of that month to the cent, and customer-side items stay out."""
    from vpncost.spend import estate
    from vpncost.spend.allocate import plan_lines
    from vpncost.spend.reconcile import reconcile
    from vpncost.spend.readers.cur import read_cur

    est = estate.load(ROOT / "data/estates/sample_estate.yaml")
    plan = plan_lines(est, "2026-10")
    model = reconcile(read_cur(ROOT / "data/sample_cur/cur2"), est, "2026-10")["model_usd"].sum()
    assert plan["cost_usd"].sum() == pytest.approx(model)
    out = allocate(plan, read_shares(ROOT / "data/shares/sample_shares.csv", "table"), "table")
    assert round(out["cost_usd"].sum(), 2) == cents(model)
    assert set(out["consumer"]) == {"network team"}  # the plan's payer is 'plan': the payer-wide rows do not apply


FLOWS = """month,source_attachment_id,source_type,source_owner,destination_attachment_id,destination_type,\
destination_owner,bytes
2026-10,att-b,vpc,222,att-c,vpc,333,300e9
2026-10,att-c,vpc,333,att-b,vpc,222,100e9
2026-10,att-vpn,vpn,111,att-b,vpc,222,100e9
"""


def policy(*entries):
    return json.dumps({"TransitGatewayMeteringPolicyEntries": [
        {"PolicyRuleNumber": str(n), "MeteredAccount": who, "State": state, "MeteringPolicyRule": rule}
        for n, who, rule, state in entries]})


def test_transit_gateway_processing_follows_the_metering_policy(tmp_path):
    """Held-out by hand: without a policy the sender's attachment owner pays (300:100:100 for 222:333:111). With
    rule 100 (VPN attachments' traffic to the destination owner) and rule 200 (att-c's traffic to the transit
    gateway owner), 222 pays for its own 300 GB and the VPN's 100 GB, and the transit gateway owner for att-c's."""
    from vpncost.spend.allocate import TGW_OWNER, shares_from_flows
    from vpncost.spend.readers.metering import read_flows, read_policy_entries

    (tmp_path / "flows.csv").write_text(FLOWS)
    flows = read_flows(tmp_path / "flows.csv")
    spend = pd.DataFrame({"month": ["2026-10", "2026-10"], "account_id": ["111", "111"],
                          "component": ["tgw_data_processing", "tgw_attachment_hours"], "cost_usd": [10.0, 36.5]})
    plain = allocate(spend, shares_from_flows(flows, []), "metered traffic").set_index("consumer")
    assert [plain.loc[a, "cost_usd"] for a in ("222", "333", "111")] == [6.0, 2.0, 2.0]
    assert plain.loc["unallocated (111)", "cost_usd"] == 36.5  # attachment-hours are not data processing
    (tmp_path / "p.json").write_text(policy(
        (200, "transit-gateway-owner", {"SourceTransitGatewayAttachmentId": "att-c"}, "available"),
        (100, "destination-attachment-owner", {"SourceTransitGatewayAttachmentType": "vpn"}, "available"),
        (50, "destination-attachment-owner", {}, "deleted")))  # a deleted entry meters nothing
    entries = read_policy_entries(tmp_path / "p.json")
    assert [e["rule"] for e in entries] == [100, 200]
    ruled = allocate(spend, shares_from_flows(flows, entries), "metered traffic").set_index("consumer")
    assert ruled.loc["222", "cost_usd"] == 8.0 and ruled.loc[TGW_OWNER, "cost_usd"] == 2.0
    assert "111" not in ruled.index and "333" not in ruled.index
    assert ruled["cost_usd"].sum() == pytest.approx(46.5)


@pytest.mark.parametrize("text, message", [
    ('{"TransitGatewayMeteringPolicyEntries": [{"PolicyRuleNumber": "1", "MeteredAccount": "me"}]}',
     "MeteredAccount: 'me'; allowed: source-attachment-owner"),
    ('{"Entries": []}', "no TransitGatewayMeteringPolicyEntries list"),
    ('{"TransitGatewayMeteringPolicyEntries": [{"PolicyRuleNumber": "x", "MeteredAccount": "transit-gateway-owner"}]}',
     r"PolicyRuleNumber: 'x' is not a number"),
    ("not json", "not JSON"),
])
def test_bad_metering_policies_are_one_line(tmp_path, text, message):
    from vpncost.errors import VpncostError
    from vpncost.spend.readers.metering import read_policy_entries

    (tmp_path / "p.json").write_text(text)
    with pytest.raises(VpncostError, match=message):
        read_policy_entries(tmp_path / "p.json")


def test_a_rule_on_addresses_cannot_be_applied_to_attachment_pairs(tmp_path):
    from vpncost.spend.allocate import shares_from_flows
    from vpncost.spend.readers.metering import read_flows, read_policy_entries

    (tmp_path / "flows.csv").write_text(FLOWS)
    (tmp_path / "p.json").write_text(policy(
        (100, "destination-attachment-owner", {"SourceTransitGatewayAttachmentId": "att-b",
                                               "DestinationCidrBlock": "10.1.0.0/16"}, "available")))
    with pytest.raises(AllocationError, match="rule 100 also matches on DestinationCidrBlock"):
        shares_from_flows(read_flows(tmp_path / "flows.csv"), read_policy_entries(tmp_path / "p.json"))


def test_cli_allocate_by_flow(tmp_path, capsys):
    flows = tmp_path / "flows.csv"
    flows.write_text(FLOWS.replace("2026-10,", "2026-10,").replace("bytes\n", "bytes,payer\n")
                     .replace("e9\n", "e9,111111111111\n"))
    pol = tmp_path / "p.json"
    pol.write_text(policy((100, "destination-attachment-owner", {"SourceTransitGatewayAttachmentType": "vpn"},
                           "available")))
    cur = str(ROOT / "data/sample_cur/cur2")
    assert run_cli(["spend", "--cur", cur, "--allocate", "by-flow", str(flows), "--metering-policy", str(pol),
                    "--json"]) == 0
    alloc = pd.DataFrame(json.loads(capsys.readouterr().out)["allocation"])
    oct_tgw = alloc[(alloc["month"] == "2026-10") & (alloc["component"] == "tgw_data_processing")]
    mine = oct_tgw[oct_tgw["payer"] == "111111111111"].set_index("consumer")["cost_usd"]
    assert mine["222"] == pytest.approx(mine.sum() * 4 / 5, abs=0.01) and mine["333"] == pytest.approx(
        mine.sum() / 5, abs=0.01)
    other = oct_tgw[oct_tgw["payer"] == "222222222222"]  # flows name payer 111: 222's line stays with 222
    assert list(other["consumer"]) == ["unallocated (222222222222)"]
    assert run_cli(["spend", "--cur", cur, "--metering-policy", str(pol)]) == 2
    assert "--metering-policy is for --allocate by-flow" in capsys.readouterr().err
    flows.write_text("month,source_attachment_id\n2026-10,a\n")
    assert run_cli(["spend", "--cur", cur, "--allocate", "by-flow", str(flows)]) == 2
    err = capsys.readouterr().err
    assert "column source_owner is missing" in err and len(err.strip().splitlines()) == 1
