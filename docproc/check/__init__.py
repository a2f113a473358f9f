"""Cross-check the documents of one shipment (a *case*) and report findings.

Contract: ``check_case(documents, as_of=..., store=..., case_id=...) -> report`` where each
document is the ``docproc extract --json`` object (FIELDS.md) and the report is the case report
of CLI.md, with findings as in RULES.md. Each rule is a small function registered under its
public id in one module per group (goods, shipment, parties/references, amounts, certificate,
imports, vehicle, documents); thresholds and lists are reference data (``check.yaml``, ...).
The check never raises on bad documents: what cannot be read becomes a finding.
"""

from __future__ import annotations

from datetime import date

from docproc.check import amounts as _amounts  # noqa: F401 - importing registers rules
from docproc.check import certificate as _certificate  # noqa: F401
from docproc.check import documents as _documents  # noqa: F401
from docproc.check import goods as _goods  # noqa: F401
from docproc.check import imports as _imports  # noqa: F401
from docproc.check import parties as _parties  # noqa: F401
from docproc.check import shipment as _shipment  # noqa: F401
from docproc.check import vehicle as _vehicle  # noqa: F401
from docproc.check._base import REGISTRY, Case, Finding, RuleSpec
from docproc.check.store import SerialStore

SCHEMA_VERSION = 1
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

__all__ = ["REGISTRY", "SCHEMA_VERSION", "RuleSpec", "SerialStore", "check_case", "rule_ids",
           "verdict_of"]


def rule_ids() -> list[str]:
    """Every registered rule id, in registry order."""
    return list(REGISTRY)


def verdict_of(findings: list[dict]) -> str:
    """``fail`` on any unresolved error, ``review`` on any unresolved warning, else ``pass``."""
    open_ = [f for f in findings if not f.get("resolved")]
    if any(f["severity"] == "error" for f in open_):
        return "fail"
    if any(f["severity"] == "warning" for f in open_):
        return "review"
    return "pass"


def check_case(documents: list[dict], *, as_of: date | None = None,
               store: SerialStore | None = None, case_id: str | None = None) -> dict:
    """Check the documents of one case against each other and the regulations.

    ``as_of`` is the reference date for validity (default today). ``store`` remembers
    certificate serial numbers across cases; without it ``certificate.duplicate_serial``
    cannot be evaluated and is skipped. ``case_id`` identifies the case in that store.
    """
    as_of = as_of or date.today()
    case = Case(list(documents or []), as_of, store, case_id)
    raw: list[Finding] = []
    specs = sorted(REGISTRY.values(), key=lambda s: s.late)
    for spec in specs:
        raw.extend(spec.fn(case))
    findings = [f.to_json(case.cfg) for f in raw]
    findings.sort(key=lambda f: SEVERITY_ORDER[f["severity"]])
    summary = {"error": 0, "warning": 0, "info": 0}
    for f in findings:
        summary[f["severity"]] += 1
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": as_of.isoformat(),
        "documents": list(documents or []),
        "findings": findings,
        "verdict": verdict_of(findings),
        "summary": summary,
    }
