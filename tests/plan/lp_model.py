"""LP files read back as models, so golden files compare as mathematics, not as text.

Two builds of one model on different machines may differ in the last digit of a
coefficient (a BLAS sums in another order) and list the terms of a row in another
order; neither is a change of the model. :func:`parse_lp` reads a CPLEX LP file as
written by linopy into plain dicts, and :func:`lp_differences` lists what differs
between two models: variables, rows, senses, coefficients, right-hand sides, bounds
and integrality, numbers compared to a relative tolerance.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

#: linopy appends its internal label to every name (``site_cap(a,2030)#5``); the label is
#: a numbering, not part of the model
_LABEL = re.compile(r"#\d+$")
_SENSES = {"<=": "<=", "=<": "<=", "<": "<=", ">=": ">=", "=>": ">=", ">": ">=", "=": "="}
_SECTIONS = {
    "min": "objective",
    "minimize": "objective",
    "minimise": "objective",
    "max": "objective",
    "maximize": "objective",
    "maximise": "objective",
    "s.t.": "rows",
    "st": "rows",
    "subject to": "rows",
    "bounds": "bounds",
    "general": "general",
    "generals": "general",
    "gen": "general",
    "binary": "binary",
    "binaries": "binary",
    "bin": "binary",
    "end": "end",
}


@dataclass
class Row:
    terms: dict[str, float]
    sense: str
    rhs: float


@dataclass
class LPModel:
    """A linear program as data: every name without linopy's ``#label`` suffix."""

    sense: str = "min"
    objective: dict[str, float] = field(default_factory=dict)
    constant: float = 0.0
    rows: dict[str, Row] = field(default_factory=dict)
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)
    integers: set[str] = field(default_factory=set)
    binaries: set[str] = field(default_factory=set)


def _name(token: str) -> str:
    return _LABEL.sub("", token)


def _number(token: str) -> float:
    t = token.lower()
    if t in ("+inf", "inf", "+infinity", "infinity"):
        return math.inf
    if t in ("-inf", "-infinity"):
        return -math.inf
    return float(token)


def _is_number(token: str) -> bool:
    try:
        _number(token)
    except ValueError:
        return False
    return True


def _terms(tokens: list[str]) -> tuple[dict[str, float], float]:
    """``+2.5 x -1 y +3`` -> ({x: 2.5, y: -1}, constant 3); repeated variables add up."""
    terms: dict[str, float] = {}
    constant = 0.0
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        sign = 1.0
        if tok in ("+", "-"):
            sign = -1.0 if tok == "-" else 1.0
            i += 1
            tok = tokens[i]
        if _is_number(tok):
            coef = sign * _number(tok)
            if i + 1 < len(tokens) and not _is_number(tokens[i + 1]) and tokens[i + 1] not in "+-":
                var = _name(tokens[i + 1])
                terms[var] = terms.get(var, 0.0) + coef
                i += 2
            else:
                constant += coef
                i += 1
        else:
            var = _name(tok)
            terms[var] = terms.get(var, 0.0) + sign
            i += 1
    return {v: c for v, c in terms.items() if c != 0.0}, constant


def _split_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for raw in text.splitlines():
        line = raw.split("\\", 1)[0].strip()  # a backslash starts a comment
        if not line:
            continue
        key = _SECTIONS.get(line.lower())
        if key is not None:
            current = key
            if key == "objective":
                sections["sense"] = [line.lower()[:3]]
            sections.setdefault(key, [])
            continue
        if current is None:
            raise ValueError(f"LP text before any section: {line!r}")
        sections[current].append(line)
    return sections


def _rows(lines: list[str]) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    name, body = None, []

    def close() -> None:
        if name is None:
            return
        tokens = " ".join(body).split()
        at = next((i for i, t in enumerate(tokens) if t in _SENSES), None)
        if at is None or at + 2 != len(tokens):
            raise ValueError(f"row {name}: expected terms, a sense and a right-hand side")
        terms, constant = _terms(tokens[:at])
        if name in rows:
            raise ValueError(f"row {name} given twice")
        rows[name] = Row(terms, _SENSES[tokens[at]], _number(tokens[at + 1]) - constant)

    for line in lines:
        head, colon, rest = line.partition(":")
        if colon and not _is_number(head.split()[-1] if head.split() else "0"):
            close()
            name, body = _name(head.strip()), [rest]
        else:
            body.append(line)
    close()
    return rows


def _bounds(lines: list[str]) -> dict[str, tuple[float, float]]:
    out: dict[str, tuple[float, float]] = {}
    for line in lines:
        tokens = line.split()
        if len(tokens) == 2 and tokens[1].lower() == "free":
            out[_name(tokens[0])] = (-math.inf, math.inf)
        elif len(tokens) == 5 and tokens[1] in _SENSES and tokens[3] in _SENSES:
            out[_name(tokens[2])] = (_number(tokens[0]), _number(tokens[4]))
        elif len(tokens) == 3 and tokens[1] in _SENSES:
            var, sense, value = _name(tokens[0]), _SENSES[tokens[1]], _number(tokens[2])
            lo, hi = out.get(var, (0.0, math.inf))
            if sense == "=":
                lo = hi = value
            elif sense == "<=":
                hi = value
            else:
                lo = value
            out[var] = (lo, hi)
        else:
            raise ValueError(f"bound not understood: {line!r}")
    return out


def parse_lp(text: str) -> LPModel:
    """Read an LP file's text (CPLEX LP format, as linopy writes it)."""
    sections = _split_sections(text)
    tokens = " ".join(sections.get("objective", [])).split()
    if tokens and tokens[0].endswith(":"):  # the objective's name
        tokens = tokens[1:]
    objective, constant = _terms(tokens)
    integers = {_name(t) for line in sections.get("general", []) for t in line.split()}
    binaries = {_name(t) for line in sections.get("binary", []) for t in line.split()}
    return LPModel(
        sense=sections.get("sense", ["min"])[0],
        objective=objective,
        constant=constant,
        rows=_rows(sections.get("rows", [])),
        bounds=_bounds(sections.get("bounds", [])),
        integers=integers,
        binaries=binaries,
    )


def _close(a: float, b: float, rel: float) -> bool:
    # the absolute floor only lets an exact zero meet round-off (1e-17 from a sum)
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12) or a == b


def _compare_terms(where: str, a: dict, b: dict, rel: float, out: list[str]) -> None:
    for var in sorted(a.keys() - b.keys()):
        out.append(f"{where}: term {var} ({a[var]!r}) only in the built model")
    for var in sorted(b.keys() - a.keys()):
        out.append(f"{where}: term {var} ({b[var]!r}) only in the golden model")
    for var in sorted(a.keys() & b.keys()):
        if not _close(a[var], b[var], rel):
            out.append(f"{where}: coefficient of {var} is {a[var]!r}, golden {b[var]!r}")


def lp_differences(built: LPModel, golden: LPModel, rel: float = 1e-9) -> list[str]:
    """Every difference between two models, in words; empty when they are the same model.

    Names must match exactly; numbers to a relative ``rel``. Term order, row order,
    linopy's labels and how a term's sign is spelt play no part.
    """
    out: list[str] = []
    if built.sense != golden.sense:
        out.append(f"objective sense {built.sense}, golden {golden.sense}")
    _compare_terms("objective", built.objective, golden.objective, rel, out)
    if not _close(built.constant, golden.constant, rel):
        out.append(f"objective constant {built.constant!r}, golden {golden.constant!r}")
    for name in sorted(built.rows.keys() - golden.rows.keys()):
        out.append(f"row {name} only in the built model")
    for name in sorted(golden.rows.keys() - built.rows.keys()):
        out.append(f"row {name} only in the golden model")
    for name in sorted(built.rows.keys() & golden.rows.keys()):
        a, b = built.rows[name], golden.rows[name]
        if a.sense != b.sense:
            out.append(f"row {name}: sense {a.sense}, golden {b.sense}")
        if not _close(a.rhs, b.rhs, rel):
            out.append(f"row {name}: right-hand side {a.rhs!r}, golden {b.rhs!r}")
        _compare_terms(f"row {name}", a.terms, b.terms, rel, out)
    variables = set(built.bounds) | set(golden.bounds)
    for var in sorted(variables):
        if var not in built.bounds:
            out.append(f"variable {var} only in the golden model")
        elif var not in golden.bounds:
            out.append(f"variable {var} only in the built model")
        else:
            (lo_a, hi_a), (lo_b, hi_b) = built.bounds[var], golden.bounds[var]
            if not (_close(lo_a, lo_b, rel) and _close(hi_a, hi_b, rel)):
                out.append(f"bounds of {var}: [{lo_a}, {hi_a}], golden [{lo_b}, {hi_b}]")
    for kind, a, b in (
        ("integer", built.integers, golden.integers),
        ("binary", built.binaries, golden.binaries),
    ):
        for var in sorted(a ^ b):
            side = "built" if var in a else "golden"
            out.append(f"variable {var} is {kind} only in the {side} model")
    return out
