"""Write a run folder atomically: everything into a hidden sibling, then one rename.

A process killed while writing leaves its hidden sibling behind; the next write in the
same folder removes it (:func:`clean_leftovers`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import xarray as xr
import yaml

SUMMARY = "summary.json"
DATASET = "results.nc"
SCENARIO = "scenario.yaml"
META = "meta.json"


#: hidden temporary folders a run is written into before its rename: ``.tmp-<name>.<random>``
TMP_PREFIX = ".tmp-"
#: a file inside each temporary folder, locked while its process writes there; a killed
#: process drops the lock, so an unlocked marker means the folder is left over
_WRITING = ".writing"
#: a temporary folder without its marker is taken as left over only after this long [s]
#: (the marker is made right after the folder: only a crash in between leaves none)
_UNMARKED_AGE_S = 3600.0


def _is_held(marker: Path) -> bool:
    try:
        fd = os.open(marker, os.O_RDWR)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # closing drops a lock taken here
    return False


def clean_leftovers(parent: Path) -> list[Path]:
    """Remove temporary run folders in ``parent`` left by killed processes; return them.

    Only folders named ``.tmp-*`` whose ``.writing`` marker no process holds are removed
    (or, without a marker, older than an hour): a run being written right now is never
    touched, and nothing of a user's is.
    """
    removed = []
    try:
        entries = list(Path(parent).iterdir())
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(TMP_PREFIX) or not entry.is_dir() or entry.is_symlink():
            continue
        marker = entry / _WRITING
        if marker.exists():
            stale = not _is_held(marker)
        else:
            try:
                stale = time.time() - entry.stat().st_mtime > _UNMARKED_AGE_S
            except OSError:
                continue
        if stale:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


@contextlib.contextmanager
def _temporary_folder(folder: Path) -> Iterator[Path]:
    """A hidden sibling of ``folder`` to write into, locked while in use, renamed to
    ``folder`` when the block ends without error and removed when it fails.

    Raises
    ------
    FileExistsError
        If ``folder`` exists, or appears while this one is written.
    """
    if folder.exists():
        raise FileExistsError(f"{folder} exists; a run never overwrites an earlier one")
    folder.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(folder.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{folder.name}.", dir=folder.parent))
    os.chmod(tmp, 0o755)  # mkdtemp makes 0700; a run folder is meant to be shared
    marker = tmp / _WRITING
    fd = os.open(marker, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield tmp
        marker.unlink()
        try:
            os.rename(tmp, folder)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise FileExistsError(f"{folder} appeared while this run was written") from None
            raise
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        os.close(fd)


def write_run_folder(
    folder: Path,
    summary: dict,
    meta: dict,
    scenario: dict,
    data: xr.Dataset,
    extra: Iterable[Callable[[Path], None]] = (),
    dataset_name: str = DATASET,
) -> Path:
    """Write ``summary.json``, ``meta.json``, ``scenario.yaml``, ``results.nc`` and whatever
    ``extra`` writers add, so that the folder appears complete or not at all.

    Temporary folders that killed processes left beside it are removed first.

    Raises
    ------
    FileExistsError
        If ``folder`` exists, or appears while this one is written: a run never
        overwrites an earlier one.
    """
    folder = Path(folder)
    with _temporary_folder(folder) as tmp:
        (tmp / SUMMARY).write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
        (tmp / META).write_text(json.dumps(meta, indent=1, default=str), encoding="utf-8")
        (tmp / SCENARIO).write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
        data.to_netcdf(tmp / dataset_name)
        for write in extra:
            write(tmp)
    return folder


def copy_run_folder(source: Path, folder: Path) -> Path:
    """Copy a complete run folder to ``folder``, which appears complete or not at all."""
    with _temporary_folder(Path(folder)) as tmp:
        for item in Path(source).iterdir():
            if item.is_dir():
                shutil.copytree(item, tmp / item.name)
            else:
                shutil.copy2(item, tmp / item.name)
    return Path(folder)
