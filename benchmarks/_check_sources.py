"""Render generated documents as text PDFs or scans and extract them, with an on-disk cache.

Used by ``bench_check.py``. Rendered files carry timestamps (reportlab, Pillow), so their
bytes differ on every run; the cache is therefore keyed on what determines their *content*:
the document (truth, layout, style), the source kind and its degradation seed, and a hash of
the corpus renderer's code. Two levels:

- ``read/<key>.pkl``: the :class:`ReadDocument` (OCR output), valid while the read stage's
  code (``docproc/read``, ``ingest``, ``model``, ``config``, ``data/read.yaml``) is unchanged;
- ``json/<key>.json``: the extracted document, valid while all of docproc outside the check,
  service and UI (and ``models/``) is unchanged.

So an edit to ``docproc/extract.py`` re-runs only layout/classify/extract (fast) and an edit to
``docproc/read`` re-runs OCR. Jobs run in a process pool (one document per process, read
single-process, ``OMP_THREAD_LIMIT=1``), like ``bench_extract.py``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("text", "scan", "scan200")
SCAN_DPI = {"scan": 300, "scan200": 200}
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "docproc_bench_check_cache"

# Code whose change invalidates the read cache (OCR) / the extraction cache.
_READ_CODE = [
    "docproc/read",
    "docproc/ingest.py",
    "docproc/model.py",
    "docproc/config.py",
    "docproc/errors.py",
    "docproc/data/__init__.py",
    "docproc/data/read.yaml",
]
_EXTRACT_EXCLUDE = (
    "docproc/check/",
    "docproc/service/",
    "docproc/ui/",
    "docproc/intake/",
    "docproc/cli.py",
    "docproc/report.py",
)
# The corpus code that draws a document from its JSON (the seeded mutation and the scoring
# helpers are not: the mutated truth is part of the key already).
_CORPUS_CODE = ["tests/corpus"]
_CORPUS_EXCLUDE = ("tests/corpus/mutate.py", "tests/corpus/score.py", "tests/corpus/__main__.py")


def _files(paths: Iterable[str]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        full = ROOT / p
        if full.is_dir():
            out.extend(f for f in full.rglob("*") if f.is_file() and "__pycache__" not in f.parts)
        elif full.is_file():
            out.append(full)
    return sorted(out)


def _hash_files(files: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(ROOT)).encode())
        st = f.stat()
        if st.st_size > 2_000_000:  # model weights: size and mtime are enough
            h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
        else:
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


@functools.cache
def code_hashes() -> dict[str, str]:
    """Hashes of the corpus renderer, the read stage and the extraction code (incl. models)."""
    extract_files = [
        f
        for f in _files(["docproc", "models"])
        if not str(f.relative_to(ROOT)).startswith(_EXTRACT_EXCLUDE)
    ]
    return {
        "corpus": _hash_files(
            f for f in _files(_CORPUS_CODE) if str(f.relative_to(ROOT)) not in _CORPUS_EXCLUDE
        ),
        "read": _hash_files(_files(_READ_CODE)),
        "extract": _hash_files(extract_files),
    }


def doc_key(doc_json: dict[str, Any], source: str, seed: int) -> str:
    """The cache key of one rendered document: content, source, seed, renderer code."""
    body = json.dumps(
        [doc_json, source, seed, code_hashes()["corpus"]],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()[:24]


@dataclass
class Job:
    """One document to render and extract."""

    key: str
    doc_json: dict[str, Any]
    source: str
    seed: int
    cache: str | None  # cache directory, None: no cache
    workdir: str
    stale_read_ok: bool = False  # reuse OCR output cached under older read-stage code


@dataclass
class Result:
    """The extracted document, or why there is none."""

    key: str
    extracted: dict[str, Any] | None
    render_error: str | None = None
    read_error: str | None = None
    read_seconds: float = 0.0
    extract_seconds: float = 0.0
    pages: int = 0
    cached: str = ""  # "", "read" or "json"


def _render(doc_json: dict[str, Any], source: str, seed: int, workdir: Path, key: str) -> Path:
    from tests.corpus import GeneratedDoc, render_pdf

    doc = GeneratedDoc.from_json(doc_json)
    pdf = workdir / f"{key}.pdf"
    render_pdf(doc, pdf)
    if source == "text":
        return pdf
    from tests.corpus.degrade import render_scan

    out = workdir / f"{key}.{source}.pdf"
    render_scan(pdf, out, dpi=SCAN_DPI[source], severity="mild", seed=seed)
    pdf.unlink(missing_ok=True)
    return out


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def run_job(job: Job) -> Result:
    """Render, read and extract one document (in a worker process), through the cache."""
    from docproc.ingest import ingest
    from docproc.pipeline import extract_read, unreadable
    from docproc.read import read_document

    hashes = code_hashes()
    cache = Path(job.cache) if job.cache else None
    json_path = read_path = None
    if cache is not None:
        json_path = cache / "json" / f"{job.key}-{hashes['read']}-{hashes['extract']}.json"
        read_path = cache / "read" / f"{job.key}-{hashes['read']}.pkl"
        if json_path.is_file():
            return Result(job.key, json.loads(json_path.read_text()), cached="json")
    res = Result(job.key, None)
    doc = None
    if read_path is not None and not read_path.is_file() and job.stale_read_ok:
        older = sorted(read_path.parent.glob(f"{job.key}-*.pkl"), key=lambda p: p.stat().st_mtime)
        if older:
            read_path = older[-1]
            json_path = None  # not valid for the current read-stage code
    if read_path is not None and read_path.is_file():
        doc = pickle.loads(read_path.read_bytes())
        res.cached = "read"
    else:
        try:
            path = _render(job.doc_json, job.source, job.seed, Path(job.workdir), job.key)
        except Exception as exc:  # noqa: BLE001 - the renderer may not draw a mutation
            res.render_error = repr(exc)
            return res
        data = path.read_bytes()
        t0 = time.perf_counter()
        try:
            doc = read_document(ingest(data, path.name), parallel=False)
        except Exception as exc:  # noqa: BLE001 - counted as an unreadable document
            res.read_error = repr(exc)
            res.extracted = unreadable(path.name, data, str(exc))
            res.read_seconds = time.perf_counter() - t0
            return res
        finally:
            path.unlink(missing_ok=True)
        res.read_seconds = time.perf_counter() - t0
        if read_path is not None:
            _atomic_write(read_path, pickle.dumps(doc))
    res.pages = len(doc.pages)
    t0 = time.perf_counter()
    try:
        res.extracted = extract_read(doc)
    except Exception as exc:  # noqa: BLE001 - counted as an unreadable document
        res.read_error = f"extract: {exc!r}"
        res.extracted = unreadable(doc.filename, None, str(exc))
    res.extract_seconds = time.perf_counter() - t0
    if json_path is not None and res.read_error is None:
        _atomic_write(json_path, json.dumps(res.extracted, ensure_ascii=False).encode())
    return res


def run_jobs(
    jobs: list[Job], workers: int, progress: Callable[[int, int, Result], None] | None = None
) -> dict[str, Result]:
    """Run ``jobs`` (unique keys) in a pool of ``workers`` processes; results by key."""
    out: dict[str, Result] = {}
    if not jobs:
        return out
    if workers <= 1:
        for j in jobs:
            out[j.key] = r = run_job(j)
            if progress:
                progress(len(out), len(jobs), r)
        return out
    with ProcessPoolExecutor(workers) as pool:
        futures = [pool.submit(run_job, j) for j in jobs]
        for fut in as_completed(futures):
            r = fut.result()
            out[r.key] = r
            if progress:
                progress(len(out), len(jobs), r)
    return out


def print_progress(t0: float) -> Callable[[int, int, Result], None]:
    """A progress callback writing one line to stderr every few documents."""

    def report(done: int, total: int, r: Result) -> None:
        if done % 10 == 0 or done == total:
            el = time.perf_counter() - t0
            print(f"  extracted {done}/{total} documents, {el:.0f} s", file=sys.stderr, flush=True)

    return report
