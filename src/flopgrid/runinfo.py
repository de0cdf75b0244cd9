"""What every run records about where it came from: package versions and a timestamp."""

from __future__ import annotations

import functools
import platform
import time
from importlib import metadata


def versions() -> dict:
    """Versions of Python and of the packages a run's numbers depend on."""
    return dict(_versions())


@functools.cache
def _versions() -> dict:
    """Looked up once a process (reading package metadata takes ~20 ms)."""
    out = {"python": platform.python_version()}
    for pkg in ("flopgrid", "linopy", "highspy", "xarray", "pandas", "numpy"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "unknown"
    return out


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
