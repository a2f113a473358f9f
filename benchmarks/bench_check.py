"""Benchmark of the cross-check (docproc.check) on generated cases with seeded discrepancies.

For each generated shipment (used machinery, and used cars), the clean case and one mutated
case per seedable rule (tests/corpus/mutate.py) are checked. Printed:
- rule-detection recall (expected rule reported) and precision (reported rule ids that were
  expected), per rule and overall, at the level of rule ids per case: a rule id reported in a
  case where it was not seeded is one false positive of that case (so an extraction error of a
  document shared by every variant of a shipment counts once per variant). Precision is given
  twice: *all findings* counts every reported rule id (an ``ocr_suspect`` finding too: it is
  reported with its rule's severity and fails the case like any other); *firm* counts a false
  rule id only when at least one of its findings in the case is not ``ocr_suspect``, i.e. the
  false alarms the report does not flag as a likely misreading. Recall is counted on any
  finding; the seeded rules reported only as ``ocr_suspect`` are counted separately (a real
  discrepancy should not look like a misreading);
- verdict accuracy (pass for clean cases, fail / review per the seeded rule's severity), and
  how many clean cases have any finding;
- the check time per case of 5 documents (target <= 50 ms);
- for rendered sources: false-positive causes and misses, each explained by the extracted
  value against the generated truth (document type, layout family, field).

Sources (``--source``):
- ``perfect`` (default): perfect extraction (truth_to_extracted);
- ``text``: every document rendered as a text PDF and read back by docproc.pipeline
  (``--pdf`` is an alias);
- ``scan``: rendered, scanned at 300 dpi with mild degradation (image-only PDF,
  tests/corpus/degrade.render_scan) and OCR'd; ``scan200``: the same at 200 dpi.
Rendered documents are extracted in a pool of ``--jobs`` processes (each read single-process,
OMP_THREAD_LIMIT=1); the OCR output and the extracted JSON are cached under ``--cache``
(see benchmarks/_check_sources.py), so re-runs only redo what changed.

Seeds start at 20000: the tests draw shipments from 0-10000, doc-type training uses 100-159
and 9000-9029, bench_extract 5000+.

    .venv/bin/python benchmarks/bench_check.py [--cases 40] [--seed0 20000]
    .venv/bin/python benchmarks/bench_check.py --source text --cases 4 --fp 20
    .venv/bin/python benchmarks/bench_check.py --source scan --cases 3 --fp 20
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._check_sources import (  # noqa: E402
    DEFAULT_CACHE,
    SOURCES,
    Job,
    Result,
    doc_key,
    print_progress,
    run_jobs,
)
from docproc.check import REGISTRY, check_case  # noqa: E402
from docproc.service.models import DOC_TYPES  # noqa: E402
from tests.corpus import GeneratedDoc, documents, make_shipment, truth_to_extracted  # noqa: E402
from tests.corpus.mutate import MUTABLE_RULES, NotApplicable, as_of_for, mutate  # noqa: E402
from tests.corpus.score import same  # noqa: E402

# Document types in FIELDS.md order (without "unknown"): a stable index for seeds.
DOC_ORDER = [t for t in DOC_TYPES if t != "unknown"]
DEFAULT_CASES = {"perfect": 40, "text": 4, "scan": 4, "scan200": 4}
# Mutations the corpus renderer does not draw: on a rendered source the seeded case would look
# clean, so it is skipped like an unrenderable one. (certificate.not_chinese is drawn since the
# mutation rewrites the certificate in English and the renderer draws an English certificate.)
NOT_DRAWN: set[str] = set()


@dataclass
class CaseSpec:
    """One case to check: a shipment's documents, clean or with one seeded rule."""

    kind: str  # "machinery" or "car"
    seed: int
    rule: str | None
    docs: list[GeneratedDoc]
    clean: list[GeneratedDoc]
    expected: set[str]
    as_of: Any

    @property
    def name(self) -> str:
        """A short label: kind, seed and seeded rule."""
        return f"{self.kind}#{self.seed}:{self.rule or 'clean'}"


@dataclass
class Tally:
    """Counts and the records the diagnosis is printed from."""

    tp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fp_suspect: Counter[str] = field(default_factory=Counter)  # every finding ocr_suspect
    tp_suspect: Counter[str] = field(default_factory=Counter)  # seeded, reported only suspect
    verdict_ok: int = 0
    verdict_n: int = 0
    clean_cases: int = 0
    clean_with_findings: int = 0
    n_case: int = 0
    times_5: list[float] = field(default_factory=list)
    unrenderable: Counter[str] = field(default_factory=Counter)
    not_drawn: Counter[str] = field(default_factory=Counter)
    fps: list[dict[str, Any]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    wrong_verdicts: list[str] = field(default_factory=list)
    suspect_hits: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ cases


def make_cases(cases: int, seed0: int) -> list[CaseSpec]:
    """The clean and mutated cases of ``cases`` shipments of each kind."""
    out = []
    for used_car in (False, True):
        kind = "car" if used_car else "machinery"
        for seed in range(seed0, seed0 + cases):
            docs = documents(make_shipment(seed, used_car=used_car))
            as_of = as_of_for(docs)
            out.append(CaseSpec(kind, seed, None, docs, docs, set(), as_of))
            for rule in MUTABLE_RULES:
                try:
                    mutated, expected = mutate(docs, rule, random.Random(seed))
                except NotApplicable:
                    continue
                out.append(CaseSpec(kind, seed, rule, mutated, docs, expected, as_of))
    return out


def _scan_seed(case: CaseSpec, d: GeneratedDoc) -> int:
    """The degradation seed of a document: the same for a document in every variant."""
    return case.seed * 16 + DOC_ORDER.index(d.doc_type)


def extract_cases(
    specs: list[CaseSpec],
    source: str,
    jobs: int,
    cache: Path | None,
    workdir: Path,
    stale_read_ok: bool = False,
) -> tuple[dict[str, list[dict] | None], dict[str, Result]]:
    """Extracted documents per case name (None: the renderer could not draw the case)."""
    keys: dict[str, list[str]] = {}
    todo: dict[str, Job] = {}
    for c in specs:
        ks = []
        for d in c.docs:
            dj = d.to_json()
            seed = _scan_seed(c, d)
            k = doc_key(dj, source, seed)
            ks.append(k)
            if k not in todo:
                todo[k] = Job(
                    k, dj, source, seed, str(cache) if cache else None, str(workdir), stale_read_ok
                )
        keys[c.name] = ks
    print(
        f"extracting {len(todo)} distinct documents of {len(specs)} cases ({source}), "
        f"{jobs} processes ...",
        file=sys.stderr,
        flush=True,
    )
    results = run_jobs(list(todo.values()), jobs, print_progress(time.perf_counter()))
    out: dict[str, list[dict] | None] = {}
    for c in specs:
        rs = [results[k] for k in keys[c.name]]
        if any(r.render_error for r in rs):
            out[c.name] = None
            continue
        docs = []
        for i, (d, r) in enumerate(zip(c.docs, rs, strict=True)):
            x = copy.deepcopy(r.extracted) or {}
            x.setdefault("source", {})["filename"] = f"{i}_{d.doc_type}.pdf"
            docs.append(x)
        out[c.name] = docs
    return out, results


# -------------------------------------------------------------------------- diagnosis

_PATH = re.compile(r"^line_items\[(\d+)\]\.(\w+)$")


def _get(container: dict[str, Any], path: str | None, extracted: bool) -> tuple[bool, Any]:
    """The value at a field path (``name`` or ``line_items[i].name``) of truth or extraction."""
    if not path:
        return False, None
    m = _PATH.match(path)
    if m:
        items = container.get("line_items") or []
        i = int(m.group(1))
        if i >= len(items) or m.group(2) not in items[i]:
            return False, None
        v = items[i][m.group(2)]
    elif path == "line_items":
        return True, len(container.get("line_items") or [])
    else:
        fields = container.get("fields") or {}
        if path not in fields:
            return False, None
        v = fields[path]
    if extracted and isinstance(v, dict) and "value" in v:
        v = v["value"]
    return True, v


def _generic(path: str | None) -> str:
    return re.sub(r"\[\d+\]", "[*]", path or "-")


def _short(v: Any, n: int = 60) -> str:
    s = repr(v)
    return s if len(s) <= n else s[: n - 3] + "..."


def _evidence_rows(f: dict, case: CaseSpec, extracted: list[dict]) -> list[dict[str, Any]]:
    """Each evidence item with the document's truth: type, layout, field, read vs truth."""
    rows = []
    for e in f.get("evidence") or []:
        i = e.get("document_index")
        row: dict[str, Any] = {
            "field": e.get("field"),
            "value": e.get("value"),
            "document": e.get("document"),
        }
        if isinstance(i, int) and 0 <= i < len(case.docs):
            g = case.docs[i]
            row.update(truth_type=g.doc_type, layout=g.layout, lang=g.lang)
            has_t, tv = _get(g.truth, e.get("field"), extracted=False)
            has_x, xv = _get(extracted[i], e.get("field"), extracted=True)
            row.update(has_truth=has_t, truth=tv, read=xv if has_x else None, has_read=has_x)
            row["wrong"] = (has_t != has_x) or (has_t and not same(xv, tv))
            row["misclassified"] = extracted[i].get("doc_type") != g.doc_type
            row["lines"] = (len(extracted[i].get("line_items") or []), len(g.truth["line_items"]))
        rows.append(row)
    return rows


def _cause(rule: str, rows: list[dict[str, Any]]) -> str:
    """A cause label: which extracted fields were wrong on which document type / layout."""
    parts = set()
    for r in rows:
        if "truth_type" not in r:
            continue
        where = f"{r['truth_type']}/{r['layout']}"
        if r["misclassified"]:
            parts.add(f"{where}: classified as {r['document']}")
        elif str(r["field"]).startswith("line_items[") and r["lines"][0] != r["lines"][1]:
            parts.add(f"{where}: {r['lines'][0]} lines read, truth {r['lines'][1]}")
        elif r["wrong"]:
            how = (
                "not read"
                if not r["has_read"]
                else "read but not in truth"
                if not r["has_truth"]
                else "misread"
            )
            parts.add(f"{where}.{_generic(r['field'])} {how}")
    if not parts:
        return f"{rule}: evidence values all match the truth (check rule or item matching?)"
    return f"{rule}: " + "; ".join(sorted(parts))


def _seeded_changes(case: CaseSpec) -> list[tuple[int | None, GeneratedDoc, str, Any, Any]]:
    """What the mutation changed: (index in the case or None, clean doc, path, old, new)."""
    by_type = {d.doc_type: (i, d) for i, d in enumerate(case.docs)}
    out: list[tuple[int | None, GeneratedDoc, str, Any, Any]] = []
    for c in case.clean:
        if c.doc_type not in by_type:
            out.append((None, c, "<document>", "present", "absent"))
            continue
        i, m = by_type[c.doc_type]
        cf, mf = c.truth["fields"], m.truth["fields"]
        for k in sorted(set(cf) | set(mf)):
            if cf.get(k) != mf.get(k):
                out.append((i, c, k, cf.get(k, "<absent>"), mf.get(k, "<absent>")))
        ci, mi = c.truth["line_items"], m.truth["line_items"]
        if len(ci) != len(mi):
            out.append((i, c, "line_items", len(ci), len(mi)))
            continue
        for j, (a, b) in enumerate(zip(ci, mi, strict=True)):
            for k in sorted(set(a) | set(b)):
                if a.get(k) != b.get(k):
                    out.append(
                        (i, c, f"line_items[{j}].{k}", a.get(k, "<absent>"), b.get(k, "<absent>"))
                    )
    return out


def _counterparts(case: CaseSpec, extracted: list[dict], index: int, path: str) -> list[str]:
    """The same field on the case's other documents: read value against truth."""
    out = []
    for j, g in enumerate(case.docs):
        if j == index:
            continue
        has_t, tv = _get(g.truth, path, extracted=False)
        has_x, xv = _get(extracted[j], path, extracted=True)
        if not has_t and not has_x:
            continue
        ok = has_t == has_x and (not has_t or same(xv, tv))
        read = _short(xv) if has_x else "<not read>"
        out.append(
            f"{g.doc_type}/{g.layout}.{path} read {read}, truth "
            f"{_short(tv) if has_t else '<absent>'}{'' if ok else ' WRONG'}"
        )
    return out


def _miss_record(case: CaseSpec, rule: str, extracted: list[dict], got: set[str]) -> dict:
    changes = []
    causes = []
    for i, g, path, old, new in _seeded_changes(case):
        where = f"{g.doc_type}/{g.layout}"
        if i is None:
            changes.append(f"{where} removed")
            causes.append(f"{where} removed (check did not report it)")
            continue
        x = extracted[i]
        has_x, xv = _get(x, path, extracted=True)
        if path == "line_items":
            has_x = True
        read = _short(xv) if has_x else "<not read>"
        if x.get("doc_type") != g.doc_type:
            verdict = f"classified as {x.get('doc_type')}"
        elif new == "<absent>":
            verdict = "field removed, but read" if has_x else "removed, not read: check silent"
        elif not has_x:
            verdict = "seeded value not read"
        elif same(xv, new):
            verdict = "seeded value read correctly: check silent"
        elif same(xv, old):
            verdict = "read as the clean value"
        else:
            verdict = "misread"
        if "check silent" in verdict:
            others = _counterparts(case, extracted, i, path)
            if rule.startswith("amount."):  # amounts are only compared in one currency
                others += [
                    o for o in _counterparts(case, extracted, -1, "currency") if "WRONG" in o
                ]
            bad = [o for o in others if "WRONG" in o]
            if bad:
                verdict = "read correctly; counterpart " + ", ".join(
                    o.split(" read")[0] + (" not read" if "<not read>" in o else " misread")
                    for o in bad
                )
            read += "; other documents: " + ("; ".join(others) or "none state it")
        changes.append(f"{where}.{path}: {_short(old)} -> {_short(new)}, read {read}")
        causes.append(f"{where}.{_generic(path)}: {verdict}")
    return {
        "case": case.name,
        "rule": rule,
        "changes": changes,
        "got": sorted(got),
        "cause": f"{rule}: " + "; ".join(sorted(set(causes))),
    }


# ----------------------------------------------------------------------------- scoring


def score(
    specs: list[CaseSpec],
    extracted: dict[str, list[dict] | None],
    diagnose: bool,
    rendered: bool = False,
    repeat: int = 1,
) -> Tally:
    """Check every case and count like the original benchmark (rule ids per case)."""
    t = Tally()
    for c in specs:
        t.n_case += 1
        docs = extracted[c.name]
        if docs is None:
            t.unrenderable[c.rule or "clean"] += 1
            print(f"skipped {c.name}: cannot render", file=sys.stderr)
            continue
        if rendered and c.rule in NOT_DRAWN:
            t.not_drawn[c.rule] += 1
            continue
        dt = float("inf")
        for _ in range(max(1, repeat)):  # the least of a few runs: the CPU is shared
            t0 = time.perf_counter()
            report = check_case(docs, as_of=c.as_of)
            dt = min(dt, time.perf_counter() - t0)
        if len(docs) == 5:
            t.times_5.append(dt)
        got = {f["rule"] for f in report["findings"]}
        firm = {f["rule"] for f in report["findings"] if not f.get("ocr_suspect")}
        for r in c.expected:
            (t.tp if r in got else t.fn)[r] += 1
            if r in got and r not in firm:
                t.tp_suspect[r] += 1
                t.suspect_hits.append(c.name + ": " + "; ".join(
                    f["message"] for f in report["findings"] if f["rule"] == r))
            if diagnose and r not in got:
                t.misses.append(_miss_record(c, r, docs, got))
        for r in got - c.expected:
            t.fp[r] += 1
            if r not in firm:
                t.fp_suspect[r] += 1
        if diagnose:
            for f in report["findings"]:
                if f["rule"] in c.expected:
                    continue
                rows = _evidence_rows(f, c, docs)
                t.fps.append(
                    {
                        "case": c.name,
                        "rule": f["rule"],
                        "message": f["message"],
                        "rows": rows,
                        "cause": _cause(f["rule"], rows),
                        "clean": c.rule is None,
                    }
                )
        if c.rule is None:
            t.clean_cases += 1
            t.clean_with_findings += bool(got)
            want = "pass"
        else:
            want = "fail" if REGISTRY[c.rule].severity == "error" else "review"
        t.verdict_n += 1
        t.verdict_ok += report["verdict"] == want
        if report["verdict"] != want:
            t.wrong_verdicts.append(f"{c.name}: {report['verdict']} (want {want})")
    return t


# ---------------------------------------------------------------------------- printing


def print_summary(t: Tally, mode: str, cases: int, seed0: int, repeat: int) -> None:
    """The figures: per-rule and overall recall / precision, verdicts, check time."""
    print(
        f"cross-check benchmark ({mode}): {cases} shipments x 2 kinds from seed {seed0}, "
        f"{t.n_case} cases ({t.clean_cases} clean)"
    )
    print(f"{'rule':45s} {'recall':>8s} {'seeded':>7s} {'false+':>7s} {'(susp)':>7s} "
          f"{'prec':>7s}")
    for r in sorted(set(t.tp) | set(t.fn) | set(t.fp)):
        seeded = t.tp[r] + t.fn[r]
        rec = f"{t.tp[r] / seeded:.3f}" if seeded else "-"
        prec = f"{t.tp[r] / (t.tp[r] + t.fp[r]):.3f}" if t.tp[r] + t.fp[r] else "-"
        print(f"{r:45s} {rec:>8s} {seeded:7d} {t.fp[r]:7d} {t.fp_suspect[r]:7d} {prec:>7s}")
    t_tp, t_fn, t_fp = sum(t.tp.values()), sum(t.fn.values()), sum(t.fp.values())
    t_fps, t_tps = sum(t.fp_suspect.values()), sum(t.tp_suspect.values())
    print(f"overall recall    {t_tp / max(1, t_tp + t_fn):.3f}  ({t_tp}/{t_tp + t_fn}; "
          f"{t_tps} of them reported only as ocr_suspect)")
    print(f"overall precision {t_tp / max(1, t_tp + t_fp):.3f}  ({t_tp}/{t_tp + t_fp}; all "
          "findings)")
    print(f"firm precision    {t_tp / max(1, t_tp + t_fp - t_fps):.3f}  "
          f"({t_tp}/{t_tp + t_fp - t_fps}; the {t_fps} false rule ids reported only as "
          "ocr_suspect not counted)")
    print(
        f"verdict accuracy  {t.verdict_ok / max(1, t.verdict_n):.3f}  "
        f"({t.verdict_ok}/{t.verdict_n})"
    )
    print(f"clean cases with any finding: {t.clean_with_findings}/{t.clean_cases}")
    if t.unrenderable:
        print(f"cases the renderer could not draw (skipped): {dict(t.unrenderable)}")
    if t.not_drawn:
        print(f"mutations the renderer does not draw (skipped): {dict(t.not_drawn)}")
    if t.times_5:
        ms = sorted(x * 1000 for x in t.times_5)
        print(
            f"check time per case of 5 documents: median {statistics.median(ms):.1f} ms, "
            f"p95 {ms[int(0.95 * (len(ms) - 1))]:.1f} ms, max {ms[-1]:.1f} ms "
            f"over {len(ms)} cases (target <= 50 ms; least of {repeat} runs, "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )


def print_extraction(results: dict[str, Result]) -> None:
    """How the documents were obtained: cache hits, OCR time, failures."""
    rs = list(results.values())
    read = [r for r in rs if r.read_seconds > 0 and not r.read_error]
    cached = Counter(r.cached or "none" for r in rs)
    line = f"documents: {len(rs)} distinct, cache hits {dict(cached)}"
    if read:
        pages = sum(r.pages for r in read) or 1
        line += f", read {sum(r.read_seconds for r in read) / pages:.2f} s/page"
    print(line)
    for r in rs:
        if r.render_error or r.read_error:
            print(f"  {r.key}: {r.render_error or r.read_error}")


def _rows_text(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in rows:
        if "truth_type" not in r:
            out.append(f"      {r['document']}.{r['field']} = {_short(r['value'])}")
            continue
        mark = "WRONG" if r["wrong"] else "ok"
        cls = f" (classified {r['document']})" if r["misclassified"] else ""
        truth = _short(r["truth"]) if r["has_truth"] else "<absent>"
        read = _short(r["read"]) if r["has_read"] else "<not read>"
        lines = (
            f" (lines read {r['lines'][0]}, truth {r['lines'][1]})"
            if r["lines"][0] != r["lines"][1]
            else ""
        )
        out.append(
            f"      {r['truth_type']}/{r['layout']}/{r['lang']}{cls} {r['field']}: "
            f"evidence {_short(r['value'])}, read {read}, truth {truth} [{mark}]{lines}"
        )
    return out


def print_diagnosis(t: Tally, n_fp: int, n_miss: int) -> None:
    """False positives and misses, grouped by cause, then the top individual ones."""
    if t.wrong_verdicts:
        print(f"\nwrong verdicts ({len(t.wrong_verdicts)}):")
        for w in t.wrong_verdicts[: n_fp or 10]:
            print(f"  {w}")
    if t.suspect_hits:
        print(f"\nseeded rules reported only as ocr_suspect ({len(t.suspect_hits)}):")
        for w in t.suspect_hits[: n_fp or 10]:
            print(f"  {w}")
    if t.fps:
        causes = Counter(f["cause"] for f in t.fps)
        clean = Counter(f["cause"] for f in t.fps if f["clean"])
        print(
            f"\nfalse-positive findings by cause ({len(t.fps)} findings; counted per case, "
            f"[clean] = in clean cases):"
        )
        for cause, n in causes.most_common():
            print(f"  {n:4d} [{clean[cause]:2d}]  {cause}")
    if n_fp and t.fps:
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for f in t.fps:
            key = (
                f["rule"],
                f["message"],
                tuple((r.get("field"), repr(r.get("value"))) for r in f["rows"]),
            )
            groups[key].append(f)
        print(f"\ntop {n_fp} distinct false positives (same rule, message and evidence):")
        for key, fs in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:n_fp]:
            cases = sorted({f["case"].split(":")[0] for f in fs})
            print(f"  {len(fs):3d}x {key[0]}: {key[1]}")
            print(f"      in {', '.join(cases)} (e.g. {fs[0]['case']})")
            print("\n".join(_rows_text(fs[0]["rows"])))
    if t.misses:
        print(f"\nmisses by cause ({len(t.misses)}):")
        for cause, n in Counter(m["cause"] for m in t.misses).most_common():
            print(f"  {n:4d}  {cause}")
        print(f"\nmisses (first {n_miss}):")
        for m in t.misses[:n_miss]:
            print(f"  {m['case']}: reported {m['got'] or 'nothing'}")
            for ch in m["changes"]:
                print(f"      seeded {ch}")


def main() -> None:
    """Parse arguments, build the cases, extract, check, print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--cases",
        type=int,
        default=None,
        help="shipments per kind (machinery, car); default 40 perfect, 4 rendered",
    )
    ap.add_argument("--seed0", type=int, default=20000)
    ap.add_argument("--source", choices=("perfect", *SOURCES), default="perfect")
    ap.add_argument("--pdf", action="store_true", help="alias of --source text")
    ap.add_argument("--jobs", type=int, default=2, help="extraction processes (OCR: max 2)")
    ap.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help=f"cache of OCR output and extracted JSON (default {DEFAULT_CACHE})",
    )
    ap.add_argument(
        "--repeat", type=int, default=3, help="time each check this many times and keep the least"
    )
    ap.add_argument("--no-cache", action="store_true")
    ap.add_argument(
        "--stale-read-ok",
        action="store_true",
        help="reuse cached OCR output even if docproc/read changed since",
    )
    ap.add_argument(
        "--fp",
        type=int,
        default=10,
        metavar="N",
        help="print the top N distinct false positives (rendered sources)",
    )
    ap.add_argument("--misses", type=int, default=30, metavar="N", help="print N misses")
    args = ap.parse_args()
    source = "text" if args.pdf else args.source
    n = args.cases if args.cases is not None else DEFAULT_CASES[source]
    specs = make_cases(n, args.seed0)
    results: dict[str, Result] = {}
    if source == "perfect":
        extracted: dict[str, list[dict] | None] = {
            c.name: [truth_to_extracted(d, f"{i}_{d.doc_type}.pdf") for i, d in enumerate(c.docs)]
            for c in specs
        }
    else:
        with tempfile.TemporaryDirectory(prefix="bench_check_") as tmp:
            extracted, results = extract_cases(
                specs,
                source,
                args.jobs,
                None if args.no_cache else args.cache,
                Path(tmp),
                args.stale_read_ok,
            )
    t = score(specs, extracted, diagnose=True, rendered=source != "perfect", repeat=args.repeat)
    mode = {
        "perfect": "perfect extraction",
        "text": "text PDFs via docproc.pipeline",
        "scan": "300 dpi mild scans via docproc.pipeline",
        "scan200": "200 dpi mild scans via docproc.pipeline",
    }[source]
    print_summary(t, mode, n, args.seed0, args.repeat)
    if results:
        print_extraction(results)
    print_diagnosis(t, args.fp, args.misses)


if __name__ == "__main__":
    main()
