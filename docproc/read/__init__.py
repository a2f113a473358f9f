"""Read stage: an ingested file -> :class:`ReadDocument` (pages of words, rules and marks).

Contract: ``read_document(ingested, settings) -> ReadDocument``. Text-layer PDF pages are read
with pdfplumber in this process (fast, exact); pages without a usable text layer (scans, also
inside a text PDF) and images become :class:`PageJob` s that a pure worker OCRs, in a process
pool when there are several. Whole-file problems (corrupt, encrypted, too large, no pages)
raise one-line :class:`~docproc.errors.DocprocError` s; page problems become page warnings.

Over ``settings.max_pages`` pages: the first ``max_pages`` are read and the document carries a
warning (a partial read is more useful to a reviewer than a refusal; the cap is configurable
with ``DOCPROC_MAX_PAGES``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from docproc.config import Settings
from docproc.config import settings as current_settings
from docproc.errors import BadInputError
from docproc.ingest import Ingested
from docproc.model import Page, ReadDocument
from docproc.read import _concurrent, _pages, images, pdf
from docproc.read._config import section
from docproc.read._pages import PageJob, broken_page, ocr_page
from docproc.read.marks import detect_marks

__all__ = ["read_document", "PageJob", "ocr_page"]


def _cap(n: int, cfg: Settings, name: str, warnings: list[str]) -> int:
    if n > cfg.max_pages:
        warnings.append(
            f"{name} has {n} pages; only the first {cfg.max_pages} were read "
            f"(limit DOCPROC_MAX_PAGES)"
        )
        return cfg.max_pages
    return n


def _job(ing: Ingested, cfg: Settings, kind: str, number: int, w: float, h: float) -> PageJob:
    return PageJob(
        number=number, kind=kind, data=ing.data, index=number - 1, width=w, height=h,  # type: ignore[arg-type]
        dpi=cfg.ocr_dpi, languages=cfg.ocr_languages, timeout=cfg.ocr_timeout_s,
        max_pixels=cfg.max_pixels,
    )


def _plan_pdf(ing: Ingested, cfg: Settings, warnings: list[str]) -> tuple[list, list[PageJob]]:
    """Read text pages now; return them and the OCR jobs for the rest."""
    doc = pdf.open_pdfium(ing.data, ing.filename)
    try:
        n = _cap(len(doc), cfg, ing.filename, warnings)
        plumber = pdf.open_plumber(ing.data, ing.filename)
        marks_dpi = section("pdf")["marks_dpi"]
        pages: list[Page | None] = []
        jobs: list[PageJob] = []
        with plumber:
            for i in range(n):
                w_pt, h_pt = doc[i].get_size()
                try:
                    pp = plumber.pages[i]
                    w_pt, h_pt = float(pp.width), float(pp.height)
                    layer = pdf.text_layer(pp)
                except Exception:  # noqa: BLE001 - a broken text layer: OCR the rendering
                    pp, layer = None, None
                if layer is None:
                    pages.append(None)
                    job = _job(ing, cfg, "pdf", i + 1, w_pt, h_pt)
                    try:
                        native = pdf.scan_dpi(pp) if pp is not None else None
                    except Exception:  # noqa: BLE001 - no usable image record: OCR dpi
                        native = None
                    if native is not None and native < job.dpi:
                        job = dataclasses.replace(job, dpi=native)
                    jobs.append(job)
                    continue
                words, rules = layer
                page = Page(i + 1, w_pt, h_pt, "text", words=words, rules=rules)
                try:
                    image = pdf.render(doc, i, marks_dpi, cfg.max_pixels)
                    page.marks = detect_marks(image, words)
                except Exception as exc:  # noqa: BLE001 - marks are extra, never fatal
                    page.warnings.append(f"page {i + 1}: mark detection failed ({exc})")
                if not words:
                    page.source = "empty"
                pages.append(page)
    finally:
        doc.close()
    return pages, jobs


def _plan_image(ing: Ingested, cfg: Settings, warnings: list[str]) -> tuple[list, list[PageJob]]:
    sizes = images.frame_sizes(ing.data, ing.filename, cfg.max_pixels)
    n = _cap(len(sizes), cfg, ing.filename, warnings)
    jobs = []
    for i in range(n):
        w, h = images.oriented_size(ing.data, i) if i == 0 else sizes[i]
        jobs.append(_job(ing, cfg, "image", i + 1, float(w), float(h)))
    return [None] * n, jobs


def read_document(
    ingested: Ingested,
    settings: Settings | None = None,
    *,
    parallel: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ReadDocument:
    """Read every page of an ingested file into words with boxes, rules and marks.

    ``progress(pages_done, pages_total)``, when given, is called once the pages are planned
    (text-layer pages count as done) and after each OCR'd page, so a service can show
    "reading page 2 of 3"; it runs in this process and must not raise.
    """
    cfg = settings or current_settings()
    warnings: list[str] = []
    if ingested.media_type == "application/pdf":
        pages, jobs = _plan_pdf(ingested, cfg, warnings)
    elif ingested.media_type.startswith("image/"):
        pages, jobs = _plan_image(ingested, cfg, warnings)
    else:
        raise BadInputError(f"{ingested.filename}: cannot read {ingested.media_type}")

    done = [len(pages) - len(jobs)]

    def page_read(_: Page) -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], len(pages))

    if progress is not None:
        progress(done[0], len(pages))
    workers = min(cfg.workers or _concurrent.cpu_count(), len(jobs))
    if parallel and workers > 1:
        results = _concurrent.run_pool(ocr_page, jobs, workers, broken_page, page_read)
    else:
        results = []
        for result in _concurrent.run_serial(ocr_page, jobs):
            results.append(result)
            page_read(result)
    _pages.release_cache()
    by_number = {p.number: p for p in results}
    final = [p if p is not None else by_number[i + 1] for i, p in enumerate(pages)]
    for p in final:
        warnings.extend(p.warnings)
    return ReadDocument(
        filename=ingested.filename,
        sha256=ingested.sha256,
        media_type=ingested.media_type,
        pages=final,
        text_layer=any(p.source == "text" for p in final),
        warnings=warnings,
    )
