"""The service's tables, as SQLAlchemy 2 ORM classes.

The extracted JSON of a document (FIELDS.md) is kept whole in ``documents.extracted`` because
the pipeline, the checks and the report all speak it; ``fields`` is a flattened *index* of it
(one row per field path) so that a case can be found by any document number. Schema changes go
through Alembic (``docproc/service/migrations``); ``tests/test_service_db.py`` fails when these
classes and the migrations drift apart.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

JSONType = JSON().with_variant(JSONB(), "postgresql")

ROLES = ("clerk", "reviewer", "admin")
SOURCES = ("upload", "api", "mail", "folder")
JOB_STATES = ("queued", "running", "done", "failed")
# What a job is doing (``jobs.stage``): reading pages, extracting fields, checking the case.
JOB_STAGES = ("reading", "extracting", "checking")
# The ``doc_type`` values of FIELDS.md (and of schemas/document.schema.json).
DOC_TYPES = (
    "contract",
    "invoice",
    "packing_list",
    "bill_of_lading",
    "inspection_certificate",
    "vehicle_registration",
    "after_sales_letter",
    "export_license_application",
    "unknown",
)
CASE_STATUSES = ("new", "processing", "checked", "unplaced")
VERDICTS = ("pass", "review", "fail")
RESOLUTION_ACTIONS = ("accept", "correct", "waive")


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC (what every timestamp column holds)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC that always comes back timezone-aware (SQLite drops it)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Convert to UTC on the way in; naive values are taken to be UTC already."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        """Attach UTC to the naive values SQLite returns."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base shared by all tables (and Alembic's target metadata)."""


class User(Base):
    """A person or machine client; ``role`` decides what they may do."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(Base):
    """A bearer token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class Case(Base):
    """One shipment: its documents, findings and verdict."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_received", "status", "received_at"),
        Index("ix_cases_verdict_received", "verdict", "received_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    verdict: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16), default="api")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sender: Mapped[str | None] = mapped_column(String(320))
    subject: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    as_of: Mapped[str | None] = mapped_column(String(10))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Loose files of an intake batch wait here until grouping moves them into cases.
    intake: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped by every change of the case's documents: a re-check computed on an older
    # revision is thrown away instead of overwriting a newer one.
    revision: Mapped[int] = mapped_column(Integer, default=0)

    documents: Mapped[list[Document]] = relationship(
        back_populates="case", order_by="Document.position, Document.id"
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="case", order_by="Finding.id", cascade="all, delete-orphan"
    )


class Document(Base):
    """One file of a case; ``extracted`` is the ``docproc extract --json`` object."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("case_id", "sha256", name="uq_documents_case_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(400))
    media_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer, default=0)
    doc_type: Mapped[str | None] = mapped_column(String(40))
    # Set by hand (PATCH /api/documents/{id}): re-processing extracts for this type instead of
    # classifying again.
    doc_type_manual: Mapped[bool] = mapped_column(Boolean, default=False,
                                                  server_default=false())
    extracted: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="documents")
    pages: Mapped[list[Page]] = relationship(
        order_by="Page.number", cascade="all, delete-orphan", passive_deletes=True
    )


class Page(Base):
    """A rendered page image of a document, kept in the file store by its SHA-256."""

    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_pages_document_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    image_sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


class Field(Base):
    """One extracted value, flattened (``document_number``, ``line_items[0].quantity``)."""

    __tablename__ = "fields"
    __table_args__ = (Index("ix_fields_document_path", "document_id", "path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(200))
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    # Upper-cased, whitespace-free text of the value: what the case list's ``q`` matches.
    value_text: Mapped[str | None] = mapped_column(String(200), index=True)
    raw: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[float | None] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer)
    bbox: Mapped[list[float] | None] = mapped_column(JSONType)


class Finding(Base):
    """A rule that fired on a case (RULES.md), with its review status."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    rule: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    ocr_suspect: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="open")
    # rule + evidence documents/field paths: how a re-check recognises the same finding.
    match_key: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship(back_populates="findings")
    resolutions: Mapped[list[Resolution]] = relationship(
        order_by="Resolution.id", cascade="all, delete-orphan", passive_deletes=True
    )


class Resolution(Base):
    """A reviewer's decision on a finding; reopening keeps the row and stamps ``reopened_at``."""

    __tablename__ = "resolutions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    finding_id: Mapped[int] = mapped_column(
        ForeignKey("findings.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str | None] = mapped_column(Text)
    value: Mapped[Any] = mapped_column(JSONType, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reopened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Job(Base):
    """Processing of one document; claimed by a worker through ``claim_token``."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_id", "state", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="queued")
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(200))
    claim_token: Mapped[str | None] = mapped_column(String(64))
    heartbeat: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Live progress for the UI ("reading page 2 of 3"); null until the worker reports it.
    stage: Mapped[str | None] = mapped_column(String(16))
    pages_done: Mapped[int | None] = mapped_column(Integer)
    pages_total: Mapped[int | None] = mapped_column(Integer)


class AuditEvent(Base):
    """Who did what, when, with the state before and after."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    entity: Mapped[str | None] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[Any] = mapped_column(JSONType, nullable=True)
    after: Mapped[Any] = mapped_column(JSONType, nullable=True)


class IdempotencyKey(Base):
    """The stored response of a write sent with an ``Idempotency-Key`` header."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_idempotency_user_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(400))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[Any] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RateCounter(Base):
    """A fixed-window request counter (used when no Redis is configured)."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
