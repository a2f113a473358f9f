"""Users, roles, API tokens and the "who is calling" check shared by the API and the UI.

Machine clients send ``Authorization: Bearer TOKEN``; people sign in through the review UI,
which puts the user id in Flask's signed session with :func:`login_session`. Either way the
request gets one :class:`Principal` in ``g.principal``. Roles are ordered: a reviewer may do
everything a clerk may, an admin everything a reviewer may. Passwords are hashed with
werkzeug; of a token only its SHA-256 is stored (tokens are long random strings, so a fast
hash is enough and lets every request find its token with one indexed lookup).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import g, request, session
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from docproc.errors import UsageError
from docproc.service.errors import ConflictError, ForbiddenError, NotFoundError, UnauthorizedError
from docproc.service.models import ROLES, ApiToken, User, utcnow

ROLE_RANK = {role: rank for rank, role in enumerate(ROLES, start=1)}
TOKEN_PREFIX = "dp_"

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request: a user, and the token used when it came with one."""

    user_id: int
    name: str
    role: str
    token_id: int | None = None

    def can(self, role: str) -> bool:
        """True when this caller's role includes ``role``'s permissions."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[role]


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


# Built once, columns rather than entities: every API request runs this lookup, and building
# the statement and loading two ORM objects cost several times the indexed lookup itself.
_TOKEN_LOOKUP = (
    select(ApiToken.id, ApiToken.revoked_at, ApiToken.last_used_at, User.id, User.name,
           User.role, User.active)
    .join(User, User.id == ApiToken.user_id)
    .where(ApiToken.token_hash == bindparam("token_hash"))
)


def create_user(s: Session, name: str, role: str, password: str | None) -> User:
    """Add a user; the name must be new and the role one of clerk, reviewer, admin."""
    name = name.strip()
    if not name or len(name) > 120:
        raise UsageError("user name must be 1 to 120 characters")
    if role not in ROLE_RANK:
        raise UsageError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if s.scalar(select(User.id).where(User.name == name)) is not None:
        raise ConflictError(f"user {name!r} already exists")
    user = User(
        name=name,
        role=role,
        password_hash=generate_password_hash(password) if password else None,
        active=True,
    )
    s.add(user)
    s.flush()
    return user


def create_token(s: Session, user_name: str) -> tuple[ApiToken, str]:
    """Issue a new token for a user; the clear token is returned once and never stored."""
    user = s.scalar(select(User).where(User.name == user_name))
    if user is None:
        raise NotFoundError(f"no user named {user_name!r}")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=hash_token(token), prefix=token[:10])
    s.add(row)
    s.flush()
    return row, token


def check_password(s: Session, name: str, password: str) -> User | None:
    """The active user with this name and password, or None (for the UI's sign-in form)."""
    user = s.scalar(select(User).where(User.name == name, User.active.is_(True)))
    if user is None or not user.password_hash:
        return None
    return user if check_password_hash(user.password_hash, password) else None


def login_session(user: User) -> None:
    """Sign a user in for browser requests (the review UI calls this after its form)."""
    session.clear()
    session["user_id"] = user.id
    session.permanent = True


def authenticate(s: Session) -> Principal | None:
    """The caller of the current request from its bearer token or session, or None."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise UnauthorizedError("Authorization header must be 'Bearer TOKEN'")
        row = s.connection().execute(
            _TOKEN_LOOKUP, {"token_hash": hash_token(token.strip())}).first()
        if row is None:
            raise UnauthorizedError("invalid or revoked API token")
        token_id, revoked_at, last_used_at, user_id, name, role, active = row
        if revoked_at is not None or not active:
            raise UnauthorizedError("invalid or revoked API token")
        g.token_last_used = last_used_at
        return Principal(user_id, name, role, token_id)
    user_id = session.get("user_id")
    if user_id is not None:
        user = s.get(User, user_id)
        if user is not None and user.active:
            return Principal(user.id, user.name, user.role, None)
    return None


def touch_token(s: Session, principal: Principal) -> None:
    """Record when a token was last used (the API calls this at most once a minute)."""
    token = s.get(ApiToken, principal.token_id)
    if token is not None:
        token.last_used_at = utcnow()


def current_principal() -> Principal:
    """The authenticated caller; 401 when the request carries no valid credentials."""
    principal: Principal | None = g.get("principal")
    if principal is None:
        raise UnauthorizedError("authentication required: send 'Authorization: Bearer TOKEN'")
    return principal


def require(role: str) -> Callable[[F], F]:
    """Decorate a view so that only callers with at least ``role`` reach it."""
    if role not in ROLE_RANK:
        raise ValueError(role)

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if not principal.can(role):
                raise ForbiddenError(
                    f"this needs the {role} role; {principal.name} is a {principal.role}"
                )
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
