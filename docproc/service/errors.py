"""HTTP-only failures of the service, in the same family as ``docproc.errors``.

They subclass :class:`docproc.errors.DocprocError`, so the one error handler of the Flask app
(and the CLI, for the user and token commands) maps them like every other expected failure.
"""

from __future__ import annotations

from docproc.errors import EXIT_BAD_INPUT, DocprocError


class UnauthorizedError(DocprocError):
    """No valid credentials: a bearer token or a signed-in session is needed."""

    exit_code = EXIT_BAD_INPUT
    http_status = 401
    code = "unauthorized"


class ForbiddenError(DocprocError):
    """Signed in, but the role does not allow this action."""

    exit_code = EXIT_BAD_INPUT
    http_status = 403
    code = "forbidden"


class NotFoundError(DocprocError):
    """The case, document, job or finding does not exist."""

    exit_code = EXIT_BAD_INPUT
    http_status = 404
    code = "not_found"


class ConflictError(DocprocError):
    """The request clashes with the current state (a user name taken, a key reused)."""

    exit_code = EXIT_BAD_INPUT
    http_status = 409
    code = "conflict"


class RateLimitedError(DocprocError):
    """Too many requests in the current window for this token."""

    exit_code = EXIT_BAD_INPUT
    http_status = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
