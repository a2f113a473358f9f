"""``python -m tests.corpus generate OUT_DIR --cases N --seed S [--scans] [--photos]``.

Writes ``OUT_DIR/case-XXXX/<doc_type>.pdf`` with ``<doc_type>.truth.json`` (truth, layout,
style, page count) and, when ``tests/corpus/degrade.py`` is present, degraded scans/photos.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import Any

from .documents import HOLDOUT_FAMILIES, documents
from .render import render_pdf_pages
from .shipment import make_shipment


def _degrade_module() -> Any | None:
    """The degrade module when another engineer has delivered it, else None."""
    try:
        return importlib.import_module("tests.corpus.degrade")
    except ModuleNotFoundError:
        return None


def _dump(path: Path, info: Any) -> None:
    """Write the degrader's geometry record (numpy arrays become lists)."""
    path.write_text(json.dumps(info, default=lambda o: o.tolist() if hasattr(o, "tolist")
                               else str(o)), encoding="utf-8")


def generate(out: Path, cases: int, seed: int, *, scans: bool = False, photos: bool = False,
             used_car_every: int = 5) -> list[Path]:
    """Generate ``cases`` cases; every ``used_car_every``-th one is a used-car export."""
    deg = _degrade_module() if (scans or photos) else None
    if (scans or photos) and deg is None:
        print("warning: tests/corpus/degrade.py not found; no scans/photos", file=sys.stderr)
    written: list[Path] = []
    for i in range(cases):
        case_seed = seed * 100_000 + i
        used_car = used_car_every > 0 and i % used_car_every == used_car_every - 1
        shipment = make_shipment(case_seed, used_car=used_car)
        case_dir = out / f"case-{i:04d}"
        case_dir.mkdir(parents=True, exist_ok=True)
        for doc in documents(shipment):
            pdf = case_dir / f"{doc.doc_type}.pdf"
            pages = render_pdf_pages(doc, pdf)
            meta = doc.to_json() | {"pages": pages, "holdout": doc.layout in HOLDOUT_FAMILIES,
                                    "case_seed": case_seed, "used_car": used_car}
            (case_dir / f"{doc.doc_type}.truth.json").write_text(
                json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(pdf)
            if deg is not None and scans:
                sev = ["mild", "mild", "strong"][case_seed % 3]
                info = deg.render_scan(pdf, case_dir / f"{doc.doc_type}.scan.pdf", severity=sev,
                                       seed=case_seed)
                _dump(case_dir / f"{doc.doc_type}.scan.json", info)
            if deg is not None and photos:
                info = deg.render_photo(pdf, case_dir / f"{doc.doc_type}.photo.jpg",
                                        seed=case_seed)
                _dump(case_dir / f"{doc.doc_type}.photo.json", info)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m tests.corpus")
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write a corpus of cases")
    g.add_argument("out", type=Path)
    g.add_argument("--cases", type=int, default=10)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--scans", action="store_true")
    g.add_argument("--photos", action="store_true")
    g.add_argument("--used-car-every", type=int, default=5,
                   help="every N-th case is a used-car export (0: none)")
    a = ap.parse_args(argv)
    files = generate(a.out, a.cases, a.seed, scans=a.scans, photos=a.photos,
                     used_car_every=a.used_car_every)
    print(f"wrote {len(files)} documents in {a.cases} cases to {a.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
