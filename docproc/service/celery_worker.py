"""Entry point for the ``celery`` command: ``celery -A docproc.service.celery_worker worker``.

``docproc worker`` does the same with the queue and concurrency from the configuration.
"""

from docproc.service.app import create_app

app = create_app({"EXECUTOR": "celery", "START_WORKERS": False})
celery = app.extensions["celery"]
