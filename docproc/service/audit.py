"""The audit trail: every write records who did it, when, and the state before and after.

The event is added to the *same* transaction as the change it describes, so the trail can
never claim a change that was rolled back, nor miss one that was committed. Work done by
workers is recorded as the ``system`` actor.
"""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context
from sqlalchemy.orm import Session

from docproc.service.models import AuditEvent

SYSTEM = "system"


def record(
    s: Session,
    action: str,
    *,
    case_id: int | None = None,
    entity: str | None = None,
    entity_id: int | None = None,
    before: Any = None,
    after: Any = None,
    actor: str | None = None,
    user_id: int | None = None,
) -> AuditEvent:
    """Add one audit event for the caller of the current request (or the system)."""
    principal = g.get("principal") if has_request_context() else None
    if actor is None and principal is not None:
        actor, user_id = principal.name, principal.user_id
    event = AuditEvent(
        actor=actor or SYSTEM,
        user_id=user_id,
        action=action,
        case_id=case_id,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after,
    )
    s.add(event)
    return event
