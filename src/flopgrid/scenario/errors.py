"""Turn pydantic validation errors into problems a person can act on."""

from __future__ import annotations

import typing
from types import UnionType

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, closest, did_you_mean
from .schema_base import MAX_NUMBER
from .yamlio import Lines


def where(loc: tuple, lines: Lines) -> tuple[str | None, int | None]:
    """File and line of the longest prefix of ``loc`` that was written somewhere."""
    for n in range(len(loc), -1, -1):
        hit = lines.get(tuple(loc[:n]))
        if hit is not None:
            label, line = hit
            if n == len(loc) and loc and label != "--set" and _set_below(loc, lines):
                return "--set", None  # years: end < start after --set years.start=...
            return label, (line or None)
    return None, None


def _set_below(loc: tuple, lines: Lines) -> bool:
    """Whether a --set override wrote a field inside ``loc``."""
    n = len(loc)
    return any(len(k) > n and k[:n] == loc and v[0] == "--set" for k, v in lines.items())


def in_data(data, loc: tuple) -> bool:
    """Whether ``loc`` (keys and list indexes) leads to something in ``data``."""
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            node = node[part]
        else:
            return False
    return True


def _clean_loc(loc: tuple, data) -> tuple:
    """Drop pydantic's union-member tags ('float', 'ByYear', ...) from a location."""
    out: list = []
    for part in loc:
        if isinstance(part, str) and not in_data(data, (*out, part)) and _looks_like_tag(part):
            continue
        out.append(part)
    return tuple(out)


def _looks_like_tag(part: str) -> bool:
    return (
        part in ("float", "int", "str", "bool", "list[str]", "none")
        or part[:1].isupper()
        or "[" in part
        or part.startswith("constrained-")
    )


def _unwrap(tp):
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, UnionType):
        for arg in typing.get_args(tp):
            if arg is not type(None):
                inner = _unwrap(arg)
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    return inner
        return tp
    return tp


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names valid at ``loc`` (the mapping that holds the key)."""
    tp: object = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return []
            tp = field.annotation
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _fmt(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and abs(value) >= 10**16:
        return f"{float(value):g}"  # 1e+40, not forty-one digits
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _num(x) -> str:
    return f"{x:g}" if isinstance(x, int | float) else str(x)


def _message(err: ErrorDetails, model, loc: tuple) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    if kind == "extra_forbidden":
        valid = allowed_keys(model, loc[:-1])
        return "unknown key" + did_you_mean(loc[-1], valid, cutoff=0.5, listing=True)
    if kind == "missing":
        return "required field is missing"
    if kind == "greater_than":
        return f"must be > {_num(ctx.get('gt'))}, got {_fmt(got)}"
    if kind == "greater_than_equal":
        return f"must be >= {_num(ctx.get('ge'))}, got {_fmt(got)}"
    if kind == "less_than":
        return f"must be < {_num(ctx.get('lt'))}, got {_fmt(got)}"
    if kind == "less_than_equal" and ctx.get("le") == MAX_NUMBER:
        return (
            f"must be <= {_num(MAX_NUMBER)} (a larger number is a slip or a wrong unit: "
            f"check the unit in the field's name), got {_fmt(got)}"
        )
    if kind == "less_than_equal":
        return f"must be <= {_num(ctx.get('le'))}, got {_fmt(got)}"
    if kind == "finite_number":
        return f"expected a finite number, got {_fmt(got)}"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
        want = "a whole number" if kind.startswith("int") else "a number"
        return f"expected {want}, got {_fmt(got)}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping, got {_fmt(got)}"
    if kind == "list_type":
        return f"expected a list, got {_fmt(got)}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {_fmt(got)}"
    if kind in ("string_type",):
        return f"expected text, got {_fmt(got)}"
    if kind == "literal_error":
        return f"expected {ctx.get('expected')}, got {_fmt(got)}"
    if kind == "string_pattern_mismatch":
        return f"expected a two-letter upper-case ISO 3166 code, got {_fmt(got)}"
    if kind == "too_short":
        return "must not be empty"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return f"{err['msg']}, got {_fmt(got)}"


def describe_validation_errors(exc: ValidationError, data: dict, lines: Lines) -> list[Problem]:
    """One Problem per distinct field, union alternatives folded together."""
    from .schema import Scenario

    grouped: dict[tuple, list[ErrorDetails]] = {}
    for err in exc.errors():
        loc = _clean_loc(tuple(err["loc"]), data)
        grouped.setdefault(loc, []).append(err)
    # A misspelt required key shows up twice: unknown and missing. Keep the useful one.
    suggested = set()
    for loc, errs in grouped.items():
        if errs[0]["type"] == "extra_forbidden":
            valid = allowed_keys(Scenario, loc[:-1])
            close = closest(loc[-1], valid, cutoff=0.5)
            if close is not None:
                suggested.add((*loc[:-1], close))
    problems = []
    for loc, errs in grouped.items():
        if loc in suggested and errs[0]["type"] == "missing":
            continue
        if len(errs) > 1 and all(e["type"] != "extra_forbidden" for e in errs):
            got = errs[0].get("input")
            msg = f"expected a number or {{by_year: {{YEAR: value}}}}, got {_fmt(got)}"
            numeric = [
                e
                for e in errs
                if e["type"].startswith(("greater", "less")) or e["type"] == "finite_number"
            ]
            if numeric:
                msg = _message(numeric[0], Scenario, loc)
        else:
            msg = _message(errs[0], Scenario, loc)
        label, line = where(loc, lines)
        problems.append(Problem(".".join(str(p) for p in loc), msg, label, line))
    return problems
