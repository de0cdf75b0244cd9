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
