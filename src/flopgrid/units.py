"""Unit conversions, in one place.

The planning model works in scaled units so that its coefficients stay near 1:

========================  ==========================  =========================
quantity                  model unit                  name suffix in the model
========================  ==========================  =========================
accelerators              millions of accelerators    ``_m``
compute                   millions of h100e           ``_mh100e``
power                     GW                          ``_gw``
energy                    TWh                         ``_twh``
money                     billions of USD             ``_busd``
emissions                 Mt CO2e                     ``_mt``
wafers                    millions of wafers          ``_mwafers``
========================  ==========================  =========================

Every other module converts through the functions here and never multiplies
by a bare power of ten.
"""

from __future__ import annotations

import math

#: Dense BF16 TFLOP/s of one H100 SXM: the definition of one h100e.
H100E_TFLOPS_BF16 = 989.0
HOURS_PER_YEAR = 8760.0

_MILLION = 1e6
_BILLION = 1e9


def h100e_from_eflops(eflops):
    """Convert dense BF16 compute [EFLOP/s] to H100-equivalents [h100e]."""
    return eflops * 1e18 / (H100E_TFLOPS_BF16 * 1e12)


def eflops_from_h100e(h100e):
    """Convert H100-equivalents [h100e] to dense BF16 compute [EFLOP/s]."""
    return h100e * H100E_TFLOPS_BF16 * 1e12 / 1e18


def to_millions(count):
    """Count [1] to the model's count unit [millions]."""
    return count / _MILLION


def from_millions(count_m):
    """Model count [millions] to a plain count [1]."""
    return count_m * _MILLION


def busd_from_usd(usd):
    """USD to billions of USD."""
    return usd / _BILLION


def usd_from_busd(busd):
    """Billions of USD to USD."""
    return busd * _BILLION


def busd_per_m_from_usd_each(usd_each):
    """Price per unit [USD] to cost per million units [B USD / million]."""
    return usd_each * _MILLION / _BILLION


def busd_per_gw_from_usd_per_kw(usd_per_kw):
    """Capital or fixed cost [USD/kW] to [B USD/GW]."""
    return usd_per_kw * 1e6 / _BILLION


def busd_per_gwh_from_usd_per_kwh(usd_per_kwh):
    """Storage energy capex [USD/kWh] to [B USD/GWh]."""
    return usd_per_kwh * 1e6 / _BILLION


def busd_per_twh_from_usd_per_mwh(usd_per_mwh):
    """Energy price [USD/MWh] to [B USD/TWh]."""
    return usd_per_mwh * 1e6 / _BILLION


def busd_per_mt_from_usd_per_t(usd_per_t):
    """Carbon price [USD/t] to [B USD/Mt]."""
    return usd_per_t * 1e6 / _BILLION


def t_per_mwh_from_g_per_kwh(g_per_kwh):
    """Carbon intensity [g/kWh] to [t/MWh] (numerically equal to [Mt/TWh])."""
    return g_per_kwh / 1000.0


def twh_per_gw_year(load_factor=1.0):
    """Energy of 1 GW drawn for a year at ``load_factor`` [TWh/GW]."""
    return HOURS_PER_YEAR * load_factor / 1000.0


def gwh_per_hour_from_twh_per_year(rate_twh_per_year):
    """Energy of one hour at a rate given in [TWh/yr] (the plan's time-slice unit), in
    [GWh]: the rate's mean power in GW times 1 h."""
    return rate_twh_per_year / twh_per_gw_year()


def gw_from_m_accelerators_kw(kw_each):
    """IT power of one million accelerators drawing ``kw_each`` [kW] each, in [GW].

    One million x 1 kW is exactly 1 GW, so the factor is 1; the function exists so
    that the identity is written down once.
    """
    return kw_each * _MILLION * 1e3 / 1e9


def km2_from_square_miles(sq_mi):
    """Square miles to km2."""
    return sq_mi * 2.589988110336


def km2_from_acres(acres):
    """Acres to km2."""
    return acres * 0.00404685642


def usd_from_eur(eur, usd_per_eur):
    """EUR to USD at the given rate [USD/EUR]."""
    return eur * usd_per_eur


# Hourly dispatch works in GW for power, GWh for energy, M USD for money and
# millions of h100e for compute (so one hour of 1 M h100e is 1 M h100e-hours).


def musd_per_gwh_from_usd_per_mwh(usd_per_mwh):
    """Energy price [USD/MWh] to [M USD/GWh]."""
    return usd_per_mwh * 1e3 / _MILLION


def musd_per_mh100e_hour_from_usd(usd_per_h100e_hour):
    """Cost per h100e-hour [USD] to [M USD per M h100e-hours] (numerically equal)."""
    return usd_per_h100e_hour * _MILLION / _MILLION


def usd_from_musd(musd):
    """Millions of USD to USD."""
    return musd * _MILLION


def t_per_gwh_from_t_per_mwh(t_per_mwh):
    """Emission factor [t/MWh] to [t/GWh]."""
    return t_per_mwh * 1e3


def mt_from_t(t):
    """Tonnes to Mt."""
    return t / _MILLION


def gw_from_mw(mw):
    """MW to GW."""
    return mw / 1e3


def twh_from_gwh(gwh):
    """GWh to TWh."""
    return gwh / 1e3


def gw_per_mh100e_from_kw_per_h100e(kw_per_h100e):
    """Power per h100e [kW] to power per million h100e [GW] (numerically equal)."""
    return kw_per_h100e * _MILLION * 1e3 / 1e9


#: Dense TFLOP/s of one H100 SXM at each precision: one h100e at that precision. H100 has
#: no FP4 unit, so an FP4 workload runs on it at its FP8 rate (Epoch AI Machine Learning
#: Hardware dataset: 989 dense BF16, 1,979 dense FP8).
H100_DENSE_TFLOPS = {"bf16": 989.0, "fp8": 1979.0, "fp4": 1979.0}

#: the precisions a rate falls back through when a chip publishes none at the asked one
#: (an FP4 workload on a chip without FP4 runs at its FP8 rate, else at its BF16 rate)
PRECISION_FALLBACK = {"bf16": ("bf16",), "fp8": ("fp8", "bf16"), "fp4": ("fp4", "fp8", "bf16")}


def dense_tflops_at(tflops: dict, precision: str) -> float | None:
    """A chip's dense TFLOP/s for a workload at ``precision`` [TFLOP/s]: its published rate at
    that precision, else at the next wider one it publishes; None if it publishes none."""
    for p in PRECISION_FALLBACK[precision]:
        value = tflops.get(p)
        if value is not None:
            return float(value)
    return None


def h100e_from_tflops(tflops: dict, precision: str = "bf16") -> float | None:
    """H100-equivalents of a chip at ``precision`` [h100e]: its dense rate there over the
    H100's (both by :func:`dense_tflops_at`)."""
    rate = dense_tflops_at(tflops, precision)
    return None if rate is None else rate / H100_DENSE_TFLOPS[precision]


def cm2_from_mm2(area_mm2):
    """Area [mm2] to [cm2] (defect densities are per cm2)."""
    return area_mm2 / 100.0


# Numbers as text: the one formatter every table, message and report uses. Prefixes with a
# space before the unit ("1.41 k TWh", "257 k km2", "2.1 B USD"), never e-notation.

#: prefixes of money and plain counts (short-scale words: B, not G, for 1e9)
_COUNT_PREFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
#: prefixes of physical quantities (SI)
_SI_PREFIXES = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def _plain(x: float, digits: int) -> str:
    """``x`` to ``digits`` significant digits in positional notation, trailing zeros
    dropped: 0.000123, 1.5, 998, 12,300 (never 1.23e-04)."""
    if x == 0 or x != x or x in (float("inf"), float("-inf")):
        return "0" if x == 0 else str(x)
    mag = math.floor(math.log10(abs(x)))
    decimals = min(max(0, digits - 1 - mag), 12)
    text = f"{x:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _round_sig(x: float, digits: int) -> float:
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def fmt_plain(value: float | None, digits: int = 6) -> str:
    """A number in positional notation to ``digits`` significant digits, with thousands
    separators and no prefix ('107,000,000,000', '0.000123'): for raw values (SQL)."""
    if value is None or float(value) != float(value):
        return "-"
    return _plain(_round_sig(float(value), digits), digits)


def fmt_num(value: float | None, unit: str = "", digits: int = 3) -> str:
    """A number with a prefix and its unit: ``fmt_num(14120, "TWh")`` is '14.1 k TWh',
    ``fmt_num(2.1e9, "USD")`` '2.1 B USD', ``fmt_num(350_000)`` '350 k'. Money (USD) and
    unitless counts take k, M, B, T; other units SI prefixes (k, M, G, T, P, E). Values
    below 1000 print in full to ``digits`` significant digits ('0.0123 GW'); None and NaN
    print as '-'."""
    if value is None:
        return "-"
    v = float(value)
    if v != v:
        return "-"
    base = unit.split()[0] if unit else ""
    ladder = _COUNT_PREFIXES if base in ("", "USD") or base.startswith("USD") else _SI_PREFIXES
    rounded = _round_sig(v, digits)
    prefix = ""
    for scale, name in ladder:
        if abs(rounded) >= scale:
            v, prefix = v / scale, name
            break
    text = _plain(v, digits)
    suffix = " ".join(p for p in (prefix, unit) if p)
    return f"{text} {suffix}" if suffix else text


def fmt_usd(usd: float | None) -> str:
    """'2.1 B USD', '41 k USD', '350 USD'."""
    return fmt_num(usd, "USD")


def fmt_count(n: float | None) -> str:
    """'2.1 M', '350 k', '12'."""
    return fmt_num(n)


def fmt_busd(busd: float | None) -> str:
    """A model money value [B USD] as text: '2.1 B USD', '410 M USD'."""
    return "-" if busd is None else fmt_usd(usd_from_busd(busd))


def column_unit(values, unit: str = "", digits: int = 3) -> tuple[float, str]:
    """How to print a table column of ``values`` [``unit``] in one prefixed unit: the
    divisor and the unit label ('B USD', 'k TWh', 'M'), chosen by the largest value."""
    finite = [abs(float(v)) for v in values if v is not None and float(v) == float(v)]
    top = _round_sig(max(finite, default=0.0), digits)
    base = unit.split()[0] if unit else ""
    ladder = _COUNT_PREFIXES if base in ("", "USD") or base.startswith("USD") else _SI_PREFIXES
    scale, prefix = 1.0, ""
    for s, name in ladder:
        if top >= s:
            scale, prefix = s, name
            break
    return scale, " ".join(p for p in (prefix, unit) if p)


def fmt_change(rel: float) -> str:
    """A relative change as flopgrid prints one, signed to one decimal of a percent:
    ``fmt_change(0.00799)`` is '+0.8%', ``fmt_change(-0.612)`` '-61.2%' (validate's
    difference, runs compare's change against the first run)."""
    return f"{rel:+.1%}"


def fmt_in(value: float | None, scale: float = 1.0, digits: int = 3) -> str:
    """``value / scale`` to ``digits`` significant digits and at most 4 decimals, in
    positional notation ('-' for None and NaN): the cells of a :func:`column_unit` column."""
    if value is None or float(value) != float(value):
        return "-"
    v = _round_sig(float(value) / scale, digits)
    return _plain(round(v, 4), digits)
