"""Splitting a shared cost among the ones who use it, in whole cents: one definition for the chargeback of a bill
(:mod:`vpncost.spend.allocate`) and each site's cost to connect in a network (:mod:`vpncost.model.network`).
"""
from __future__ import annotations

import numpy as np

from vpncost.errors import VpncostError


class AllocationError(VpncostError):
    """A shares file or an allocation request is invalid."""


def split_cents(total_usd: float, weights) -> np.ndarray:
    """``total_usd`` split in proportion to ``weights``, in whole cents that add up to the total rounded to the
    cent (largest-remainder method: the cents left by rounding down go to the largest remainders, ties to the
    first).

    Parameters
    ----------
    total_usd : float
        The amount to split [USD] (a credit may be negative).
    weights : array_like
        Non-negative weights, at least one positive [-].

    Returns
    -------
    numpy.ndarray
        The parts [USD], each a whole number of cents.
    """
    w = np.asarray(weights, float)
    if w.ndim != 1 or not len(w) or not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
        raise AllocationError(f"weights must be finite, >= 0 and not all 0; got {w.tolist()}")
    cents = int(round(abs(total_usd) * 100))
    w = w / w.max()  # tiny (subnormal) weights would underflow in the sum
    raw = cents * w / w.sum()
    part = np.floor(raw).astype(np.int64)
    rest = cents - int(part.sum())
    part[np.argsort(-(raw - part), kind="stable")[:rest]] += 1
    return np.sign(total_usd) * part / 100.0
