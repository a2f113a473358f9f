"""Page executors behind one small interface: serial for tests and single pages, a process
pool for documents (the OCRmyPDF way). Tesseract is told to use one thread inside a worker so
that N workers use N cores instead of fighting over them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

J = TypeVar("J")
R = TypeVar("R")


def cpu_count() -> int:
    """Cores this process may use (cgroup/affinity aware where the OS says)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _init_worker() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"


def run_serial(fn: Callable[[J], R], jobs: Iterable[J]) -> Iterator[R]:
    """Run jobs one by one in this process."""
    for job in jobs:
        yield fn(job)


def run_pool(
    fn: Callable[[J], R],
    jobs: list[J],
    workers: int,
    on_broken: Callable[[J, BaseException], R],
    on_result: Callable[[R], None] | None = None,
) -> list[R]:
    """Run jobs in ``workers`` processes, results in job order.

    ``fn`` must not raise (it returns a degraded result instead); if a worker dies (killed
    for memory, crashed in native code) ``on_broken`` builds the result for that job.
    ``on_result`` (optional) sees each result as it is collected, in this process: progress.
    """
    ctx = multiprocessing.get_context("forkserver")
    # Import OpenCV & co once in the fork server, not once per worker.
    ctx.set_forkserver_preload([fn.__module__])
    results: dict[int, R] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                             initializer=_init_worker) as pool:
        futures = {pool.submit(fn, job): k for k, job in enumerate(jobs)}
        # Collected as they finish, so progress moves page by page, not in one jump.
        for fut in as_completed(futures):
            k = futures[fut]
            try:
                results[k] = fut.result()
            except (BrokenProcessPool, OSError, RuntimeError) as exc:
                results[k] = on_broken(jobs[k], exc)
            if on_result is not None:
                on_result(results[k])
    return [results[k] for k in range(len(jobs))]
