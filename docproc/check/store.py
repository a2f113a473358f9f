"""Certificate serial numbers remembered across runs (``certificate.duplicate_serial``).

Measures 2018 art. 11(II) requires a unified, traceable serial number on every pre-shipment
inspection certificate, so the same serial on two shipments means a certificate is being
reused. The store is the project database (SQLite under ``DOCPROC_HOME`` by default,
PostgreSQL via ``DOCPROC_DATABASE_URL``), accessed with SQLAlchemy Core so both work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    insert,
    select,
)
from sqlalchemy.engine import Engine

from docproc.check._text import compact
from docproc.config import settings

metadata = MetaData()
certificate_serials = Table(
    "certificate_serials",
    metadata,
    Column("serial", String(128), nullable=False, index=True),
    Column("case_id", String(128), nullable=False),
    Column("document_sha256", String(64), nullable=True),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    UniqueConstraint("serial", "case_id", name="uq_certificate_serial_case"),
)


@dataclass(frozen=True, slots=True)
class SerialUse:
    """A recorded use of a certificate serial number by a case."""

    serial: str
    case_id: str
    document_sha256: str | None
    first_seen: datetime


class SerialStore:
    """Remembers which case used which certificate serial number."""

    def __init__(self, url: str | None = None, *, engine: Engine | None = None) -> None:
        if engine is None:
            url = url or settings().database_url
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url)
        self.engine = engine
        metadata.create_all(engine, tables=[certificate_serials])

    @staticmethod
    def key(serial: str) -> str:
        """Serials compare without case and separators (``CCIC 2026-001`` = ``ccic2026001``)."""
        return compact(serial)

    def uses(self, serial: str) -> list[SerialUse]:
        """Every recorded use of ``serial``, oldest first."""
        q = (select(certificate_serials)
             .where(certificate_serials.c.serial == self.key(serial))
             .order_by(certificate_serials.c.first_seen))
        with self.engine.connect() as conn:
            return [SerialUse(r.serial, r.case_id, r.document_sha256, r.first_seen)
                    for r in conn.execute(q)]

    def record(self, serial: str, case_id: str, document_sha256: str | None = None) -> list[
            SerialUse]:
        """Record that ``case_id`` uses ``serial``; return the uses by *other* cases.

        Re-checking the same case is not a duplicate; any other case is.
        """
        key = self.key(serial)
        with self.engine.begin() as conn:
            rows = conn.execute(select(certificate_serials)
                                .where(certificate_serials.c.serial == key)).all()
            if not any(r.case_id == case_id for r in rows):
                conn.execute(insert(certificate_serials).values(
                    serial=key, case_id=case_id, document_sha256=document_sha256,
                    first_seen=datetime.now(UTC)))
        return [SerialUse(r.serial, r.case_id, r.document_sha256, r.first_seen) for r in rows
                if r.case_id != case_id]
