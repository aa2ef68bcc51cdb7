"""Model against bill: the estate priced for a billing month, component by component, beside the spend
classified from the CUR or Cost Explorer, with the likely reasons for each gap."""
from __future__ import annotations

import calendar

import pandas as pd

from vpncost.spend.readers.cur import COMPONENTS

REASONS = {
    "vpn_connection_hours": ("connections created or deleted during the month, or VPN connections the model "
                             "does not know about (other Regions or accounts)"),
    "tgw_attachment_hours": ("attachments the model does not count (more VPC, peering or Connect attachments), "
                             "or attachments that existed only part of the month"),
    "tgw_data_processing": ("traffic between VPCs through the transit gateway is processed too; the model counts "
                            "hybrid traffic only"),
    "dx_port_hours": ("ports billed from 90 days after ordering even if not connected, hosted ports billed by a "
                      "partner, or ports added or removed during the month"),
    "dx_data_transfer_out": "traffic volume differs from the model's, or leaves through another DX location or Region",
    "dx_data_transfer_in": "data in over Direct Connect is free; any charge here is unexpected",
    "ga_fixed_fee": "accelerators that existed part of the month (two per accelerated connection)",
    "ga_dt_premium": ("DT-Premium is computed hour by hour on the dominant direction; the model uses monthly "
                      "totals, so mixed traffic bills more"),
    "internet_data_transfer_out": ("other internet egress of the account (instances, NAT, S3) shares this usage "
                                   "type; the model counts the VPN's traffic only"),
}


INTER_REGION = "inter_region_data_transfer"   # modelled (peering, DX gateways, networks), not read from the bill
REASONS[INTER_REGION] = ("the bill's inter-Region lines (*-AWS-Out-Bytes) are not read: instances and services "
                         "send them too, so they cannot be told from peering traffic; compare them by hand")


def spend_component(service: str, unit: str, component: str) -> "str | None":
    """Which bill component a model breakdown row belongs to (None: not on the AWS bill).

    Parameters
    ----------
    service : str
        The row's service.
    unit : str
        The row's unit.
    component : str
        The row's component name.
    """
    name = component.lower()
    if service == "vpn":
        return "vpn_connection_hours"
    if service == "transit_gateway":
        return "tgw_attachment_hours" if unit == "attachment-hour" else "tgw_data_processing"
    if service == "direct_connect":
        if unit == "port-hour":
            return "dx_port_hours"
        return "dx_data_transfer_in" if "transfer in" in name else "dx_data_transfer_out"
    if service == "global_accelerator":
        return "ga_fixed_fee" if unit == "accelerator-hour" else "ga_dt_premium"
    if service == "data_transfer":
        return INTER_REGION if name.startswith("inter-region") else "internet_data_transfer_out"
    return None


def month_hours(month: str) -> float:
    """Hours in a billing month.

    Parameters
    ----------
    month : str
        ``YYYY-MM``.

    Returns
    -------
    float
        Hours [h], e.g. 744 for a 31-day month.
    """
    y, m = map(int, month.split("-"))
    return 24.0 * calendar.monthrange(y, m)[1]


def billed_lines(estate, month: str, catalog=None) -> pd.DataFrame:
    """The model's breakdown of ``estate`` for ``month`` (priced for its real length), only the lines AWS bills,
    each with the bill's component (``spend_component``).

    Parameters
    ----------
    estate : Estate
        What runs.
    month : str
        ``YYYY-MM``.
    catalog : PriceCatalog, optional
        Prices.
    """
    model = estate.breakdown(hours=month_hours(month), catalog=catalog)
    model = model.assign(spend_component=[spend_component(s, u, c) for s, u, c in
                                          zip(model["service"], model["unit"], model["component"])])
    return model[model["spend_component"].notna()]


def reconcile(spend: pd.DataFrame, estate, month: "str | None" = None, catalog=None, threshold_pct: float = 5.0) -> pd.DataFrame:
    """Variance per component for one month; the model is priced for the month's real length.

    Parameters
    ----------
    spend : pandas.DataFrame
        Spend table (:func:`vpncost.spend.readers.cur.read_cur` and friends) [USD].
    estate : Estate
        What runs.
    month : str, optional
        ``YYYY-MM`` (default: the latest in ``spend``).
    catalog : PriceCatalog, optional
        Prices.
    threshold_pct : float
        Variance beyond which a component is ``over`` or ``under`` [%].

    Returns
    -------
    pandas.DataFrame
        component, billed_usd, model_usd, variance_usd (billed - model) [USD], variance_pct (of the model) [%],
        billed_usage, model_usage, usage_unit, status (ok | over | under | not modelled | not billed | not read
        from the bill: inter-Region transfer), likely_reasons.
    """
    month = month or str(spend["month"].max())
    bill = spend[spend["month"] == month]
    model = billed_lines(estate, month, catalog)
    rows = []
    for comp in (*COMPONENTS, INTER_REGION):
        b = bill[bill["component"] == comp]
        m = model[model["spend_component"] == comp]
        if b.empty and m.empty:
            continue
        billed, modelled = float(b["cost_usd"].sum()), float(m["cost_usd"].sum())
        if comp == INTER_REGION:   # not read from the bill: no billed figure to compare with
            billed = float("nan")
        var = billed - modelled
        var = 0.0 if abs(var) < 1e-9 else var
        pct = 100.0 * var / modelled if modelled else float("nan")
        if comp == INTER_REGION:
            status = "not read from the bill"
        elif m.empty:
            status = "not modelled"
        elif b.empty:
            status = "not billed"
        elif abs(var) <= max(0.01, threshold_pct / 100.0 * modelled):
            status = "ok"
        else:
            status = "over" if var > 0 else "under"
        rows.append({"component": comp, "billed_usd": billed, "model_usd": modelled, "variance_usd": var,
                     "variance_pct": pct, "billed_usage": float(b["usage_amount"].sum()),
                     "model_usage": float(m["quantity"].sum()), "usage_unit": (b["usage_unit"].iloc[0] if len(b)
                                                                               else None),
                     "status": status, "likely_reasons": "" if status == "ok" else REASONS[comp]})
    out = pd.DataFrame(rows)
    out.attrs["month"] = month
    return out
