"""Executors that run :func:`docproc.service.jobs.run_job`: in-process threads, or Celery.

The database is the source of truth for jobs; executors only decide *where* ``run_job`` runs.

- :class:`ThreadPool` (default, ``EXECUTOR=threads``): a bounded set of threads in the web
  process that pull claimable jobs from the database. A submit wakes them; they also poll, so
  jobs queued by another process (another gunicorn worker, a crashed run) are picked up too.
- :class:`CeleryDispatcher` (``EXECUTOR=celery``, automatic with ``BROKER_URL``): one Celery
  task per job; the workers (``docproc worker``) run the same ``run_job``.
- :class:`QueueOnly` (``EXECUTOR=none``): API nodes only queue; ``docproc worker`` processes
  on any machine with the database pull the jobs (the thread pool, in the foreground).
"""

from __future__ import annotations

import logging
import os
import random
import threading
from typing import Protocol

from flask import Flask

log = logging.getLogger(__name__)


class Dispatcher(Protocol):
    """Where queued jobs go once their rows are committed."""

    def submit(self, job_ids: list[int]) -> None:
        """Hand over jobs whose rows are committed as ``queued``."""

    def start(self) -> None:
        """Start background machinery (idempotent, safe after a fork)."""

    def shutdown(self, wait: bool = True) -> None:
        """Stop taking new jobs; with ``wait``, let running ones finish."""


class QueueOnly:
    """Leave jobs queued in the database for separate worker processes."""

    def submit(self, job_ids: list[int]) -> None:
        """Nothing to do: the row is the queue."""

    def start(self) -> None:
        """Nothing to start."""

    def shutdown(self, wait: bool = True) -> None:
        """Nothing to stop."""


class ThreadPool:
    """A bounded pool of threads pulling jobs from the database, inside the app context."""

    def __init__(self, app: Flask, size: int, poll_s: float = 2.0) -> None:
        self.app = app
        self.size = max(1, size)
        self.poll_s = poll_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._pid: int | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the threads once per process (threads do not survive a fork)."""
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._stop.clear()
            from docproc.service.jobs import requeue_orphans

            with self.app.app_context():
                requeued = requeue_orphans(self.app.extensions["docproc"])
            if requeued:
                log.info("re-queued %d jobs of a worker that died", requeued)
            self._threads = [
                threading.Thread(target=self._loop, name=f"docproc-job-{i}", daemon=True)
                for i in range(self.size)
            ]
            for t in self._threads:
                t.start()

    def submit(self, job_ids: list[int]) -> None:
        """Wake the threads; they claim the jobs from the database."""
        self.start()
        self._wake.set()

    def shutdown(self, wait: bool = True) -> None:
        """Stop after the current jobs."""
        self._stop.set()
        self._wake.set()
        if wait:
            for t in self._threads:
                t.join()

    def _loop(self) -> None:
        from docproc.service.jobs import claimable_jobs, run_job
        from docproc.service.state import current_service

        while not self._stop.is_set():
            try:
                with self.app.app_context():
                    ids = claimable_jobs(current_service(), limit=self.size * 2)
                    if ids:
                        run_job(random.choice(ids[: self.size]))
                        continue
            except Exception:  # noqa: BLE001 - the pool must survive a database hiccup
                log.exception("job loop error")
                self._stop.wait(self.poll_s)
                continue
            self._wake.wait(self.poll_s)
            self._wake.clear()


class CeleryDispatcher:
    """Publish one Celery task per job."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def submit(self, job_ids: list[int]) -> None:
        """Send the tasks; a lost message is re-sent by the workers' start-up sweep."""
        task = self.app.extensions["celery"].tasks["docproc.process_document"]
        queue = self.app.config["QUEUE"]
        for job_id in job_ids:
            task.apply_async((job_id,), queue=queue)

    def start(self) -> None:
        """Celery workers are separate processes."""

    def shutdown(self, wait: bool = True) -> None:
        """Nothing to stop in the web process."""
