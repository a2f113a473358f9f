"""Automated intake: mail (IMAP poller) and a watched folder, both feeding the service's cases.

Both channels run the same steps: unpack (ZIP, safely) -> screen each file against the limits in
:mod:`docproc.intake.config` -> store the good ones with the service's ``intake`` /
``add_documents`` -> only then acknowledge the source (move the message or the file). Anything
rejected is quarantined with a reason, never silently dropped.

Mail is polled on a schedule through :func:`docproc.intake.schedule.poll_mailbox` (by
``docproc serve``'s thread, the Celery beat task or ``docproc intake-mail``), one poller at a
time thanks to :mod:`docproc.intake.lease`, each outcome recorded for ``/api/intake/status``.
"""
