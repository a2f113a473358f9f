"""Read-stage benchmark: prints figures, asserts nothing.

    .venv/bin/python benchmarks/bench_read.py            # all four measurements
    .venv/bin/python benchmarks/bench_read.py --only a   # one of a, b, c, d

(a) seconds per text-layer page (pdfplumber words + rules + mark detection at 100 dpi);
(b) one 300-dpi scanned page: docproc read_document vs the bare
    ``tesseract IMG out -l eng+chi_sim`` command, side by side, and their ratio (target <= 1.3);
    also vs the same command with ``OMP_THREAD_LIMIT=1`` (docproc's own setting), which shows
    what docproc's passes cost beyond Tesseract's first reading;
(c) an 8-page scanned document: serial vs the process pool, the speed-up (target >= 1.7 on
    an otherwise idle machine with >= 2 cores);
(d) peak memory: the parent's tracemalloc peak and max RSS of one page, and of the pool's
    children (getrusage RUSAGE_CHILDREN).
Inputs are generated (tests/test_read.py helpers): an English/Chinese invoice.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402
from PIL import Image  # noqa: E402

from docproc.config import Settings  # noqa: E402
from docproc.ingest import ingest  # noqa: E402
from docproc.read import read_document  # noqa: E402
from tests.test_read import invoice_pdf, png_bytes, render_scan  # noqa: E402

SETTINGS = Settings(home=Path(tempfile.gettempdir()) / "docproc-bench")


def bench_text() -> None:
    data = invoice_pdf(pages=10, seal=True)
    read_document(ingest(invoice_pdf(), "warm.pdf", SETTINGS), SETTINGS)
    t0 = time.perf_counter()
    doc = read_document(ingest(data, "ten.pdf", SETTINGS), SETTINGS)
    dt = (time.perf_counter() - t0) / len(doc.pages)
    print(f"(a) text-layer page: {dt:.3f} s/page over {len(doc.pages)} pages "
          f"(words {len(doc.pages[0].words)}, rules {len(doc.pages[0].rules)}, "
          f"marks {[m.kind for m in doc.pages[0].marks]})")


def bench_scan_vs_tesseract() -> None:
    scan = render_scan(invoice_pdf())
    data = png_bytes(scan)
    # docproc caps Tesseract at ocr.omp_thread_limit threads (it sets OMP_THREAD_LIMIT in
    # this process's environment on its first run), so each bare run gets its environment
    # spelt out: the command as a user types it (Tesseract's default threads) and the same
    # command with one thread, the like-for-like cost of docproc's own passes.
    default_env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    one_env = {**default_env, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        img = Path(tmp) / "page.png"
        img.write_bytes(data)
        cmd = ["tesseract", str(img), str(Path(tmp) / "out"), "-l", SETTINGS.ocr_languages]
        ours, bare, bare1 = [], [], []
        for _ in range(2):  # interleaved so all three see the same machine load
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=default_env)
            bare.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=one_env)
            bare1.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            doc = read_document(ingest(data, "scan.png", SETTINGS), SETTINGS, parallel=False)
            ours.append(time.perf_counter() - t0)
    b, b1, o = min(bare), min(bare1), min(ours)
    shown = " ".join(cmd[:1] + ["IMG", "out"] + cmd[3:])
    print(f"(b) 300-dpi scan: bare `{shown}` {b:.2f} s, docproc read_document {o:.2f} s, "
          f"ratio {o / b:.2f}x (words {len(doc.pages[0].words)}, "
          f"conf {doc.pages[0].ocr_confidence})")
    print(f"    like for like, bare `OMP_THREAD_LIMIT=1 {shown}` {b1:.2f} s: "
          f"ratio {o / b1:.2f}x (docproc's own passes and re-reads)")


def _tiff(pages: int) -> bytes:
    frames = [Image.fromarray(cv2.resize(render_scan(invoice_pdf(), dpi=300, seed=i),
                                         None, fx=1.0, fy=1.0)) for i in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_lzw")
    return buf.getvalue()


def bench_pool() -> None:
    data = _tiff(8)
    ing = ingest(data, "eight.tiff", SETTINGS)
    load0 = os.getloadavg()[0]
    c0, t0 = _cpu(), time.perf_counter()
    read_document(ing, SETTINGS, parallel=False)
    serial, serial_cpu = time.perf_counter() - t0, _cpu() - c0
    c0, t0 = _cpu(), time.perf_counter()
    doc = read_document(ing, SETTINGS, parallel=True)
    pooled, pooled_cpu = time.perf_counter() - t0, _cpu() - c0
    cores = len(os.sched_getaffinity(0))
    print(f"(c) 8-page scan: serial {serial:.1f} s wall / {serial_cpu:.1f} s CPU, pool "
          f"({min(cores, 8)} workers) {pooled:.1f} s wall / {pooled_cpu:.1f} s CPU, speed-up "
          f"{serial / pooled:.2f}x; load avg {load0:.1f} -> {os.getloadavg()[0]:.1f} on {cores} "
          f"cores (other jobs share them); pages ok {sum(p.source == 'ocr' for p in doc.pages)}/8")


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (Tesseract, pool workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _tesseract_peak_mb(img: Path) -> float:
    """Peak RSS of a bare Tesseract run, polled from /proc (ru_maxrss of a forked child
    counts the parent's pages from before exec)."""
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(["tesseract", str(img), str(Path(tmp) / "o"), "-l",
                                 SETTINGS.ocr_languages], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        peak = 0.0
        while proc.poll() is None:
            try:
                for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) / 1024)
            except OSError:
                pass
            time.sleep(0.05)
    return peak


def bench_memory() -> None:
    data = png_bytes(render_scan(invoice_pdf()))
    ing = ingest(data, "scan.png", SETTINGS)
    tracemalloc.start()
    read_document(ing, SETTINGS, parallel=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as tmp:
        img = Path(tmp) / "page.png"
        img.write_bytes(data)
        tess = _tesseract_peak_mb(img)
    print(f"(d) one 300-dpi page: Python heap peak {peak / 2**20:.0f} MB (tracemalloc, incl. "
          f"numpy images), process max RSS {self_rss:.0f} MB (libraries included); the "
          f"Tesseract child peaks at {tess:.0f} MB RSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices="abcd")
    args = parser.parse_args()
    steps = {"a": bench_text, "b": bench_scan_vs_tesseract, "c": bench_pool, "d": bench_memory}
    for key, fn in steps.items():
        if args.only in (None, key):
            fn()


if __name__ == "__main__":
    main()
