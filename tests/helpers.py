"""Helpers shared by the tests of bad input: run the CLI, and prove nothing was lost."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

from flopgrid.cli import app

runner = CliRunner()


def cli(*args, **kwargs):
    """Run the CLI in-process; an uncaught exception fails the test (it would be a
    traceback for a user)."""
    kwargs.setdefault("env", {"COLUMNS": "200"})
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, **kwargs)


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` and a hash of its bytes, to compare before and after."""
    out = {}
    for path in sorted(Path(root).rglob("*")):
        if path.is_file() and not path.name.endswith(".lock"):
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def one_line_error(output: str, code: int, result_code: int) -> None:
    """A bad input gives an error (no traceback) and the exit code expected."""
    assert result_code == code, output
    assert "Traceback" not in output
    assert "error" in output or "invalid" in output, output
