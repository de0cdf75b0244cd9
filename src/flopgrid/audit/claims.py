"""Load a claims file and run each claim through its check."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import FlopgridError, Problem, did_you_mean
from ..safety import InputError
from ..scenario.dataset import data_dir
from ..scenario.errors import where
from ..scenario.yamlio import read_yaml_lines
from .case_checks import is_number, is_pair, is_year
from .checks import CHECKS, PARAMS, Context, Finding
from .data import dataset

REQUIRED = ("id", "claim", "source", "check", "params")
KNOWN = (*REQUIRED, "note")
#: the checks' parameters that are counts, amounts or ratios (all > 0); ``year`` is a year
NUMBERS = {
    "power_gw", "accelerators", "cost_per_campus_usd", "cost_per_fab_usd",
    "cost_usd", "fabs", "jobs", "plants", "ratio", "square_miles", "total_usd",
}  # fmt: skip
#: parameters that are a range [low, high] of such numbers
RANGES = {"campuses"}


class DeclaredParams(dict):
    """A claim's params as its check reads them: a name the check does not declare in
    :data:`PARAMS` is a programming error, so the list cannot fall behind the code."""

    def __init__(self, params: dict, check: str) -> None:
        super().__init__(params)
        self.check = check

    def _declared(self, key: str) -> None:
        if key not in PARAMS.get(self.check, ()):
            raise RuntimeError(f"check {self.check!r} reads params.{key}, not in PARAMS")

    def __getitem__(self, key: str):
        self._declared(key)
        return super().__getitem__(key)

    def get(self, key: str, default=None):
        self._declared(key)
        return super().get(key, default)


def default_claims_path() -> Path:
    """The shipped claims of the seed plans (src/flopgrid/data/claims.yaml)."""
    return data_dir() / "claims.yaml"


def load_claims(path: Path | str | None = None) -> tuple[list[dict], dict]:
    """(claims, references) from a claims file. A user's file may omit ``references``:
    the shipped ones are used, and its own are laid over them.

    Raises
    ------
    FlopgridError
        Every problem of every claim, each with the file, line, claim and field."""
    shipped = yaml.safe_load(default_claims_path().read_text())
    if path is None:
        doc = shipped
        lines: dict = {}
    else:
        path = Path(path)
        if not path.exists():
            raise FlopgridError(f"{path}: no such claims file")
        doc, lines = read_yaml_lines(path)
        doc = doc or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("claims") or [], list):
        raise FlopgridError(f"{path}: expected a mapping with a list of `claims:`")
    if not isinstance(doc.get("references") or {}, dict):
        raise FlopgridError(f"{path}: `references:` must be a mapping")
    claims = doc.get("claims") or []
    references = {**shipped.get("references", {}), **(doc.get("references") or {})}
    problems = [Problem(k, "unknown key (valid: claims, references)", *where((k,), lines))
                for k in doc if k not in ("claims", "references")]  # fmt: skip
    for i, claim in enumerate(claims):
        name = f"claims[{i}]" + (f" ({claim.get('id')})" if isinstance(claim, dict) else "")
        found = claim_problems(claim) if isinstance(claim, dict) else [((), "expected a mapping")]
        for loc, message in found:
            field = ".".join((name, *map(str, loc)))
            problems.append(Problem(field, message, *where(("claims", i, *loc), lines)))
    if problems:
        label = str(path or default_claims_path())
        raise InputError([p if p.file else Problem(p.path, p.message, label) for p in problems])
    return claims, references


def claim_problems(claim: dict) -> list[tuple[tuple, str]]:
    """(field path, what is wrong) for each problem of one claim."""
    out: list[tuple[tuple, str]] = []
    out += [
        ((k,), "unknown key (valid: " + ", ".join(KNOWN) + ")") for k in claim if k not in KNOWN
    ]
    missing = [k for k in REQUIRED if k not in claim]
    if missing:
        out.append(((), f"missing {', '.join(missing)}"))
    elif claim["check"] not in CHECKS:
        out.append((("check",), f"unknown check {claim['check']!r}; one of {', '.join(CHECKS)}"))
    params = claim.get("params")
    if "params" in claim and not isinstance(params, dict):
        out.append((("params",), f"expected a mapping of the check's numbers, got {params!r}"))
        return out
    check = claim.get("check")
    declared = PARAMS.get(check, ()) if isinstance(check, str) else ()
    for key, value in (params or {}).items():
        if declared and key not in declared:
            hint = did_you_mean(key, declared)
            out.append(
                (("params", key), f"{claim['check']!r} takes no param {key!r}{hint} "
                 f"(it takes: {', '.join(declared)})")
            )  # fmt: skip
        elif key == "year":
            if not is_year(value):
                out.append((("params", key), f"expected a year 1990-2100, got {value!r}"))
        elif key in NUMBERS and not _positive(value):
            out.append((("params", key), f"expected a number > 0, got {value!r}"))
        elif key in RANGES and not is_pair(value, _positive):
            out.append((("params", key), f"expected [low, high], numbers > 0, got {value!r}"))
    return out


def _positive(value: object) -> bool:
    return is_number(value) and value > 0  # type: ignore[operator]


def audit_claims(
    path: Path | str | None = None, use_model: bool = True, context: Context | None = None
) -> list[Finding]:
    """Check every claim of a claims file (default: the shipped claims).

    ``use_model=False`` skips the checks' planned seed scenarios (dataset arithmetic only).
    """
    claims, references = load_claims(path)
    ctx = context or Context(dataset(), references, use_model=use_model)
    findings = []
    for i, c in enumerate(claims):
        try:
            claim = {**c, "params": DeclaredParams(c["params"], c["check"])}
            findings.append(CHECKS[c["check"]](claim, ctx))
        except KeyError as exc:
            raise FlopgridError(
                f"{path or default_claims_path()}: claims[{i}] ({c.get('id')}): its check "
                f"{c['check']!r} needs params.{exc.args[0]} or a reference of that name, "
                "and there is none (the shipped "
                f"{default_claims_path().name} shows each check's params)"
            ) from None
    return findings
