"""The whole pipeline in one place: ingest -> read -> layout -> classify -> extract -> check.

The CLI, the web service, the intake pollers and the workers call these functions and nothing
deeper, so every entry point behaves the same.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from docproc.classify import classify
from docproc.config import Settings
from docproc.errors import BadInputError, DocprocError
from docproc.extract import doc_fields, extract_fields, make_field
from docproc.ingest import ingest
from docproc.layout import analyse
from docproc.model import ReadDocument
from docproc.read import read_document
from docproc.read._config import section

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
REFERENCE_FIELDS = ("contract_number", "invoice_number", "bl_number")


def _languages(text: str) -> list[str]:
    # A language counts when it carries a real share of the text, not when a Chinese form
    # quotes a VIN or a brand in Latin letters.
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin_words = [w for w in text.split() if sum(c.isascii() and c.isalpha() for c in w) >= 3]
    latin = sum(len(w) for w in latin_words)
    langs = []
    if cjk >= 4:
        langs.append("zh")
    if len(latin_words) >= 4 and latin >= cjk:
        langs.append("en")
    return langs


def _language_text(doc: ReadDocument) -> str:
    """The words that may vote on the languages: on OCR pages only confidently read ones,
    since Tesseract reads blurred Chinese as Latin letters ('RRA' for 买受人) and specks
    as Han glyphs, both at low confidence."""
    floor = section("ocr")["language_min_conf"]
    return " ".join(w.text for p in doc.pages for w in p.words
                    if p.source != "ocr" or w.conf >= floor)


def _marks(doc: ReadDocument, kind: str) -> dict[str, Any]:
    """``has_seal`` / ``has_signature`` with the box of the mark (or the page when absent)."""
    for page in doc.pages:
        for m in page.marks:
            if m.kind == kind:
                return {
                    "value": True,
                    "raw": kind,
                    "confidence": round(m.confidence, 3),
                    "page": page.number,
                    "bbox": [round(v, 4) for v in m.bbox],
                }
    return {"value": False, "raw": "", "confidence": 0.8, "page": 1, "bbox": [0.0, 0.0, 1.0, 1.0]}


# ``progress(stage, pages_done, pages_total)``: stage is "reading" or "extracting".
Progress = Callable[[str, int, int], None]


def extract_read(doc: ReadDocument, doc_type: str | None = None) -> dict[str, Any]:
    """Canonical fields of an already-read document (the part after OCR).

    ``doc_type`` forces the type (a reviewer set it by hand) instead of classifying.
    """
    layouts = [analyse(p) for p in doc.pages]
    if doc_type is None:
        doc_type, conf = classify(doc, layouts)
    else:
        conf = 1.0
    fields, items, warnings = extract_fields(layouts, doc_type)
    expected = doc_fields(doc_type)
    if "has_seal" in expected:
        fields["has_seal"] = _marks(doc, "seal")
    if "has_signature" in expected:
        fields["has_signature"] = _marks(doc, "signature")
    langs = _languages(_language_text(doc))
    if langs:
        fields["languages"] = {
            "value": langs,
            "raw": ",".join(langs),
            "confidence": 0.9,
            "page": 1,
            "bbox": [0.0, 0.0, 1.0, 1.0],
        }
    all_warnings = list(doc.warnings)
    for p in doc.pages:
        all_warnings.extend(p.warnings)
    all_warnings.extend(warnings)
    if doc_type == "unknown":
        all_warnings.append("document type not recognised")
    return {
        "doc_type": doc_type,
        "doc_type_confidence": conf,
        "source": {
            "filename": doc.filename,
            "sha256": doc.sha256,
            "pages": len(doc.pages),
            "text_layer": doc.text_layer,
            "media_type": doc.media_type,
        },
        "fields": fields,
        "line_items": items,
        "warnings": all_warnings,
    }


def extract_bytes(
    data: bytes,
    filename: str,
    settings: Settings | None = None,
    *,
    doc_type: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Read one document's bytes into the ``docproc extract --json`` object.

    ``doc_type`` forces the type (see :func:`extract_read`); ``progress`` is told how far
    reading got and when extraction starts (for a service's live status; None: silent).
    """
    ingested = ingest(data, filename, settings)
    if progress is None:
        return extract_read(read_document(ingested, settings), doc_type)
    report = progress
    doc = read_document(ingested, settings, progress=lambda d, t: report("reading", d, t))
    report("extracting", len(doc.pages), len(doc.pages))
    return extract_read(doc, doc_type)


def extract_path(path: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Read one file; a missing or unreadable file is a one-line :class:`BadInputError`."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError as exc:
        raise BadInputError(f"{path}: is a directory") from exc
    except OSError as exc:
        raise BadInputError(f"{path}: {exc.strerror or exc}") from exc
    return extract_bytes(data, Path(path).name, settings)


def unreadable(filename: str, data: bytes | None, reason: str) -> dict[str, Any]:
    """The entry of a file that could not be read: kept, typed ``unknown``, with the reason."""
    return {
        "doc_type": "unknown",
        "doc_type_confidence": 0.0,
        "source": {
            "filename": filename,
            "sha256": hashlib.sha256(data or b"").hexdigest(),
            "pages": 0,
            "text_layer": False,
            "media_type": "application/octet-stream",
        },
        "fields": {},
        "line_items": [],
        "warnings": [f"unreadable: {reason}"],
    }


def extract_many(paths: list[Path], settings: Settings | None = None) -> list[dict[str, Any]]:
    """Extract every file; a bad file becomes an ``unknown`` entry instead of failing the case."""
    docs = []
    for p in paths:
        try:
            docs.append(extract_path(p, settings))
        except DocprocError as exc:
            data = p.read_bytes() if p.is_file() else None
            docs.append(unreadable(p.name, data, str(exc)))
    return docs


def case_key(documents: list[dict[str, Any]]) -> str:
    """A stable id for a case checked from the command line: the same files, the same case.

    Certificate serials are remembered per case, so re-checking a case is not a duplicate
    while the same certificate in a different set of documents is.
    """
    shas = sorted(d.get("source", {}).get("sha256", "") for d in documents)
    return "cli-" + hashlib.sha256("".join(shas).encode()).hexdigest()[:16]


def _store(settings: Settings | None) -> Any:
    """The serial store on the project's database (SQLite under DOCPROC_HOME by default)."""
    from docproc.check.store import SerialStore
    from docproc.config import settings as current

    return SerialStore((settings or current()).database_url)


def check_paths(
    paths: list[Path], *, as_of: date | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Extract the files of one case and cross-check them."""
    from docproc.check import check_case

    docs = extract_many(paths, settings)
    return check_case(docs, as_of=as_of, store=_store(settings), case_id=case_key(docs))


def _refs(doc: dict[str, Any]) -> set[tuple[str, str]]:
    """The references a document carries: its own number under its type, and cited numbers."""
    f = doc.get("fields", {})
    refs: set[tuple[str, str]] = set()
    own = {
        "contract": "contract_number",
        "invoice": "invoice_number",
        "bill_of_lading": "bl_number",
    }
    if doc.get("doc_type") in own and "document_number" in f:
        refs.add((own[doc["doc_type"]], str(f["document_number"]["value"]).upper()))
    for k in REFERENCE_FIELDS:
        if k in f:
            refs.add((k, str(f[k]["value"]).upper()))
    if "vin" in f:
        refs.add(("vin", str(f["vin"]["value"]).upper()))
    return refs


def group_documents(documents: list[dict[str, Any]]) -> tuple[list[list[int]], list[int]]:
    """Group loose documents into cases by shared references (union-find over references).

    Returns the groups (indices into ``documents``, in input order) and the indices that share
    no reference with any other document.
    """
    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[str, str], int] = {}
    for i, d in enumerate(documents):
        for ref in _refs(d):
            if ref in owner:
                parent[find(i)] = find(owner[ref])
            else:
                owner[ref] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(documents)):
        groups.setdefault(find(i), []).append(i)
    cases = [g for g in groups.values() if len(g) > 1]
    loose = [g[0] for g in groups.values() if len(g) == 1]
    return sorted(cases), sorted(loose)


def check_grouped(
    paths: list[Path], *, as_of: date | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Assemble a folder of loose documents into cases and check each."""
    from docproc.check import check_case

    docs = extract_many(paths, settings)
    store = _store(settings)
    groups, loose = group_documents(docs)
    cases = []
    for g in groups:
        members = [docs[i] for i in g]
        report = check_case(members, as_of=as_of, store=store, case_id=case_key(members))
        report["files"] = [paths[i].name for i in g]
        cases.append(report)
    return {"cases": cases, "unplaced": [paths[i].name for i in loose]}


@functools.cache
def document_schema() -> dict[str, Any]:
    """The JSON Schema of one extracted document."""
    schema: dict[str, Any] = json.loads((SCHEMA_DIR / "document.schema.json").read_text())
    return schema


__all__ = [
    "check_grouped",
    "check_paths",
    "extract_bytes",
    "extract_path",
    "extract_read",
    "group_documents",
    "make_field",
]
