"""Celery bound to the Flask app: one task per document, running the same ``run_job``.

Following Flask's Celery example, the task class enters the app context, so the task body is
exactly what the in-process pool runs. Delivery is at-least-once: ``acks_late`` keeps a message
until the task returned, ``task_reject_on_worker_lost`` re-queues it when a pool child dies,
and the Redis visibility timeout hands a dead worker's message to another one. Running a job
twice is harmless because ``run_job`` claims it in the database first. A worker also re-sends
jobs left queued or stale at start-up, in case a message never reached the broker.

Run workers with ``docproc worker`` (or ``celery -A docproc.service.celery_worker worker``).

Mail intake at scale: the task ``docproc.intake.poll_mailbox`` runs the same scheduled poll as
``docproc serve`` (lease, status, audit), and ``beat_schedule`` fires it every MAIL_INTERVAL
when a mailbox is configured (``DOCPROC_MAIL_HOST``...) and MAIL_SCHEDULE is not ``off``. Run
one beat: ``docproc worker --beat`` or ``celery -A docproc.service.celery_worker beat``. A
second beat, or ``serve`` polling too, is harmless: the lease lets one poll at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from celery import Celery, Task
from celery.signals import worker_process_init, worker_ready
from flask import Flask
from sqlalchemy import and_, or_, select

log = logging.getLogger(__name__)

TASK_NAME = "docproc.process_document"
POLL_TASK_NAME = "docproc.intake.poll_mailbox"


def celery_init_app(app: Flask) -> Celery:
    """Create the Celery app for ``app`` and register the document task."""

    class FlaskTask(Task):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            with app.app_context():
                return self.run(*args, **kwargs)

    cfg = app.config
    celery = Celery(app.import_name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=cfg["BROKER_URL"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=cfg["QUEUE"],
        broker_transport_options={"visibility_timeout": int(cfg["VISIBILITY_TIMEOUT"])},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
    )

    celery.task(name=TASK_NAME, bind=True, max_retries=int(cfg["JOB_MAX_ATTEMPTS"]))(
        process_document
    )
    # A poll is cheap to repeat and never half-done (messages move after storing): ack early,
    # so a dead worker's poll is not re-delivered on top of the next scheduled one.
    celery.task(name=POLL_TASK_NAME, acks_late=False, ignore_result=True)(poll_mailbox)
    celery.conf.beat_schedule = beat_schedule(cfg)
    celery.conf.beat_schedule_filename = str(Path(cfg["HOME"]) / "celerybeat-schedule")

    def _after_fork(**_: Any) -> None:
        # Pooled connections inherited from the parent must not be shared with it.
        app.extensions["docproc"].db.dispose()

    def _sweep(**_: Any) -> None:
        with app.app_context():
            resend_lost_jobs(app)

    worker_process_init.connect(_after_fork, weak=False)
    worker_ready.connect(_sweep, weak=False)
    app.extensions["celery"] = celery
    return celery


def process_document(self: Task, job_id: int) -> str:
    """The Celery task: ``run_job`` in the app context, retried with back-off when asked."""
    from docproc.service.jobs import RETRY, run_job

    outcome = run_job(job_id)
    if outcome == RETRY:
        raise self.retry(countdown=min(60, 2 ** (self.request.retries + 1)))
    return outcome


def beat_schedule(cfg: Mapping[str, Any]) -> dict[str, Any]:
    """The periodic tasks of the configuration: the mail poll every MAIL_INTERVAL, if any."""
    from docproc.intake.config import mail_configured, mail_schedule

    if not mail_configured(cfg) or mail_schedule(cfg) == "off":
        return {}
    interval = float(cfg.get("MAIL_INTERVAL") or 60.0)
    # expires: a poll that waited a whole interval in the queue is superseded by the next one.
    return {"docproc-intake-mail": {"task": POLL_TASK_NAME, "schedule": interval,
                                    "options": {"expires": interval}}}


def poll_mailbox() -> str:
    """The beat task: one poll of the configured mailbox; the outcome is recorded, not raised."""
    from docproc.intake.schedule import poll_mailbox as poll
    from docproc.service.state import current_service

    return poll(current_service()).outcome


def resend_lost_jobs(app: Flask, older_than_s: float | None = None) -> int:
    """Publish again the jobs still queued (or running, stale) after a while."""
    from docproc.service.models import Job, utcnow

    svc = app.extensions["docproc"]
    grace = older_than_s if older_than_s is not None else svc.cfg_float("JOB_STALE_AFTER")
    cutoff = utcnow() - timedelta(seconds=grace)
    with svc.db.reader() as s:
        ids = list(
            s.scalars(
                select(Job.id).where(
                    or_(
                        and_(Job.state == "queued", Job.created_at < cutoff),
                        and_(Job.state == "running", Job.heartbeat < cutoff),
                    )
                )
            )
        )
    if ids:
        log.info("re-sending %d lost jobs", len(ids))
        svc.dispatcher.submit(ids)
    return len(ids)
