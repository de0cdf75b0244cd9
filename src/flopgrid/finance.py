"""Discounting and capital recovery (pure functions)."""

from __future__ import annotations

import numpy as np


def capital_recovery_factor(rate, lifetime_years):
    """Annuity per unit of overnight capex: ``r / (1 - (1 + r) ** -L)`` [1/yr].

    With ``rate == 0`` the annuity is straight-line, ``1 / L``.
    Accepts scalars or numpy arrays.
    """
    rate = np.asarray(rate, dtype=float)
    life = np.asarray(lifetime_years, dtype=float)
    if np.any(life <= 0):
        raise ValueError("lifetime_years must be > 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        crf = np.where(rate == 0, 1.0 / life, rate / (1.0 - (1.0 + rate) ** -life))
    return crf.item() if crf.ndim == 0 else crf


def discount_factors(years, start_year, rate):
    """Present-value factor of each year, ``(1 + r) ** -(y - start)`` [1].

    The first year is undiscounted.
    """
    years = np.asarray(years, dtype=float)
    return (1.0 + rate) ** -(years - start_year)
