"""Validation cases: published figures that a planned scenario should reproduce.

A cases file (validation/cases.yaml) lists cases, each with the figure, its source, the
scenario (a built-in name, or a file relative to the cases file), the summary.json field
that should reproduce it and a tolerance stated up front::

    - id: iea-world-2030
      figure: World data-center electricity, 2030 (base case)
      value: 945               # or range: [325, 580]
      unit: TWh
      source: IEA, Energy and AI, 2025
      scenario: world-baseline
      path: [by_year, energy_twh]   # or "by_year.energy_twh"; a list of list paths is summed
      year: 2030                    # picks the element of a by-year array
      tolerance: 0.10               # relative, for `value` cases
      group: held_out               # held_out | calibrated (an input was set from it)
      gate: true                    # false: reported, but a failure does not fail the run

Each scenario is planned once. The older ``kind: check | calibration`` reads as
``group: held_out | calibrated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import FlopgridError, Problem
from ..safety import InputError
from ..scenario.errors import where
from ..scenario.yamlio import read_yaml_lines
from ..units import fmt_change, fmt_num
from .case_checks import GROUPS as GROUPS
from .case_checks import KIND_GROUP, case_problems
from .case_checks import REQUIRED as REQUIRED


def group_of(case: dict) -> str:
    """A case's group: ``calibrated`` (in sample) or ``held_out``."""
    if "group" in case:
        return str(case["group"])
    return KIND_GROUP.get(str(case.get("kind", "check")), "held_out")


def default_cases_path() -> Path | None:
    """validation/cases.yaml in the working directory, else in the source tree."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[3]):
        path = root / "validation" / "cases.yaml"
        if path.exists():
            return path
    return None


@dataclass
class CaseResult:
    case: dict
    value: float | None
    passed: bool
    difference: str
    error: str = ""

    def as_dict(self) -> dict:
        c = self.case
        return {
            "id": c["id"],
            "figure": c["figure"],
            "source": c["source"],
            "scenario": c["scenario"],
            "target": c.get("value", c.get("range")),
            "unit": c["unit"],
            "flopgrid": self.value,
            "difference": self.difference,
            "tolerance": c.get("tolerance"),
            "group": group_of(c),
            "gate": bool(c.get("gate", True)),
            "passed": self.passed,
            "error": self.error,
            "note": c.get("note", ""),
        }


def load_cases(path: Path | str | None = None) -> tuple[list[dict], Path]:
    """The cases of a cases file (default: validation/cases.yaml) and the file's path.

    Raises
    ------
    FlopgridError
        Every problem of every case, each with the file, line and field."""
    path = Path(path) if path is not None else default_cases_path()
    if path is None or not path.exists():
        raise FlopgridError(f"{path or 'validation/cases.yaml'}: no such cases file")
    doc, lines = read_yaml_lines(path)
    cases = doc.get("cases") if isinstance(doc, dict) else doc
    if not isinstance(cases or [], list):
        raise FlopgridError(f"{path}: expected a list of cases")
    prefix = ("cases",) if isinstance(doc, dict) else ()
    problems = []
    for i, case in enumerate(cases or []):
        found = (
            case_problems(case, path.parent)
            if isinstance(case, dict)
            else [("", "expected a mapping")]
        )
        for key, message in found:
            loc = (*prefix, i, key) if key else (*prefix, i)
            name = f"cases[{i}]" + (f" ({case.get('id')})" if isinstance(case, dict) else "")
            problems.append(Problem(name + (f".{key}" if key else ""), message, *where(loc, lines)))
    if problems:
        raise InputError(problems)
    return list(cases or []), path


def _get(summary: dict, path) -> Any:
    keys = path.split(".") if isinstance(path, str) else list(path)
    node = summary
    for key in keys:
        node = node[key]
    return node


def field_value(summary: dict, case: dict) -> float:
    """The case's field of a summary: one path or the sum of several, at ``year`` if given."""
    paths = case["path"]
    nested = isinstance(paths, list) and bool(paths) and isinstance(paths[0], (list, tuple))
    many = paths if nested else [paths]
    total = 0.0
    for p in many:
        node = _get(summary, p)
        if "year" in case:
            node = node[summary["years"].index(int(case["year"]))]
        total += float(node)
    return total


def evaluate(case: dict, value: float) -> tuple[bool, str]:
    """(passed, difference) of a flopgrid value against the case's figure."""
    if "range" in case:
        low, high = case["range"]
        if low <= value <= high:
            return True, "within range"
        off = value - (low if value < low else high)
        return False, f"{'+' if off > 0 else ''}{fmt_num(off, case['unit'])} outside"
    target = float(case["value"])
    rel = (value - target) / target if target else float("inf")
    return abs(rel) <= float(case["tolerance"]), fmt_change(rel)


def run_cases(cases: list[dict], base: Path | None = None, plan_fn=None) -> list[CaseResult]:
    """Plan each scenario the cases need once and evaluate every case."""
    from ..plan import plan as _plan

    plan_fn = plan_fn or _plan
    summaries: dict = {}
    results = []
    for case in cases:
        key = (case["scenario"], tuple(case.get("set", [])))
        if key not in summaries:
            source = case["scenario"]
            if base is not None and str(source).endswith((".yaml", ".yml")):
                source = base / source
            try:
                summaries[key] = plan_fn(source, case.get("set", [])).summary
            except FlopgridError as exc:
                summaries[key] = exc
        got = summaries[key]
        if isinstance(got, Exception):
            results.append(CaseResult(case, None, False, "", f"planning failed: {got}"))
            continue
        try:
            value = field_value(got, case)
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            results.append(CaseResult(case, None, False, "", f"no field {case['path']}: {exc}"))
            continue
        passed, diff = evaluate(case, value)
        results.append(CaseResult(case, value, passed, diff))
    return results
