"""What every run records about where it came from: package versions and a timestamp."""

from __future__ import annotations

import functools
import gc
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


@functools.cache
def freeze_imports() -> None:
    """Keep the objects alive now (imported modules, the packaged dataset) out of the
    garbage collector's walks, once a process.

    A full collection walks every tracked object; after importing the model stack that is
    millions, and the first ones while a model is built cost ~0.3 s of a small plan. They
    live as long as the process anyway. Garbage made later is collected as usual.
    """
    gc.freeze()
