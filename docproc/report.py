"""Report stage: readable terminal summaries of an extracted document and a case report."""

from __future__ import annotations

from typing import Any


def _fmt(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return f"{v:.0f}"
    return str(v)


def render_document(doc: dict[str, Any]) -> str:
    """A few lines a clerk can read: type, header fields, goods lines, warnings."""
    src = doc.get("source", {})
    out = [
        f"{src.get('filename', '?')}: {doc['doc_type']} "
        f"(confidence {doc.get('doc_type_confidence', 0):.0%}, {src.get('pages', 0)} page(s), "
        f"{'text layer' if src.get('text_layer') else 'OCR'})"
    ]
    for name, f in doc.get("fields", {}).items():
        low = "  (low confidence)" if f.get("confidence", 1) < 0.6 else ""
        out.append(f"  {name:<26} {_fmt(f['value'])}{low}")
    items = doc.get("line_items", [])
    if items:
        out.append(f"  goods lines: {len(items)}")
        for i, it in enumerate(items, 1):
            parts = [f"{k}={_fmt(v['value'])}" for k, v in it.items()]
            out.append(f"    {i}. " + "; ".join(parts))
    for w in doc.get("warnings", []):
        out.append(f"  warning: {w}")
    return "\n".join(out) + "\n"


def render_case(report: dict[str, Any]) -> str:
    """The verdict, the documents and every finding with its message."""
    s = report.get("summary", {})
    out = [
        f"verdict: {report['verdict'].upper()}  "
        f"({s.get('error', 0)} error, {s.get('warning', 0)} warning, {s.get('info', 0)} info; "
        f"as of {report.get('as_of')})",
        "documents:",
    ]
    for i, d in enumerate(report.get("documents", [])):
        out.append(f"  [{i}] {d['doc_type']:<26} {d.get('source', {}).get('filename', '')}")
    if report.get("findings"):
        out.append("findings:")
    for f in report.get("findings", []):
        suspect = "  (possible OCR misread)" if f.get("ocr_suspect") else ""
        out.append(f"  {f['severity']:<7} {f['rule']:<38} {f['message']}{suspect}")
    return "\n".join(out) + "\n"
