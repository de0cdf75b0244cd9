"""Load a claims file and run each claim through its check."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import FlopgridError
from ..safety import read_yaml_file
from ..scenario.dataset import data_dir
from .checks import CHECKS, Context, Finding
from .data import dataset

REQUIRED = ("id", "claim", "source", "check", "params")


def default_claims_path() -> Path:
    """The shipped claims of the seed plans (src/flopgrid/data/claims.yaml)."""
    return data_dir() / "claims.yaml"


def load_claims(path: Path | str | None = None) -> tuple[list[dict], dict]:
    """(claims, references) from a claims file. A user's file may omit ``references``:
    the shipped ones are used, and its own are laid over them."""
    shipped = yaml.safe_load(default_claims_path().read_text())
    if path is None:
        doc = shipped
    else:
        path = Path(path)
        if not path.exists():
            raise FlopgridError(f"{path}: no such claims file")
        doc = read_yaml_file(path) or {}
    if not isinstance(doc, dict) or not isinstance(doc.get("claims") or [], list):
        raise FlopgridError(f"{path}: expected a mapping with a list of `claims:`")
    if not isinstance(doc.get("references") or {}, dict):
        raise FlopgridError(f"{path}: `references:` must be a mapping")
    claims = doc.get("claims") or []
    references = {**shipped.get("references", {}), **(doc.get("references") or {})}
    problems = []
    for i, claim in enumerate(claims):
        where = f"claims[{i}]" + (f" ({claim.get('id')})" if isinstance(claim, dict) else "")
        if not isinstance(claim, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        missing = [k for k in REQUIRED if k not in claim]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
        elif claim["check"] not in CHECKS:
            problems.append(
                f"{where}.check: unknown check {claim['check']!r}; one of {', '.join(CHECKS)}"
            )
    if problems:
        raise FlopgridError(f"{path or default_claims_path()}: " + "; ".join(problems))
    return claims, references


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
            findings.append(CHECKS[c["check"]](c, ctx))
        except KeyError as exc:
            where = f"{path or default_claims_path()}: claims[{i}] ({c['id']})"
            raise FlopgridError(
                f"{where}.params: check {c['check']} needs {exc}, which is neither in the "
                f"claim's params nor a known reference (the shipped {default_claims_path().name}"
                " shows each check's params)"
            ) from None
    return findings
