"""The review UI: server-rendered pages for clerks, reviewers and admins.

``create_app`` imports this module and calls :func:`init_app`. Everything the UI changes goes
through the same service functions as the JSON API (``docproc.service.cases`` and
``docproc.service.auth``), so the audit trail and the re-check behave identically.

Security set-up lives here because it spans the app: CSRF on every form (Flask-WTF), the
same check for API writes that ride on the *session* cookie (the browser's upload XHRs; bearer
token clients stay exempt since a cross-site page cannot attach their header), and hardened
session cookies.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from docproc.ui import admin_reference  # noqa: F401  (its routes join bp)
from docproc.ui.views import bp

WEB = Path(__file__).resolve().parents[2] / "web"
csrf = CSRFProtect()

__all__ = ["bp", "csrf", "init_app"]


def init_app(app: Flask) -> None:
    """Register the UI blueprint, CSRF protection and cookie hardening on the service app."""
    # Secure cookies unless told otherwise (plain-HTTP development: DOCPROC_UI_COOKIE_SECURE=false).
    app.config.setdefault("UI_COOKIE_SECURE", True)
    app.config.update(
        SESSION_COOKIE_SECURE=bool(app.config["UI_COOKIE_SECURE"]),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="docproc_session",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        WTF_CSRF_TIME_LIMIT=12 * 3600,
        WTF_CSRF_SSL_STRICT=bool(app.config["UI_COOKIE_SECURE"]),
    )
    csrf.init_app(app)
    from docproc.service.api import bp as api_bp

    csrf.exempt(api_bp)

    @app.before_request
    def _csrf_for_session_api_writes() -> None:
        """API writes authenticated by the session cookie need the CSRF token too."""
        if (request.path.startswith("/api/")
                and request.method not in ("GET", "HEAD", "OPTIONS")
                and not request.headers.get("Authorization")):
            csrf.protect()

    @app.errorhandler(CSRFError)
    def _csrf_error(exc: CSRFError) -> Any:
        from flask import jsonify, render_template

        if request.path.startswith("/api/"):
            resp = jsonify({"error": {"code": "csrf_failed", "message": exc.description}})
            resp.status_code = 400
            return resp
        return render_template("error.html", status=400, message=exc.description), 400

    app.register_blueprint(bp)
