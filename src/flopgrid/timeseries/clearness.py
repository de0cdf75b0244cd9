"""Synthetic cloudiness: daily clearness-index sequences and hourly fluctuations.

For a site without a typical-year station nearby, clouds come from a published
stochastic model, seeded by the site so the same site always gets the same year:

- Daily clearness index K_T (daily global horizontal / extraterrestrial horizontal
  irradiation) drawn from the distribution of Bendt, Collares-Pereira & Rabl,
  "The frequency distribution of daily insolation values", Solar Energy 27(1):1-5,
  Elsevier, 1981, https://doi.org/10.1016/0038-092X(81)90013-2: a truncated
  exponential density on [K_min, K_max] = [0.05, 0.864] whose exponent is set by the
  mean K_T (fitted to 20 years at 90 US stations). Confidence: medium (the constants
  are the paper's; the form is the one Duffie & Beckman, "Solar Engineering of Thermal
  Processes", Wiley, reproduce).
- Day-to-day persistence as in Graham, Hollands & Unny, "A time series model for
  K_t with application to global synthetic weather generation", Solar Energy
  40(2):83-92, Elsevier, 1988, https://doi.org/10.1016/0038-092X(88)90075-0: a
  Gaussian AR(1) process mapped through the K_T distribution. Its lag-one
  autocorrelation, :data:`DAILY_LAG1`, is the median measured over the 18 typical
  years that ship offline (pvlib's TMY2/TMY3, demandlib's DWD TRY2010): 0.26,
  range 0.13-0.37 (``docs/weather.md``). Confidence: medium.
- Hour-to-hour fluctuation within a day as in the TAG model of Aguiar &
  Collares-Pereira, "TAG: a time-dependent, autoregressive, Gaussian model for
  generating synthetic hourly radiation", Solar Energy 49(3):167-174, Elsevier, 1992,
  https://doi.org/10.1016/0038-092X(92)90068-L: lag-one autocorrelation
  0.38 + 0.06 cos(7.4 K_T - 2.5) and standard deviation 0.14 exp(-20 (K_T - 0.35)^2)
  x exp((3 (K_T - 0.45)^2 + 16 K_T^5)(1 - sin h)) at solar elevation h; each day is
  renormalised so that its energy is the one its K_T gives. Confidence: medium.

The Markov-transition-matrix library of Aguiar, Collares-Pereira & Conde (1988) is
the other standard choice (TRNSYS, Meteonorm); its tables are not reproduced here.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.signal import lfilter
from scipy.special import ndtr

#: bounds of the daily clearness index (Bendt et al. 1981)
KT_MIN = 0.05
KT_MAX = 0.864
#: lag-one autocorrelation of daily clearness anomalies (median of 18 shipped typical years)
DAILY_LAG1 = 0.26


def _bendt_mean(gamma: float, kt_max: float = KT_MAX) -> float:
    """Mean of the truncated exponential density exp(gamma K) on [KT_MIN, kt_max]."""
    if abs(gamma) < 1e-9:
        return 0.5 * (KT_MIN + kt_max)
    a, b = gamma * KT_MIN, gamma * kt_max
    # mean = (K_max e^b - K_min e^a) / (e^b - e^a) - 1/gamma, written to avoid overflow
    shift = max(a, b)
    ea, eb = math.exp(a - shift), math.exp(b - shift)
    return (kt_max * eb - KT_MIN * ea) / (eb - ea) - 1.0 / gamma


def bendt_gamma(mean_kt: float, kt_max: float = KT_MAX) -> float:
    """The exponent gamma of Bendt et al.'s density whose mean is ``mean_kt``."""
    target = min(max(mean_kt, KT_MIN + 0.02), kt_max - 0.02)
    lo, hi = -200.0, 200.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _bendt_mean(mid, kt_max) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def bendt_quantile(u: np.ndarray, mean_kt: float, kt_max: float = KT_MAX) -> np.ndarray:
    """Daily clearness index [1] at probabilities ``u`` for a climate of mean ``mean_kt``."""
    gamma = bendt_gamma(mean_kt, kt_max)
    u = np.asarray(u, dtype=float)
    if abs(gamma) < 1e-9:
        return KT_MIN + u * (kt_max - KT_MIN)
    # invert F(K) = (e^{gK} - e^{gKmin}) / (e^{gKmax} - e^{gKmin}) in a stable form
    a, b = gamma * KT_MIN, gamma * kt_max
    if gamma > 0:
        return kt_max + np.log(u + (1.0 - u) * math.exp(a - b)) / gamma
    return KT_MIN + np.log1p(u * (math.exp(b - a) - 1.0)) / gamma


def ar1(n: int, phi: float, rng: np.random.Generator) -> np.ndarray:
    """A stationary Gaussian AR(1) series of unit variance and lag-one correlation ``phi``."""
    eps = rng.standard_normal(n) * math.sqrt(1.0 - phi * phi)
    eps[0] /= math.sqrt(1.0 - phi * phi)  # start in the stationary distribution
    return lfilter([1.0], [1.0, -phi], eps)


def daily_clearness(
    mean_kt: float,
    days: int,
    rng: np.random.Generator,
    kt_max: float = KT_MAX,
    lag1: float = DAILY_LAG1,
) -> np.ndarray:
    """Daily clearness indices [1], persistent from day to day, of long-run mean ``mean_kt``.

    ``kt_max`` bounds the clearest day; :func:`.solar.synthetic_ghi` passes the site's
    clear-sky clearness (Bendt et al.'s 0.864 is a US average of clear days).
    """
    return bendt_quantile(ndtr(ar1(days, lag1, rng)), mean_kt, kt_max)


def hourly_factor(
    daily_kt: np.ndarray, sin_elevation: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Hour-to-hour multiplier [1] on a day's irradiance (TAG model fluctuations).

    ``daily_kt`` has one value per day, ``sin_elevation`` is (days, 24). The factor
    has a daylight-weighted mean of 1 on each day, so daily energy is kept.
    """
    kt = np.repeat(daily_kt[:, None], 24, axis=1)
    phi = 0.38 + 0.06 * np.cos(7.4 * kt - 2.5)
    sin_h = np.clip(sin_elevation, 0.0, 1.0)
    growth = np.minimum((3.0 * (kt - 0.45) ** 2 + 16.0 * kt**5) * (1.0 - sin_h), 50.0)
    sigma = 0.14 * np.exp(-20.0 * (kt - 0.35) ** 2) * np.exp(growth)
    sigma = np.minimum(sigma, 0.35)
    eps = rng.standard_normal(kt.shape)
    y = np.empty_like(kt)
    y[:, 0] = eps[:, 0]
    for h in range(1, 24):
        y[:, h] = phi[:, h] * y[:, h - 1] + np.sqrt(1 - phi[:, h] ** 2) * eps[:, h]
    # relative to the hour's mean clearness (TAG's sigma is absolute in k_t)
    factor = np.clip(1.0 + sigma * y / np.maximum(kt, 0.05), 0.05, 1.6)
    weight = sin_h
    mean = (factor * weight).sum(axis=1) / np.maximum(weight.sum(axis=1), 1e-9)
    return factor / np.where(mean > 0, mean, 1.0)[:, None]
