"""Where sweep tasks run: local worker processes, or a Dask distributed cluster.

Both engines take the same task payloads and return the same results; flopgrid has no
scheduler of its own. The runner (:mod:`flopgrid.sweep.runner`) submits, waits and records.

Lost workers: a local worker that dies breaks its ``ProcessPoolExecutor`` (every unfinished
future fails with ``BrokenProcessPool``); the runner restarts the pool and resubmits those
tasks. Dask reschedules the tasks of a lost worker by itself; a task that has taken down
``allowed-failures`` workers comes back as ``KilledWorker`` and is recorded as failed.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent import futures
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from ..errors import FlopgridError
from .task import run_task

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

#: Dask: times a task may be lost with its worker before it is failed (KilledWorker)
ALLOWED_FAILURES = 3
#: Dask: how often the number of worker threads is asked of the scheduler [s]
SLOTS_EVERY_S = 5.0
#: Dask: retries of a task that raised (run_task catches its own errors; this covers
#: failures around it, such as a result that cannot be sent back)
RETRIES = 2


class WorkerLost(Exception):
    """A task's worker died; ``pool_broken`` says whether the engine must be restarted."""

    def __init__(self, message: str, pool_broken: bool) -> None:
        super().__init__(message)
        self.pool_broken = pool_broken


class LocalEngine:
    """Worker processes on this machine (``ProcessPoolExecutor`` with spawn or forkserver)."""

    name = "local"

    def __init__(self, workers: int = 0, start_method: str = "spawn") -> None:
        self.workers = workers or max(os.cpu_count() or 1, 1)
        self.start_method = start_method
        self._pool: futures.ProcessPoolExecutor | None = None

    @property
    def capacity(self) -> int:
        """Tasks kept in flight: one per worker, so that a task handed out goes to the
        worker that just freed its slot (the runner picks it near that worker's last task,
        and hands it out before recording results, so the worker waits only milliseconds)."""
        return self.workers

    @property
    def slots(self) -> int:
        return self.workers

    def start(self) -> None:
        ctx = multiprocessing.get_context(self.start_method)
        self._pool = futures.ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)

    def submit(self, payload: dict):
        assert self._pool is not None
        return self._pool.submit(run_task, payload)

    def wait(self, handles: list, timeout: float) -> list:
        done, _ = futures.wait(handles, timeout=timeout, return_when=futures.FIRST_COMPLETED)
        return list(done)

    def result(self, handle) -> dict:
        try:
            return handle.result()
        except BrokenProcessPool as exc:
            raise WorkerLost(f"a worker process died ({exc})", pool_broken=True) from None

    def restart(self) -> None:
        self.close(cancel=True)
        self.start()

    def close(self, cancel: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if cancel:
            # Running tasks are stopped too, not left to finish unseen: their results
            # would never be recorded.
            procs = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                if proc.is_alive():
                    proc.terminate()
            for proc in procs:
                proc.join(timeout=5)
        else:
            pool.shutdown(wait=True)

    def describe(self) -> str:
        return f"local, {self.workers} worker process{'es' if self.workers != 1 else ''}"


class DaskEngine:
    """A Dask distributed cluster: an existing one (``address``) or a new LocalCluster.

    The workers must be able to import flopgrid and to read and write the sweep's
    folder and run store paths (a shared filesystem when the cluster spans machines).
    """

    name = "dask"

    def __init__(self, address: str | None = None, workers: int = 0) -> None:
        self.address = address
        self.workers = workers or max(os.cpu_count() or 1, 1)
        self.client: Client | None = None
        self.cluster: LocalCluster | None = None
        self._attempt = 0
        self._slots: int | None = None
        self._slots_at = 0.0

    def start(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        if self.address:
            try:
                self.client = Client(self.address)
            except (OSError, ValueError) as exc:  # refused, timed out, not an address
                raise FlopgridError(
                    f"--address {self.address}: cannot reach a Dask scheduler there ({exc}); "
                    "start one (dask scheduler) or give its tcp://HOST:PORT"
                ) from None
        else:
            with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
                self.cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                )
            self.client = Client(self.cluster)

    @property
    def slots(self) -> int:
        """Worker threads of the cluster, asked of the scheduler at most every few seconds
        (the runner reads this on every turn of its loop)."""
        assert self.client is not None
        now = time.monotonic()
        if self._slots is None or now - self._slots_at > SLOTS_EVERY_S:
            info = self.client.scheduler_info(n_workers=-1)
            self._slots = max(sum(w.get("nthreads", 1) for w in info["workers"].values()), 1)
            self._slots_at = now
        return self._slots

    @property
    def capacity(self) -> int:
        return 2 * self.slots

    def submit(self, payload: dict):
        assert self.client is not None
        self._attempt += 1
        key = f"flopgrid-task-{payload['sweep_id']}-{payload['task_no']}-{self._attempt}"
        return self.client.submit(run_task, payload, key=key, pure=False, retries=RETRIES)

    def wait(self, handles: list, timeout: float) -> list:
        from distributed import wait

        try:
            done, _ = wait(handles, timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:
            return []
        return list(done)

    def result(self, handle) -> dict:
        from distributed import KilledWorker

        try:
            return handle.result()
        except KilledWorker as exc:
            raise WorkerLost(f"workers died running it ({exc})", pool_broken=False) from None

    def restart(self) -> None:
        pass

    def close(self, cancel: bool = False) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def describe(self) -> str:
        where = self.address or f"new LocalCluster, {self.workers} workers"
        return f"dask ({where})"


def make_engine(name: str, workers: int = 0, address: str | None = None):
    """An engine by name: ``local`` (the default) or ``dask``."""
    if name == "local":
        if address:
            raise ValueError("--address needs --engine dask")
        return LocalEngine(workers)
    if name == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise ValueError(
                "the dask engine needs dask.distributed: pip install 'flopgrid[dask]'"
            ) from None
        if address:
            _check_address(address)
        return DaskEngine(address, workers)
    raise ValueError(f"unknown engine {name!r}; use local or dask")


def _check_address(address: str) -> None:
    """Raise ValueError unless ``address`` reads as a scheduler's [PROTOCOL://]HOST:PORT."""
    from distributed.comm import parse_address, parse_host_port

    try:
        parse_host_port(parse_address(address)[1])
    except ValueError as exc:
        raise ValueError(f"--address {address!r}: {exc}; expected tcp://HOST:PORT") from None
