"""Sweep designs: which futures to plan, as lists of ``path=value`` overrides.

A factor varies one scenario field (``--vary PATH=SPEC``, or ``vary:`` in a sweep file)::

    PATH=[v1, v2, ...]          grid values (a list-valued field takes a list of lists)
    PATH=uniform(a, b)          a distribution, sampled (--samples N) or screened (--morris R)
    PATH=triangular(a, mode, b)
    PATH=lognormal(mu, sigma)   mu and sigma of the underlying normal (median e**mu)
    PATH=choice([v1, v2, ...])  equally likely values
    PATH=*SPEC                  multiply the scenario's own value at PATH by SPEC: a number,
                                or every number of a mapping, such as a by_year table
                                (demand.by_year=*[0.8, 1, 1.2], demand.by_year=*uniform(0.7, 1.3))
    PATH=VALUE                  anything else: the same value in every run (like --set)

Grids alone give their full factorial. With ``--samples N`` the distributions are drawn by
Latin hypercube sampling (scipy.stats.qmc, seeded) and crossed with the grid. With
``--morris R`` every varied factor is screened with R Morris trajectories on ``levels``
levels; a distribution's level l of p sits at its quantile (l + 0.5) / p, a grid's at the
nearest of its values.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import yaml
from scipy import stats
from scipy.stats import qmc

from ..errors import FlopgridError
from ..safety import load_yaml
from ..scenario.load import load_raw
from .paths import lookup, path_problem

DISTRIBUTIONS = ("uniform", "triangular", "lognormal", "choice")
_CALL = re.compile(r"^\s*(\w+)\s*\((.*)\)\s*$", re.S)
#: numbers in exponent form that YAML 1.1 reads as strings (5e4, 1E-3)
_EXP = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$")


def _yaml(text: str):
    """YAML, with 5e4-style numbers read as numbers (PyYAML wants 5.0e4)."""
    value = load_yaml(text)
    if isinstance(value, str) and _EXP.match(value.strip()):
        return float(value)
    if isinstance(value, list):
        return [float(v) if isinstance(v, str) and _EXP.match(v.strip()) else v for v in value]
    return value


class DesignError(FlopgridError):
    """A sweep definition that cannot be expanded (bad --vary, missing --samples...)."""


@dataclass(frozen=True)
class Factor:
    """One varied scenario field.

    ``kind`` is ``grid``, ``fixed`` or a distribution name; ``args`` its values or
    parameters; ``scale`` multiplies the scenario's own value at ``path``.
    """

    path: str
    kind: str
    args: tuple
    scale: bool = False
    text: str = ""

    @property
    def label(self) -> str:
        return f"scale({self.path})" if self.scale else self.path

    @property
    def varied(self) -> bool:
        return self.kind != "fixed"

    def dist(self):
        """The frozen scipy distribution of a uniform, triangular or lognormal factor."""
        if self.kind == "uniform":
            a, b = self.args
            return stats.uniform(loc=a, scale=b - a)
        if self.kind == "triangular":
            a, mode, b = self.args
            return stats.triang(c=(mode - a) / (b - a), loc=a, scale=b - a)
        mu, sigma = self.args
        return stats.lognorm(s=sigma, scale=math.exp(mu))

    def at(self, u: float):
        """The factor's value at unit quantile ``u`` in [0, 1)."""
        if self.kind in ("grid", "choice"):
            values = self.args
            return values[min(int(u * len(values)), len(values) - 1)]
        return float(self.dist().ppf(u))

    def at_level(self, u: float, levels: int):
        """The value at Morris level ``u`` in {0, 1/(p-1), ..., 1}."""
        if self.kind in ("grid", "choice"):
            return self.args[round(u * (len(self.args) - 1))]
        level = round(u * (levels - 1))
        return float(self.dist().ppf((level + 0.5) / levels))


@dataclass
class Task:
    """One future: its overrides and where it sits in the design."""

    task_no: int
    overrides: list[str]
    point: dict = field(default_factory=dict)


def _numbers(args, n: int, name: str, text: str) -> tuple:
    if len(args) != n or not all(isinstance(a, int | float) for a in args):
        raise DesignError(f"{text}: {name} takes {n} numbers")
    return tuple(float(a) for a in args)


#: what a --vary SPEC may be, for errors
SPECS = "[a, b, ...], uniform(a, b), triangular(a, mode, b), lognormal(mu, sigma), choice([a, b])"


def parse_factor(path: str, spec) -> Factor:
    """A factor from its path and its spec (text from --vary, or YAML data from a file)."""
    factor = _parse_factor(path.strip(), spec)
    if factor.scale:
        values = factor.args if factor.kind in ("grid", "choice", "fixed") else ()
        bad = [v for v in values if isinstance(v, bool) or not isinstance(v, int | float)]
        if bad:
            got = "nothing" if bad[0] is None else repr(bad[0])
            raise DesignError(
                f"{factor.text}: *SPEC multiplies the scenario's value by a number, a grid of "
                f"numbers or a distribution ({SPECS}), got {got}"
            )
    elif factor.kind == "fixed" and isinstance(factor.args[0], str):
        value = factor.args[0]
        if any(c in value for c in "()[]{}*"):  # a grid or a distribution, mistyped
            raise DesignError(f"{factor.text}: cannot read {value!r}; expected {SPECS}")
    return factor


def _parse_factor(path: str, spec) -> Factor:
    scale = isinstance(spec, str) and spec.strip().startswith("*")
    text = f"{path}={spec}"
    if scale:
        spec = spec.strip()[1:]
    call = _CALL.match(spec) if isinstance(spec, str) else None
    if call:
        name, inner = call.group(1), call.group(2)
        if name not in DISTRIBUTIONS:
            raise DesignError(
                f"{text}: unknown distribution {name!r}; use {', '.join(DISTRIBUTIONS)}"
            )
        try:
            args = _yaml(f"[{inner}]")
        except yaml.YAMLError as exc:
            raise DesignError(f"{text}: cannot read the arguments ({exc})") from None
        if name == "choice":
            if len(args) != 1 or not isinstance(args[0], list) or not args[0]:
                raise DesignError(f"{text}: choice takes one non-empty list, choice([a, b])")
            return Factor(path, "choice", tuple(_yaml(yaml_value(args[0]))), scale, text)
        n = {"uniform": 2, "triangular": 3, "lognormal": 2}[name]
        nums = _numbers(args, n, name, text)
        if name == "uniform" and not nums[0] < nums[1]:
            raise DesignError(f"{text}: uniform(a, b) needs a < b")
        if name == "triangular" and (not nums[0] <= nums[1] <= nums[2] or nums[0] == nums[2]):
            raise DesignError(f"{text}: triangular(a, mode, b) needs a <= mode <= b and a < b")
        if name == "lognormal" and nums[1] <= 0:
            raise DesignError(f"{text}: lognormal(mu, sigma) needs sigma > 0")
        return Factor(path, name, nums, scale, text)
    value = spec
    if isinstance(spec, str):
        try:
            value = _yaml(spec) if spec.strip() else None
        except yaml.YAMLError:
            value = spec
    if isinstance(value, list):
        if not value:
            raise DesignError(f"{text}: an empty grid")
        return Factor(path, "grid", tuple(value), scale, text)
    return Factor(path, "fixed", (value,), scale, text)


def parse_vary(items) -> list[Factor]:
    """Factors from ``PATH=SPEC`` strings or a ``{path: spec}`` mapping."""
    pairs = []
    if isinstance(items, dict):
        pairs = list(items.items())
    else:
        for item in items:
            if "=" not in item:
                raise DesignError(f"{item!r}: expected PATH=SPEC, e.g. discount_rate=[0.05,0.1]")
            pairs.append(tuple(item.split("=", 1)))
    factors = [parse_factor(str(p), s) for p, s in pairs]
    seen = set()
    for f in factors:
        if f.path in seen:
            raise DesignError(f"{f.path}: varied twice")
        seen.add(f.path)
    return factors


def yaml_value(value) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    text = yaml.safe_dump(value, default_flow_style=True, width=10**9).strip()
    return text[:-3].strip() if text.endswith("\n...") else text


def _scaled(base, factor: float, path: str):
    if isinstance(base, bool) or base is None:
        raise DesignError(f"{path}: the scenario has no number or table of numbers to scale")
    if isinstance(base, str) and _EXP.match(base.strip()):
        base = float(base)  # 43.0e9 in a YAML file (PyYAML reads it as text)
    if isinstance(base, int | float):
        return float(base) * factor
    if isinstance(base, dict):
        return {k: _scaled(v, factor, path) for k, v in base.items() if v is not None}
    raise DesignError(f"{path}: cannot scale {type(base).__name__} values")


def _numeric(value, factor: Factor) -> float:
    """A value as a number for analysis: itself, or its position among the grid's values."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float(factor.args.index(value))


class Design:
    """A sweep's factors expanded into tasks.

    Parameters
    ----------
    source
        The scenario (built-in name or file).
    factors
        From :func:`parse_vary`.
    fixed
        ``path=value`` overrides applied to every run.
    samples, seed, morris, levels
        Monte Carlo samples (Latin hypercube), the seed, Morris trajectories and levels.
    """

    def __init__(
        self,
        source: str,
        factors: list[Factor],
        fixed: Sequence[str] = (),
        samples: int = 0,
        seed: int = 0,
        morris: int = 0,
        levels: int = 4,
    ) -> None:
        self.source = source
        self.factors = [f for f in factors if f.varied]
        self.fixed = list(fixed)
        self.fixed_factors = [f for f in factors if not f.varied]
        self.samples, self.seed, self.morris, self.levels = samples, seed, morris, levels
        dists = [f for f in self.factors if f.kind != "grid"]
        if samples and morris:
            raise DesignError("choose --samples (Monte Carlo) or --morris (screening), not both")
        if dists and not (samples or morris):
            raise DesignError(
                f"{dists[0].text}: a distribution needs --samples N (Monte Carlo) "
                "or --morris R (screening)"
            )
        if morris and levels < 2:
            raise DesignError("--levels must be at least 2")
        if not self.factors and self.fixed_factors:
            given = ", ".join(f.text for f in self.fixed_factors)
            raise DesignError(
                f"nothing varies: {given} gives one value to every run; give a grid "
                "PATH=[a, b] or a distribution PATH=uniform(a, b)"
            )
        if not self.factors:
            raise DesignError("nothing varies: give --vary PATH=SPEC")
        self.kind = "morris" if morris else "montecarlo" if samples else "grid"
        self._base: dict | None = None

    def _base_value(self, path: str):
        if self._base is None:
            self._base, _ = load_raw(self.source)
        value = lookup(self._base, path)
        if value is None:
            raise DesignError(f"{path}: {self.source} has no value there to scale")
        return value

    def check_paths(self) -> None:
        """Raise :class:`DesignError` unless every varied path names a field the scenario
        has or may have: each step but the last must exist in the resolved scenario, and
        the last must be there or be a field of its parent; and the scenario with the values
        every run is given (``--set``, single-valued ``--vary``) must be valid. Runs before
        any task starts, so a typo or a bad fixed value fails the sweep at once instead of
        failing every task."""
        from ..scenario.errors import allowed_keys
        from ..scenario.schema import Scenario

        try:
            base, _ = load_raw(self.source, self.fixed)
        except FlopgridError as exc:
            raise DesignError(f"{self.source}: {exc}") from None
        problems = []
        for f in [*self.factors, *self.fixed_factors]:
            problem = path_problem(base, f.path, allowed_keys, Scenario)
            if problem:
                problems.append(f"--vary {f.path}: {problem}")
        if problems:
            raise DesignError("; ".join(problems))
        fixed = self._fixed_overrides()
        if fixed:  # a value every run is given is checked once, here
            from ..scenario import load_scenario

            try:
                load_scenario(self.source, fixed)
            except FlopgridError as exc:
                raise DesignError(f"{self.source}: {exc}") from None

    def _override(self, factor: Factor, value) -> str:
        if factor.scale:
            value = _scaled(self._base_value(factor.path), float(value), factor.path)
        return f"{factor.path}={yaml_value(value)}"

    def _fixed_overrides(self) -> list[str]:
        return self.fixed + [self._override(f, f.args[0]) for f in self.fixed_factors]

    def _task(self, n: int, values: dict, point: dict) -> Task:
        fixed = self._fixed_overrides()
        overrides = fixed + [self._override(f, values[f.path]) for f in self.factors]
        x = {f.label: _numeric(values[f.path], f) for f in self.factors}
        return Task(n, overrides, {"x": x, **point})

    def tasks(self) -> list[Task]:
        """Every task of the design, numbered from 0 (deterministic for a seed)."""
        if self.kind == "morris":
            return self._morris_tasks()
        grids = [f for f in self.factors if f.kind == "grid"]
        dists = [f for f in self.factors if f.kind != "grid"]
        draws: list[dict] = [{}]
        if dists:
            u = qmc.LatinHypercube(d=len(dists), rng=np.random.default_rng(self.seed)).random(
                self.samples
            )
            draws = [{f.path: f.at(row[i]) for i, f in enumerate(dists)} for row in u]
        out: list[Task] = []
        for combo in itertools.product(*(f.args for f in grids)):
            for sample, draw in enumerate(draws):
                values = {**{f.path: v for f, v in zip(grids, combo, strict=True)}, **draw}
                point = {"sample": sample} if dists else {}
                out.append(self._task(len(out), values, point))
        return out

    def _morris_tasks(self) -> list[Task]:
        rng = np.random.default_rng(self.seed)
        out: list[Task] = []
        for r in range(self.morris):
            for step, row in enumerate(morris_trajectory(len(self.factors), self.levels, rng)):
                values = {
                    f.path: f.at_level(row[i], self.levels) for i, f in enumerate(self.factors)
                }
                u = {f.label: float(row[i]) for i, f in enumerate(self.factors)}
                out.append(self._task(len(out), values, {"group": r, "step": step, "u": u}))
        return out

    def describe(self) -> dict:
        """The design as plain data (stored with the sweep)."""
        return {
            "kind": self.kind,
            "scenario": self.source,
            "vary": {f.path: f.text.split("=", 1)[1] for f in self.factors},
            "labels": [f.label for f in self.factors],
            "set": self.fixed + [f.text for f in self.fixed_factors],
            "samples": self.samples,
            "seed": self.seed,
            "morris": self.morris,
            "levels": self.levels,
        }


def morris_trajectory(k: int, levels: int, rng: np.random.Generator) -> np.ndarray:
    """One Morris (1991) trajectory of k+1 points on the unit grid of ``levels`` levels.

    B* = (J x* + (Δ/2)((2B - J) D* + J)) P*, with Δ = p / (2 (p - 1)), B the strictly lower
    triangular matrix of ones, x* a random base point, D* random signs and P* a random
    permutation: consecutive rows differ in exactly one factor, by ±Δ.
    """
    p = levels
    delta = p / (2 * (p - 1))
    grid = np.arange(p) / (p - 1)
    base = rng.choice(grid[grid <= 1 - delta + 1e-12], size=k)
    B = np.tril(np.ones((k + 1, k)), -1)
    J = np.ones((k + 1, k))
    D = np.diag(rng.choice([-1.0, 1.0], size=k))
    P = np.eye(k)[rng.permutation(k)]
    traj = (J * base + (delta / 2) * ((2 * B - J) @ D + J)) @ P
    return np.clip(np.round(traj * (p - 1)) / (p - 1), 0.0, 1.0)
