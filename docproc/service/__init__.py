"""The docproc web service: HTTP API, persistence, background processing.

``create_app`` is the Flask application factory (``gunicorn 'docproc.service:create_app()'``);
``docproc serve`` runs it in one process with an in-process job pool on SQLite, and the same
code runs with PostgreSQL, a shared file store and Celery workers (``docproc worker``).
"""

from docproc.service.app import create_app

__all__ = ["create_app"]
