"""Good dies per wafer: the standard gross-die formula and defect-limited yield models.

Pure functions of die area [mm2], wafer geometry [mm] and defect density [defects/cm2],
accepting scalars or numpy arrays alike. Sources (foundry.yaml ``yield_model``): the
gross-die formula ``pi d^2 / (4 S) - pi d / sqrt(2 S)`` with ``d`` the usable diameter and
``S`` the die's area with its scribe street (Calculator Academy, CodingAce wafer
calculators); Poisson, Murphy, negative-binomial and Seeds yield models (CalculatorCorp,
Legitlads wafer yield calculators). Dies are taken square.
"""

from __future__ import annotations

import numpy as np

from . import units

MODELS = ("poisson", "murphy", "negative_binomial", "seeds")


def gross_dies_per_wafer(
    die_area_mm2,
    wafer_diameter_mm: float = 300.0,
    edge_exclusion_mm: float = 3.0,
    scribe_mm: float = 0.1,
):
    """Whole dies that fit on a wafer [dies]: ``pi d^2/(4S) - pi d/sqrt(2S)`` with
    ``d`` = diameter - 2 x edge exclusion [mm] and ``S`` = (side + scribe)^2 [mm2]."""
    d = wafer_diameter_mm - 2.0 * edge_exclusion_mm
    s = (np.sqrt(np.asarray(die_area_mm2, dtype=float)) + scribe_mm) ** 2
    return np.pi * d**2 / (4.0 * s) - np.pi * d / np.sqrt(2.0 * s)


def die_yield(die_area_mm2, d0_per_cm2, model: str = "negative_binomial", alpha: float = 3.0):
    """Share of dies without a killing defect [1] for die area [mm2] and defect density
    D0 [defects/cm2]: Poisson ``exp(-AD)``, Murphy ``((1-exp(-AD))/AD)^2``, negative
    binomial ``(1 + AD/alpha)^-alpha`` or Seeds ``1/(1+AD)``."""
    ad = units.cm2_from_mm2(np.asarray(die_area_mm2, dtype=float)) * np.asarray(
        d0_per_cm2, dtype=float
    )
    if model == "poisson":
        return np.exp(-ad)
    if model == "murphy":
        safe = np.where(ad > 0, ad, 1.0)
        return np.where(ad > 0, ((1.0 - np.exp(-safe)) / safe) ** 2, 1.0)
    if model == "negative_binomial":
        return (1.0 + ad / alpha) ** (-alpha)
    if model == "seeds":
        return 1.0 / (1.0 + ad)
    raise ValueError(f"unknown yield model {model!r}; one of {', '.join(MODELS)}")


def good_dies_per_wafer(
    die_area_mm2,
    d0_per_cm2,
    model: str = "negative_binomial",
    alpha: float = 3.0,
    wafer_diameter_mm: float = 300.0,
    edge_exclusion_mm: float = 3.0,
    scribe_mm: float = 0.1,
):
    """Gross dies per wafer x die yield [good dies per wafer]."""
    gross = gross_dies_per_wafer(die_area_mm2, wafer_diameter_mm, edge_exclusion_mm, scribe_mm)
    return gross * die_yield(die_area_mm2, d0_per_cm2, model, alpha)
