"""The price catalog: load, validate, look up, override and discount AWS list prices.

One schema serves the shipped snapshot, a Price List API refresh and a user's override file:

========== ===================================================================================
column     meaning
========== ===================================================================================
service    vpn | transit_gateway | direct_connect | global_accelerator | data_transfer
item       what is priced, e.g. ``connection_hour``, ``data_processing``, ``dedicated_port_hour``
region     AWS Region code, a Global Accelerator source group (``NA``, ``EU``...), or ``*`` (any)
location   DX location code or group, GA edge group, ``japan`` (DX port zone), or ``*``
variant    tunnel size, port speed, attachment type... or ``*``
tier_start first unit of this tier [unit], 0 for untiered prices
tier_end   last unit of this tier [unit], ``inf`` for the top tier
usd        rate [USD per unit]
unit       ``connection-hour``, ``attachment-hour``, ``port-hour``, ``accelerator-hour``, ``GB``
status     sourced | single_source | assumed | price_list | override
source     where the number comes from
as_of      date the source was read (YYYY-MM-DD)
note       free text (rules behind assumed rows, conflicts)
========== ===================================================================================

Lookups try the exact key first and fall back to ``*`` per column, so an ``assumed`` wildcard row
(e.g. "VPN hour in any other Region = us-east-1's") applies only where no specific row exists, and
every result says whether it was assumed.
"""
from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import io
import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from vpncost.errors import PriceFileError, PriceNotFoundError
from vpncost.paths import default_prices_path

PRICE_COLUMNS = ("service", "item", "region", "location", "variant", "tier_start", "tier_end",
                 "usd", "unit", "status", "source", "as_of", "note")
KEY_COLUMNS = ("service", "item", "region", "location", "variant")
SERVICES = ("vpn", "transit_gateway", "direct_connect", "global_accelerator", "data_transfer", "cloud_wan", "vpc")
STATUSES = ("sourced", "single_source", "assumed", "price_list", "override")
UNITS = ("connection-hour", "attachment-hour", "port-hour", "accelerator-hour", "GB", "edge-hour", "address-hour",
         "vif-hour", "concentrator-hour", "site-hour")
WILDCARD = "*"


@dataclass(frozen=True)
class Price:
    """A resolved price: one or more tiers of a rate per unit.

    ``tier_start``/``tier_end`` [unit] and ``usd`` [USD/unit] are equal-length tuples; an untiered
    price has one tier (0, inf).
    """

    key: tuple
    unit: str
    tier_start: tuple
    tier_end: tuple
    usd: tuple
    status: str
    source: str
    as_of: str
    note: str = ""

    @property
    def assumed(self) -> bool:
        """True when the rate comes from a documented rule rather than a sourced price."""
        return self.status == "assumed"

    @property
    def tiered(self) -> bool:
        return len(self.usd) > 1

    @property
    def rate(self) -> float:
        """The first tier's rate [USD/unit] (the only one for untiered prices)."""
        return self.usd[0]

    def label(self) -> str:
        return "/".join(self.key)


def tiered_cost(quantity, tier_start, tier_end, usd, offset=0.0):
    """Charge for ``quantity`` units billed in tiers, after ``offset`` units already billed.

    Parameters
    ----------
    quantity : numeric
        Units to charge (e.g. GB in a month). Scalars or arrays; broadcasts with ``offset``.
    tier_start, tier_end : sequence of float
        Tier bounds [unit]; ``tier_end`` may be ``inf``.
    usd : sequence of float
        Rate per tier [USD/unit].
    offset : numeric
        Units already consumed in the same billing month by other usage that shares the tiers
        (e.g. the account's other internet egress). [unit]

    Returns
    -------
    numeric
        Cost [USD], same shape as the broadcast inputs.
    """
    xs, cs = _cumulative(tuple(map(float, tier_start)), tuple(map(float, tier_end)), tuple(map(float, usd)))
    q = np.asarray(quantity, dtype=float)
    off = np.asarray(offset, dtype=float)
    out = np.interp(q + off, xs, cs) - (np.interp(off, xs, cs) if np.any(off) else 0.0)
    return float(out) if np.ndim(out) == 0 else out


_FAR = 1e15  # [unit] the top tier is evaluated up to here (an exabyte a month): beyond any real bill


@functools.lru_cache(maxsize=256)
def tier_label(start_gb: float, end_gb: float) -> str:
    """A monthly tier in words, as AWS names them: ``first 10 TB/month``, ``10-50 TB/month``, ``over 150 TB/month``.

    Parameters
    ----------
    start_gb, end_gb : float
        Tier bounds [GB per month]; ``end_gb`` is ``inf`` for the top tier. 1 TB = 1,024 GB, as AWS bills.

    Returns
    -------
    str
        The label; empty for a price that is not tiered (0 to ``inf``).
    """
    def tb(gb):
        return f"{gb / 1024:g} TB"
    if start_gb == 0 and np.isinf(end_gb):
        return ""
    if np.isinf(end_gb):
        return f"over {tb(start_gb)}/month"
    return f"{tb(start_gb)}-{tb(end_gb)}/month" if start_gb else f"first {tb(end_gb)}/month"


def _cumulative(tier_start: tuple, tier_end: tuple, usd: tuple) -> tuple:
    """Breakpoints [unit] and cumulative charge there [USD]: the tiered charge is their linear interpolation."""
    xs, cs = [0.0], [0.0]
    for start, end, rate in sorted(zip(tier_start, tier_end, usd)):
        stop = min(end, _FAR)
        cs.append(cs[-1] + (stop - start) * rate)
        xs.append(stop)
    return np.array(xs), np.array(cs)


def tier_quantities(quantity: float, price: Price, offset: float = 0.0) -> list:
    """Units of ``quantity`` falling in each tier of ``price`` (scalar), after ``offset`` units.

    Parameters
    ----------
    quantity : float
        Quantity to place in the tiers [the price's unit per month].
    price : Price
        A tiered price.
    offset : float
        Units already billed in the same tiers this month (the account's other egress) [unit].

    Returns
    -------
    list of float
        Units in each tier [unit].
    """
    out = []
    for start, end in zip(price.tier_start, price.tier_end):
        width = end - start
        used = min(max(quantity + offset - start, 0.0), width) - min(max(offset - start, 0.0), width)
        out.append(used)
    return out


class PriceCatalog:
    """A validated price table with fast keyed lookups.

    Build one with :func:`load_prices`; derive variants with :meth:`with_overrides` and
    :meth:`with_discount`. Instances are immutable in use.
    """

    def __init__(self, table: pd.DataFrame, as_of: str, path: "str | None" = None, meta: "dict | None" = None):
        self.table = table.reset_index(drop=True)
        self.as_of = as_of
        self.path = path
        self.meta = dict(meta or {})
        self._index: dict = {}
        for row in self.table.itertuples(index=False):
            key = (row.service, row.item, row.region, row.location, row.variant)
            self._index.setdefault(key, []).append(row)

    @property
    def snapshot(self) -> str:
        """Which prices these are, in words: the snapshot date and a short hash of the price file, then any
        overrides or discount on top (e.g. ``2026-11-25, snapshot 3f2a9c1b, overrides negotiated.csv``)."""
        text = self.as_of + (f", snapshot {self.meta['sha256'][:8]}" if self.meta.get("sha256") else "")
        if self.meta.get("overrides"):
            text += f", overrides {Path(self.meta['overrides']).name}"
        if self.meta.get("discount_pct"):
            text += f", {self.meta['discount_pct']:g}% discount"
        return text

    # ---- lookups -------------------------------------------------------------------------
    def find(self, service: str, item: str, region="*", location="*", variant="*") -> "Price | None":
        """Like :meth:`lookup` but returns None when nothing matches.

        Parameters
        ----------
        service : str
            ``vpn``, ``transit_gateway``, ``direct_connect``, ``global_accelerator`` or ``data_transfer``.
        item : str
            Price item, e.g. ``connection_hour``, ``internet_out``.
        region, location, variant : str or sequence of str
            A value, or candidates in order of preference; ``*`` is always tried last.
        """
        cands = [_candidates(v) for v in (region, location, variant)]
        for r, loc, v in itertools.product(*cands):
            rows = self._index.get((service, item, r, loc, v))
            if rows:
                return _to_price((service, item, r, loc, v), rows)
        return None

    def lookup(self, service: str, item: str, region="*", location="*", variant="*") -> Price:
        """Resolve a price.

        Parameters
        ----------
        service : str
            ``vpn``, ``transit_gateway``, ``direct_connect``, ``global_accelerator`` or ``data_transfer``.
        item : str
            Price item, e.g. ``connection_hour``, ``internet_out``.
        region, location, variant : str or sequence of str
            A value, or candidates in order of preference; ``*`` is always tried last.

        Returns
        -------
        Price
            Its rate(s) [USD per unit], tiers, unit, status, source and date.

        Raises
        ------
        PriceNotFoundError
            With a one-line message when nothing matches.
        """
        price = self.find(service, item, region, location, variant)
        if price is None:
            where = ", ".join(f"{n}={_show(v)}" for n, v in (("region", region), ("location", location), ("variant", variant)) if v != WILDCARD)
            raise PriceNotFoundError(
                f"no price for {service}/{item}" + (f" ({where})" if where else "")
                + f" in {self.path or 'the price table'}; add a row or pass an override file")
        return price

    def variants(self, service: str, item: str) -> list:
        """Distinct ``variant`` values priced for an item (e.g. port speeds).

        Parameters
        ----------
        service, item : str
            The priced item.
        """
        t = self.table
        return sorted(set(t.loc[(t.service == service) & (t.item == item), "variant"]) - {WILDCARD})

    def select(self, service: "str | None" = None, region: "str | None" = None) -> pd.DataFrame:
        """Rows for a service and/or Region (a Region also matches ``*`` and its GA group rows).

        Parameters
        ----------
        service : str, optional
            Service name.
        region : str, optional
            Region code.
        """
        t = self.table
        mask = np.ones(len(t), dtype=bool)
        if service:
            mask &= (t["service"] == service).to_numpy()
        if region:
            from vpncost.reference.regions import regions
            groups = set(regions().loc[lambda d: d.code == region, "ga_group"])
            mask &= t["region"].isin({region, WILDCARD} | groups).to_numpy()
        return t[mask].reset_index(drop=True)

    # ---- derived catalogs ----------------------------------------------------------------
    def with_overrides(self, path: "str | Path") -> "PriceCatalog":
        """A catalog where rows from an override file (negotiated rates) replace the matching keys.

        Parameters
        ----------
        path : str or Path
            CSV with ``service``, ``item`` and ``usd`` [USD per unit]; ``region``, ``location``, ``variant``
            default to ``*`` (matching every value: a ``*`` Region applies the rate in every Region; the more
            specific row wins), tiers to (0, inf) [unit per month], ``unit`` to the replaced row's unit. A row
            that matches no price is added as a new one (and noted in ``meta['override_notes']``).
        """
        over, _ = _read_csv(Path(path), "overrides")
        for col in ("service", "item", "usd"):
            if col not in over.columns:
                raise PriceFileError(f"{path}: missing column {col!r} (needs service, item, usd)")
        defaults = {"region": WILDCARD, "location": WILDCARD, "variant": WILDCARD, "tier_start": "0",
                    "tier_end": "inf", "unit": "", "status": "override", "source": f"override file {Path(path).name}",
                    "as_of": _dt.date.today().isoformat(), "note": ""}
        for col, val in defaults.items():
            if col not in over.columns:
                over[col] = val
            over[col] = over[col].replace("", val) if col not in ("note", "unit") else over[col]
        over["line_no"] = np.arange(len(over)) + 2
        t = self.table
        # a '*' in an override matches every value: '*' for region applies the rate in every Region. The more
        # specific rows are applied last, so they win where rows overlap.
        over = over.assign(wildcards=(over[["region", "location", "variant"]] == WILDCARD).sum(axis=1))
        over = over.sort_values(["wildcards", "line_no"], ascending=[False, True], kind="stable")
        by_key: dict = {}
        notes = []
        for row in over.itertuples(index=False):
            hit = (t["service"] == row.service) & (t["item"] == row.item)
            for col in ("region", "location", "variant"):
                if getattr(row, col) != WILDCARD:
                    hit &= t[col] == getattr(row, col)
            keys = list(dict.fromkeys(map(tuple, t.loc[hit, list(KEY_COLUMNS)].to_numpy())))
            unit = row.unit
            if not keys:
                same = t[(t["service"] == row.service) & (t["item"] == row.item)]
                unit = unit or (same["unit"].iloc[0] if len(same) else "")
                if not unit:
                    raise PriceFileError(f"{path} line {row.line_no}: {row.service}/{row.item} matches no price in the "
                                         "table and has no unit; add a unit column (e.g. connection-hour, GB)")
                keys = [(row.service, row.item, row.region, row.location, row.variant)]
                notes.append(f"{Path(path).name} line {row.line_no}: {'/'.join(keys[0])} matched no price; added as a "
                             "new one")
            for key in keys:
                u = unit or t.loc[hit, "unit"].iloc[0]
                by_key[key] = [dict(zip(KEY_COLUMNS, key), tier_start=row.tier_start, tier_end=row.tier_end,
                                    usd=row.usd, unit=u, status="override", source=row.source, as_of=row.as_of,
                                    note=row.note or f"override (line {row.line_no})")]
        rows = [r for rs in by_key.values() for r in rs]
        fresh = _validate(pd.DataFrame(rows, columns=list(PRICE_COLUMNS)).astype(str), str(path))
        keep = ~pd.Series(list(map(tuple, t[list(KEY_COLUMNS)].to_numpy()))).isin(set(by_key)).to_numpy()
        merged = pd.concat([t[keep], fresh], ignore_index=True)
        meta = {**self.meta, "overrides": str(path), "override_notes": notes}
        return PriceCatalog(merged, self.as_of, self.path, meta)

    def with_discount(self, pct: float, services: "Iterable[str] | None" = None) -> "PriceCatalog":
        """A catalog with every AWS rate (optionally only ``services``) reduced by ``pct`` percent.

        Parameters
        ----------
        pct : float
            Discount [%], 0 to 100.
        services : iterable of str, optional
            Only these services (default: all).
        """
        if not (0 <= pct <= 100) or math.isnan(pct):
            raise PriceFileError(f"discount_pct: {pct} is out of range; allowed: 0 to 100")
        if pct == 0:
            return self
        t = self.table.copy()
        mask = t["service"].isin(list(services) if services else SERVICES)
        t.loc[mask, "usd"] = t.loc[mask, "usd"] * (1 - pct / 100.0)
        t.loc[mask, "note"] = (t.loc[mask, "note"] + f" [discount {pct:g}% applied]").str.strip()
        return PriceCatalog(t, self.as_of, self.path, {**self.meta, "discount_pct": pct})


def _candidates(value) -> list:
    vals = [value] if isinstance(value, str) else [v for v in value if v is not None]
    return [*dict.fromkeys([*vals, WILDCARD])]


def _show(v) -> str:
    return v if isinstance(v, str) else "|".join(v)


def _to_price(key: tuple, rows: list) -> Price:
    rows = sorted(rows, key=lambda r: r.tier_start)
    first = rows[0]
    status = "assumed" if any(r.status == "assumed" for r in rows) else first.status
    return Price(key=key, unit=first.unit, tier_start=tuple(r.tier_start for r in rows),
                 tier_end=tuple(r.tier_end for r in rows), usd=tuple(r.usd for r in rows), status=status,
                 source=first.source, as_of=first.as_of, note=first.note)


def _read_csv(path: Path, what: str = "price table") -> tuple:
    """(table of strings, the file's bytes): the file is read once, for the table and for its hash."""
    from vpncost.fileio import decode_input, read_input

    body = read_input(path, what, PriceFileError, binary=True)
    text = decode_input(body, path, what, PriceFileError)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True), body
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise PriceFileError(f"{path}: not a readable CSV ({str(exc).splitlines()[0]})") from None


def _validate(t: pd.DataFrame, path: str) -> pd.DataFrame:
    """Check every row; return typed columns. The first problem raises one line naming line and column."""
    missing = [c for c in PRICE_COLUMNS if c not in t.columns]
    if missing:
        raise PriceFileError(f"{path}: missing column(s) {', '.join(missing)}; expected {', '.join(PRICE_COLUMNS)}")
    t = t[list(PRICE_COLUMNS)].copy()
    if t.empty:
        raise PriceFileError(f"{path}: no price rows")

    def bad(i, col, why):
        raise PriceFileError(f"{path} line {i + 2}, column {col}: {why}")

    numeric = {}
    for col in ("tier_start", "tier_end", "usd"):
        vals = pd.to_numeric(t[col].astype(str).str.strip(), errors="coerce")
        for i in np.flatnonzero(vals.isna().to_numpy()):
            bad(i, col, f"{t[col].iloc[i]!r} is not a number")
        numeric[col] = vals.astype(float)
    def first(mask) -> "int | None":
        hits = np.flatnonzero(np.asarray(mask))
        return int(hits[0]) if len(hits) else None

    problems = []  # (line index, column, message): the first in file order is reported
    for col, allowed in (("service", SERVICES), ("status", STATUSES), ("unit", UNITS)):
        i = first(~t[col].isin(allowed))
        if i is not None:
            problems.append((i, col, f"{t[col].iloc[i]!r} is not allowed; allowed: {', '.join(allowed)}"))
    for col in ("item", "region", "location", "variant", "source"):
        i = first(t[col].astype(str).str.strip() == "")
        if i is not None:
            problems.append((i, col, "is empty"))
    dates = pd.to_datetime(t["as_of"].astype(str), format="%Y-%m-%d", errors="coerce")
    i = first(dates.isna())
    if i is not None:
        problems.append((i, "as_of", f"{t['as_of'].iloc[i]!r} is not a date (YYYY-MM-DD)"))
    usd, start, end = (numeric[c].to_numpy() for c in ("usd", "tier_start", "tier_end"))
    i = first(~((usd >= 0) & np.isfinite(usd)))
    if i is not None:
        problems.append((i, "usd", f"{usd[i]} must be a finite number >= 0"))
    i = first(~((start >= 0) & (start < end)))
    if i is not None:
        problems.append((i, "tier_end", f"tier {start[i]}..{end[i]} is empty or negative; need 0 <= tier_start < tier_end"))
    if problems:
        bad(*min(problems))
    for col, vals in numeric.items():
        t[col] = vals.to_numpy()
    dup = t.duplicated(subset=[*KEY_COLUMNS, "tier_start"], keep=False)
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[1])
        bad(i, "tier_start", "duplicates another row with the same service/item/region/location/variant and tier")
    # tiers of each key start at 0 and are contiguous (vectorised over the table sorted by key and tier)
    order = t.sort_values([*KEY_COLUMNS, "tier_start"], kind="stable")
    key = order[KEY_COLUMNS[0]].astype(str)
    for col in KEY_COLUMNS[1:]:
        key = key + "\x1f" + order[col].astype(str)
    key = key.to_numpy()
    new_key = np.r_[True, key[1:] != key[:-1]]
    st, en = order["tier_start"].to_numpy(), order["tier_end"].to_numpy()
    broken = np.where(new_key, st != 0, ~np.isclose(st, np.r_[np.nan, en[:-1]]))
    if broken.any():
        k = int(np.flatnonzero(broken)[0])
        first_row = int(order.index[k if new_key[k] else np.flatnonzero(new_key[:k + 1])[-1]])
        bad(first_row, "tier_start", f"tiers of {key[k].replace(chr(31), '/')} must start at 0 and be contiguous")
    # the last tier of every key is unbounded: a table whose tiers stop short would price the traffic beyond
    # them at nothing (or invent a break-even where the curve ends)
    last = np.r_[new_key[1:], True]
    allowance = order["item"].str.endswith("free_tier").to_numpy()  # its one tier's end is the allowance's size
    short = last & np.isfinite(en) & ~allowance
    if short.any():
        k = int(np.flatnonzero(short)[0])
        bad(int(order.index[k]), "tier_end", f"tiers of {key[k].replace(chr(31), '/')} stop at {en[k]:,.0f}; the last "
                                             "tier must be unbounded (tier_end inf)")
    return t


def merge(base: pd.DataFrame, fresh: pd.DataFrame) -> pd.DataFrame:
    """The base table with every key present in ``fresh`` replaced by the fresh rows.

    Parameters
    ----------
    base : pandas.DataFrame
        The table kept for keys the refresh did not return.
    fresh : pandas.DataFrame
        Rows from the refresh.
    """
    if fresh.empty:
        return base.copy()
    keys = set(map(tuple, fresh[list(KEY_COLUMNS)].to_numpy()))
    old = base
    keep = [tuple(k) not in keys for k in old[list(KEY_COLUMNS)].to_numpy()]
    return pd.concat([old[keep], fresh], ignore_index=True)


def load_prices(path: "str | Path | None" = None, overrides: "str | Path | None" = None,
                discount_pct: float = 0.0) -> PriceCatalog:
    """Load and validate a price table (default: the shipped snapshot), then apply overrides and a discount.

    The snapshot date comes from ``<name>.meta.json`` beside the CSV when present, else the newest row ``as_of``.

    Parameters
    ----------
    path : str or Path, optional
        Price table CSV (default: ``$VPNCOST_PRICES`` or ``data/prices.csv``).
    overrides : str or Path, optional
        Negotiated rates CSV (:meth:`PriceCatalog.with_overrides`).
    discount_pct : float
        Discount on every AWS rate [%].
    """
    path = Path(path) if path else default_prices_path()
    raw, body = _read_csv(path)
    table = _validate(raw, str(path))
    meta = {}
    meta_path = path.with_suffix(".meta.json")
    if meta_path.exists() or meta_path.is_symlink():
        from vpncost.fileio import read_input

        try:
            meta = json.loads(read_input(meta_path, "metadata", PriceFileError))
        except json.JSONDecodeError as exc:
            raise PriceFileError(f"{meta_path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        if not isinstance(meta, dict):
            raise PriceFileError(f"{meta_path}: must be a JSON object (as_of, source, ...); found {type(meta).__name__}")
    as_of = str(meta.get("as_of") or max(table["as_of"]))
    meta["sha256"] = hashlib.sha256(body).hexdigest()
    cat = PriceCatalog(table, as_of, str(path), meta)
    if overrides:
        cat = cat.with_overrides(overrides)
    if discount_pct:
        cat = cat.with_discount(discount_pct)
    return cat


def write_prices(table: pd.DataFrame, path: "str | Path", meta: "dict | None" = None) -> Path:
    """Validate and write a price table (and its ``.meta.json``) atomically.

    Parameters
    ----------
    table : pandas.DataFrame
        Rows in the price schema (USD rates).
    path : str or Path
        Where to write the CSV.
    meta : dict, optional
        Snapshot metadata (``as_of``, sources...) for ``<name>.meta.json``.
    """
    from vpncost.fileio import atomic_write, atomic_write_text, output_path

    output_path(path)  # checked before anything is written: an empty name, a device, a directory
    path = Path(path)
    table = _validate(table.astype({c: str for c in PRICE_COLUMNS}), str(path))
    atomic_write(path, lambda p: table.to_csv(p, index=False, float_format="%.10g"))
    if meta is not None:
        atomic_write_text(path.with_suffix(".meta.json"), json.dumps(meta, indent=2) + "\n")
    return path
