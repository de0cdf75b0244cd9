"""The run store: every run recorded in one DuckDB file, queryable with SQL.

A run's files are written first (atomically, see :meth:`Result.save`), then the
run is recorded in a single transaction: a run is either fully in the store or
not at all. DuckDB allows one writing process per file, so writers take an
exclusive lock on ``<store>.lock`` and readers a shared one; connections are
short-lived, and two processes recording at once simply take turns.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import FlopgridError, printable
from ..safety import DEFAULT_STORE, check_can_create, name_problem
from .recorded import RecordedRun, recorded_run
from .result import Result
from .store_rows import ADDED_COLUMNS, SCHEMA, dispatch_rows, plan_rows


class StoreError(FlopgridError):
    """A run store problem a user can act on (unknown id, bad SQL...)."""


class NoSuchRunError(StoreError):
    """No run has this id or id prefix (or it cannot be one)."""


#: settings of the connection ``runs sql`` queries through: read-only, and no files,
#: extensions or settings reachable from SQL (COPY TO, EXPORT, ATTACH, INSTALL, read_csv)
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}

#: DuckDB errors that mean the file itself is not a readable database
_DAMAGE = (duckdb.IOException, duckdb.SerializationException, duckdb.InternalException)


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class RunStore:
    """A DuckDB file of runs. Every method opens and closes its own connection."""

    def __init__(self, path: Path | str = DEFAULT_STORE) -> None:
        self.path = Path(path)

    def damaged(self, exc: BaseException) -> StoreError:
        """The error for a store file DuckDB cannot read, with the way out."""
        runs = self.path.parent if self.path.parent != Path(".") else DEFAULT_STORE.parent
        return StoreError(
            f"the run store {self.path} cannot be read: {_first_line(exc)}. It is damaged "
            f"or not a flopgrid run store. Run folders are separate files and are untouched. "
            f"To recover, move it aside (mv {self.path} {self.path}.damaged) and record the "
            f"run folders again into a new store: flopgrid runs add {runs}/*/ "
            f"--store {self.path}"
        )

    def unwritable(self, exc: OSError) -> StoreError:
        return StoreError(
            f"cannot write the run store {self.path}: {exc.strerror or exc}. "
            "Give --store PATH in a folder you can write"
        )

    def check_writable(self) -> None:
        """Raise :class:`StoreError` now if a run could not be recorded later (a read-only
        folder or file), before any time is spent planning."""
        try:
            if self.path.exists():
                with open(self._lock_path(), "a+"), open(self.path, "r+b"):
                    pass
            else:
                check_can_create(self.path)
        except OSError as exc:
            raise self.unwritable(exc) from None
        if self.path.exists():  # a file that is no run store is refused before planning too
            with self._connect(write=False):
                pass

    def _lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @contextlib.contextmanager
    def _lock(self, write: bool) -> Iterator[None]:
        """Writers take turns (exclusive lock); readers share. A reader in a folder it may
        not write (a shared, read-only copy of runs) reads without the lock file."""
        try:
            if write:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self._lock_path(), "a+")  # noqa: SIM115 - held for the block
        except OSError as exc:
            if write:
                raise self.unwritable(exc) from None
            yield
            return
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @contextlib.contextmanager
    def _connect(
        self, write: bool, config: dict | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        if not write and not self.path.exists():
            con = duckdb.connect(":memory:")
            con.execute(SCHEMA)
            try:
                yield con
            finally:
                con.close()
            return
        if self.path.is_dir():
            raise StoreError(f"the run store {self.path} is a folder; give a file (--store)")
        with self._lock(write):
            try:
                con = duckdb.connect(str(self.path), read_only=not write, config=config or {})
            except _DAMAGE as exc:
                if "Permission denied" in str(exc) or "Read-only file system" in str(exc):
                    raise self.unwritable(PermissionError(_first_line(exc))) from None
                raise self.damaged(exc) from None
            try:
                if write:
                    con.execute(SCHEMA)
                    for table, column in ADDED_COLUMNS:
                        con.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} DOUBLE")
                yield con
            except _DAMAGE as exc:
                raise self.damaged(exc) from None
            finally:
                con.close()

    def record(self, result: Result, kind: str | None = None) -> str:
        """Record a saved run, plan or dispatch (its folder must exist), in one
        transaction; return its id. ``kind`` labels the row (a sweep's runs say
        ``sweep``); it defaults to the result's own kind. A sweep's run may come without a
        folder (``path`` None): its rows are recorded with an empty folder."""
        with self._connect(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            try:
                run_id = self.write_run(con, result, kind)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return run_id

    def write_run(
        self, con: duckdb.DuckDBPyConnection, result: Result, kind: str | None = None
    ) -> str:
        """Insert a run's rows on an open write connection (the caller's transaction)."""
        if result.path is None and kind == "sweep":
            pass  # a sweep's run without its folder (no --keep-runs): rows only
        elif result.path is None or not Path(result.path).exists():
            raise StoreError("save the run's files before recording it")
        rows = dispatch_rows(result) if result.kind == "dispatch" else plan_rows(result)
        row = rows.pop("runs")[0]
        if kind is not None:
            row = (row[0], kind, *row[2:])
        con.execute(f"INSERT INTO runs VALUES ({', '.join('?' * len(row))})", row)
        for table, table_rows in rows.items():
            _insert(con, table, table_rows)
        return result.meta["run_id"]

    def find_hash(self, scenario_hash: str) -> list[dict]:
        """Completed runs of an identical resolved scenario (newest first)."""
        with self._connect(write=False) as con:
            df = con.execute(
                "SELECT run_id, folder, created FROM runs WHERE scenario_hash = ? "
                "ORDER BY created DESC",
                [scenario_hash],
            ).df()
        return df.to_dict("records")

    def list(self, scenario: str | None = None) -> pd.DataFrame:
        query = (
            "SELECT run_id, kind, scenario, status, objective_usd, capex_usd, peak_accelerators, "
            "peak_facility_power_gw, emissions_mt, new_fabs, created, overrides, folder "
            "FROM runs"
        )
        params: list = []
        if scenario:
            query += " WHERE scenario = ?"
            params.append(scenario)
        with self._connect(write=False) as con:
            return con.execute(query + " ORDER BY created, run_id", params).df()

    def resolve(self, ref: str) -> dict:
        """The run row for an id or a unique id prefix (never an empty one: an empty
        prefix would match every run)."""
        problem = name_problem(ref)
        if problem:
            raise NoSuchRunError(f"{printable(repr(ref))} is not a run id or prefix: it {problem}")
        with self._connect(write=False) as con:
            df = con.execute(
                "SELECT * FROM runs WHERE run_id = ? OR starts_with(run_id, ?) ORDER BY run_id",
                [ref, ref],
            ).df()
        exact = df[df["run_id"] == ref]
        if len(exact) == 1:
            return exact.iloc[0].to_dict()
        if len(df) == 1:
            return df.iloc[0].to_dict()
        if df.empty:
            raise NoSuchRunError(f"no run {ref!r} in {self.path}; see `flopgrid runs list`")
        more = f" and {len(df) - 5} more" if len(df) > 5 else ""
        raise StoreError(
            f"{ref!r} matches {len(df)} runs: {', '.join(df['run_id'][:5])}{more}; "
            "give more of the id"
        )

    def open(self, ref: str) -> Result:
        return self._load(self.resolve(ref))

    def open_or_recorded(self, ref: str) -> Result | RecordedRun:
        """The run's folder as :meth:`open` loads it or, for a sweep's run recorded without
        its folder, its store rows as :meth:`recorded` reads them."""
        row = self.resolve(ref)
        return self._load(row) if row["folder"] else self._recorded(row)

    def _load(self, row: dict) -> Result:
        if not row["folder"]:
            raise StoreError(
                f"run {row['run_id']} was recorded by a sweep without its folder (sweeps keep "
                "run folders with --keep-runs); its headline figures are in `flopgrid runs "
                "list`, `flopgrid runs compare` and the sweep's report"
            )
        folder = Path(row["folder"])
        if not (folder / "meta.json").exists():
            raise StoreError(
                f"run {row['run_id']} is recorded in {self.path}, but its folder {folder} is "
                "gone (moved or deleted); `flopgrid runs delete "
                f"{row['run_id']} --keep-files` forgets it"
            )
        return Result.load(folder)

    def recorded(self, ref: str) -> RecordedRun:
        """A run's headline figures and bottlenecks as this store keeps them (all that is
        left of a sweep's run without its folder), for ``runs compare``."""
        return self._recorded(self.resolve(ref))

    def _recorded(self, row: dict) -> RecordedRun:
        with self._connect(write=False) as con:
            necks = con.execute(
                'SELECT "constraint", "where" FROM run_bottlenecks WHERE run_id = ? ORDER BY rank',
                [row["run_id"]],
            ).df()
        return recorded_run(row, necks.to_dict("records"))

    def delete(self, ref: str, remove_files: bool = True) -> str:
        """Forget a run; remove its folder too, but only when it is that run's folder."""
        row = self.resolve(ref)
        run_id = row["run_id"]
        with self._connect(write=True) as con:
            con.execute("BEGIN TRANSACTION")
            for table in (
                "dispatch_sites",
                "run_bottlenecks",
                "run_tenants",
                "run_members",
                "run_sites",
                "run_chips",
                "run_pools",
                "run_years",
                "runs",
            ):
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            con.execute("COMMIT")
        if remove_files and row["folder"] and _is_run_folder(Path(row["folder"]), run_id):
            shutil.rmtree(row["folder"], ignore_errors=True)
        return run_id

    def sql(self, query: str) -> pd.DataFrame:
        """Run a query on a read-only connection that also refuses every file, extension
        and setting (:data:`SANDBOX`): SQL can read the store and nothing else."""
        if not self.path.exists():
            raise StoreError(f"no run store at {self.path} yet")
        try:
            with self._connect(write=False, config=SANDBOX) as con:
                return con.execute(query).df()
        except duckdb.PermissionException as exc:
            raise StoreError(
                f"refused: `runs sql` reads the run store only, no files or extensions "
                f"({_first_line(exc)})"
            ) from None
        except duckdb.Error as exc:
            if "read-only" in str(exc):
                raise StoreError(f"refused: `runs sql` is read-only ({_first_line(exc)})") from None
            raise StoreError(f"SQL error: {exc}") from None


def _is_run_folder(folder: Path, run_id: str) -> bool:
    """Whether ``folder`` holds the files of run ``run_id`` (its meta.json says so)."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("run_id") == run_id


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Insert rows (tuples in the table's column order) as one Arrow table: ~10x faster
    than ``executemany``, which runs one statement per row. Each column's Arrow type is
    inferred from its values (None stays null) and DuckDB casts it to the column's type."""
    if not rows:
        return
    import pyarrow as pa

    try:
        columns = {f"c{i}": pa.array(list(col)) for i, col in enumerate(zip(*rows, strict=True))}
    except pa.ArrowException:  # a column Arrow cannot type (mixed kinds): DuckDB casts each
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        return
    con.from_arrow(pa.table(columns)).insert_into(table)
