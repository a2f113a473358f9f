"""Benchmark of the cross-check (docproc.check) on generated cases with seeded discrepancies.

For each generated shipment (used machinery, and used cars), the clean case and one mutated
case per seedable rule (tests/corpus/mutate.py) are checked. Printed:
- rule-detection recall (expected rule reported) and precision (reported rule ids that were
  expected), per rule and overall, at the level of rule ids per case;
- verdict accuracy (pass for clean cases, fail / review per the seeded rule's severity);
- the check time per case of 5 documents (target <= 50 ms).

Default input is perfect extraction (truth_to_extracted). ``--pdf`` renders every document as
a text PDF and reads it back with docproc.pipeline.extract_path (much slower: use fewer cases).

    .venv/bin/python benchmarks/bench_check.py [--cases 40] [--pdf] [--seed0 0]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docproc.check import REGISTRY, check_case  # noqa: E402
from tests.corpus import documents, make_shipment, truth_to_extracted  # noqa: E402
from tests.corpus.mutate import MUTABLE_RULES, NotApplicable, as_of_for, mutate  # noqa: E402


def _extract(docs: list, use_pdf: bool, folder: Path) -> list[dict]:
    if not use_pdf:
        return [truth_to_extracted(d, f"{i}_{d.doc_type}.pdf") for i, d in enumerate(docs)]
    from docproc.pipeline import extract_path
    from tests.corpus import render_pdf

    out = []
    folder.mkdir(parents=True, exist_ok=True)
    for i, d in enumerate(docs):
        path = folder / f"{i}_{d.doc_type}.pdf"
        render_pdf(d, path)
        out.append(extract_path(path))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=40, help="shipments per kind (machinery, car)")
    ap.add_argument("--seed0", type=int, default=0)
    ap.add_argument("--pdf", action="store_true", help="extract from rendered text PDFs")
    args = ap.parse_args()

    tp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    verdict_ok = verdict_n = 0
    clean_cases = clean_with_findings = 0
    times_5: list[float] = []
    unrenderable: Counter[str] = Counter()
    tmp = Path(tempfile.mkdtemp(prefix="bench_check_"))
    n_case = 0
    for used_car in (False, True):
        for seed in range(args.seed0, args.seed0 + args.cases):
            docs = documents(make_shipment(seed, used_car=used_car))
            as_of = as_of_for(docs)
            variants: list[tuple[str | None, list, set[str]]] = [(None, docs, set())]
            for rule in MUTABLE_RULES:
                try:
                    mutated, expected = mutate(docs, rule, random.Random(seed))
                except NotApplicable:
                    continue
                variants.append((rule, mutated, expected))
            for rule, case_docs, expected in variants:
                n_case += 1
                try:
                    extracted = _extract(case_docs, args.pdf, tmp / f"c{n_case}")
                except Exception as exc:  # noqa: BLE001 - the renderer may not draw a mutation
                    unrenderable[rule or "clean"] += 1
                    print(f"skipped {rule} seed {seed}: cannot render ({exc!r})", file=sys.stderr)
                    continue
                t0 = time.perf_counter()
                report = check_case(extracted, as_of=as_of)
                dt = time.perf_counter() - t0
                if len(extracted) == 5:
                    times_5.append(dt)
                got = {f["rule"] for f in report["findings"]}
                for r in expected:
                    (tp if r in got else fn)[r] += 1
                for r in got - expected:
                    fp[r] += 1
                if rule is None:
                    clean_cases += 1
                    clean_with_findings += bool(got)
                    want = "pass"
                else:
                    want = "fail" if REGISTRY[rule].severity == "error" else "review"
                verdict_n += 1
                verdict_ok += report["verdict"] == want

    mode = "text PDFs via docproc.pipeline" if args.pdf else "perfect extraction"
    print(f"cross-check benchmark ({mode}): {args.cases} shipments x 2 kinds, "
          f"{n_case} cases ({clean_cases} clean)")
    print(f"{'rule':45s} {'recall':>8s} {'seeded':>7s} {'false+':>7s}")
    for r in sorted(set(tp) | set(fn) | set(fp)):
        seeded = tp[r] + fn[r]
        rec = f"{tp[r] / seeded:.3f}" if seeded else "-"
        print(f"{r:45s} {rec:>8s} {seeded:7d} {fp[r]:7d}")
    t_tp, t_fn, t_fp = sum(tp.values()), sum(fn.values()), sum(fp.values())
    print(f"overall recall    {t_tp / max(1, t_tp + t_fn):.3f}  ({t_tp}/{t_tp + t_fn})")
    print(f"overall precision {t_tp / max(1, t_tp + t_fp):.3f}  ({t_tp}/{t_tp + t_fp})")
    print(f"verdict accuracy  {verdict_ok / max(1, verdict_n):.3f}  ({verdict_ok}/{verdict_n})")
    print(f"clean cases with any finding: {clean_with_findings}/{clean_cases}")
    if unrenderable:
        print(f"cases the renderer could not draw (skipped): {dict(unrenderable)}")
    if times_5:
        ms = sorted(t * 1000 for t in times_5)
        print(f"check time per case of 5 documents: median {statistics.median(ms):.1f} ms, "
              f"p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms, max {ms[-1]:.1f} ms "
              f"over {len(ms)} cases (target <= 50 ms)")


if __name__ == "__main__":
    main()
