"""Service benchmark: upload throughput, read latency with 10,000 cases, Celery scaling.

Run: ``.venv/bin/python benchmarks/bench_service.py [--uploads 1500] [--seconds 20]``

1. gunicorn (2 workers x 4 threads, SQLite or ``--database postgresql`` + local file store,
   API-only executor so that processing does not compete for the CPU) takes uploads of a
   ~200 KB scan from a bounded thread-pool client on loopback; afterwards the stored files,
   queued jobs and document rows are counted (all must equal the accepted uploads). The
   machine may be shared, so ``--compare TREE --rounds N`` alternates rounds of another
   source tree (a copy of the code before a change) with this one and prints both, with the
   load average and the server's CPU time per upload.
2. With 10,000 cases in the database, ``GET /api/cases/{id}`` and ``GET /api/cases`` (random
   filters and pages) are timed; p50/p99 are printed.
3. Documents processed per minute by 1 and by 2 Celery workers (Redis broker, PostgreSQL when
   reachable, else SQLite), after a warm-up document per worker.

Every loop is bounded in count and time, and only loopback addresses are used.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def scan_jpeg(target: int = 200_000) -> bytes:
    """A scanned-page-like JPEG of about ``target`` bytes (corpus scan when available)."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(7)
    img = Image.new("L", (1654, 2339), 235)
    draw = ImageDraw.Draw(img)
    for y in range(120, 2200, 34):
        x = 120
        while x < 1500:
            w = rng.randint(20, 140)
            draw.rectangle([x, y, x + w, y + 14], fill=rng.randint(20, 70))
            x += w + rng.randint(10, 30)
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    noise = Image.effect_noise(img.size, 18)
    img = Image.blend(img, noise, 0.12)
    quality, data = 60, b""
    for quality in (80, 70, 60, 50, 40, 30, 20):
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=quality)
        data = buf.getvalue()
        if len(data) <= target * 1.15:
            break
    return data


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"'
            f"\r\nContent-Type: image/jpeg\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Gunicorn:
    """A gunicorn of the service on a loopback port, stopped on exit.

    ``tree``: import ``docproc`` from another source tree (a copy of the code before a change)
    so that old and new code can be measured alternately on the same loaded machine.
    """

    def __init__(self, env: dict[str, str], workers: int = 2, threads: int = 4,
                 worker_class: str = "gthread", tree: Path | None = None) -> None:
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(prefix="gunicorn-", suffix=".log", delete=False)
        where = tree or ROOT  # gunicorn imports the app from its working directory first
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "-w", str(workers), "--threads", str(threads),
             "--worker-class", worker_class, "-b", f"127.0.0.1:{self.port}", "--backlog", "256",
             "--chdir", str(where), "--pythonpath", str(where), "docproc.service:create_app()"],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 60
        while not self._healthy():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start; see " + self.log.name)
            time.sleep(0.2)

    def _healthy(self) -> bool:
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            c.request("GET", "/api/health")
            return c.getresponse().status == 200
        except OSError:
            return False

    def cpu_seconds(self) -> float:
        """User + system CPU of the gunicorn master and its workers so far (Linux /proc)."""
        total = 0.0
        tick = os.sysconf("SC_CLK_TCK")
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.parent.name), int(fields[1])
            if pid == self.proc.pid or ppid == self.proc.pid:
                total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def run_clients(port: int, make_request: Any, total: int, seconds: float, threads: int
                ) -> tuple[list[float], dict[int, int], float]:
    """Send up to ``total`` requests in ``seconds`` from ``threads`` keep-alive clients."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(total))
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            method, path, body, headers = make_request(i)
            t0 = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                statuses[status] = statuses.get(status, 0) + 1

    t0 = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return latencies, statuses, time.perf_counter() - t0


def setup_home(home: Path, env: dict[str, str], tree: Path | None = None) -> str:
    """Create a clerk and return its token (through the CLI, as an operator would)."""
    if tree is not None:
        env = {**env, "PYTHONPATH": str(tree)}  # the console script puts no directory first
    subprocess.run([str(BIN / "docproc"), "users", "create", "bench", "--role", "admin",
                    "--password-stdin"], input=b"pw\n", env=env, check=True,
                   stderr=subprocess.DEVNULL)
    return subprocess.run([str(BIN / "docproc"), "tokens", "create", "bench"], env=env,
                          check=True, capture_output=True).stdout.decode().strip()


def _pg_schema(create: bool, schema: str) -> None:
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="test",
                         autocommit=True) as conn:
        if create:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        else:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def upload_round(args: argparse.Namespace, base_env: dict[str, str], scan: bytes,
                 tree: Path | None) -> dict[str, Any]:
    """One measured upload run on a fresh home (and schema): rate, latency, what was stored."""
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from docproc.service.models import Document, Job

    home = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    env = {**base_env, "DOCPROC_HOME": str(home), "DOCPROC_EXECUTOR": "none"}
    schema = None
    db_url = f"sqlite:///{home / 'docproc.db'}"
    if args.database == "postgresql":
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        _pg_schema(True, schema)
        db_url = ("postgresql+psycopg://postgres@127.0.0.1:5432/test"
                  f"?options=-csearch_path%3D{schema}")
        env["DOCPROC_DATABASE_URL"] = db_url
    try:
        token = setup_home(home, env, tree)
        server = Gunicorn(env, args.workers, args.threads, args.worker_class, tree)
        try:
            auth = {"Authorization": f"Bearer {token}"}
            cases = []
            for _ in range(20):
                c = http.client.HTTPConnection("127.0.0.1", server.port)
                c.request("POST", "/api/cases", body=b"{}",
                          headers={**auth, "Content-Type": "application/json"})
                cases.append(json.loads(c.getresponse().read())["id"])
            salt = uuid.uuid4().bytes  # distinct files in every round
            bodies = [multipart(f"scan-{i}.jpg", scan + salt + i.to_bytes(8, "big"))
                      for i in range(args.uploads)]

            def request(i: int) -> tuple[str, str, bytes, dict[str, str]]:
                body, ctype = bodies[i]
                return ("POST", f"/api/cases/{cases[i % len(cases)]}/documents", body,
                        {**auth, "Content-Type": ctype})

            load = os.getloadavg()[0]
            cpu0 = server.cpu_seconds()
            lat, statuses, elapsed = run_clients(server.port, request, len(bodies),
                                                 args.seconds, threads=args.clients)
            server_cpu = server.cpu_seconds() - cpu0
        finally:
            server.stop()
        objects = sum(1 for p in (home / "store" / "objects").rglob("*") if p.is_file())
        engine = create_engine(db_url)
        with Session(engine) as s:
            jobs = s.scalar(select(func.count(Job.id)).where(Job.state == "queued"))
            docs = s.scalar(select(func.count(Document.id)))
        engine.dispose()
    finally:
        shutil.rmtree(home, ignore_errors=True)
        if schema:
            _pg_schema(False, schema)
    accepted = statuses.get(202, 0)
    return {"rate": accepted / elapsed, "accepted": accepted, "sent": len(lat),
            "errors": len(lat) - accepted, "statuses": statuses, "elapsed": elapsed,
            "p50": statistics.median(lat) * 1000, "p99": pct(lat, 99) * 1000,
            "files": objects, "jobs": jobs, "documents": docs, "load": load,
            "cpu_ms": server_cpu / max(1, len(lat)) * 1000}


def bench_uploads(args: argparse.Namespace, base_env: dict[str, str]) -> None:
    """Rounds of uploads; with ``--compare TREE`` the old tree's rounds alternate with ours."""
    scan = scan_jpeg()
    variants: list[tuple[str, Path | None]] = [("this tree", None)]
    if args.compare:
        variants.insert(0, (f"{args.compare}", Path(args.compare).resolve()))
    print(f"uploads: {scan_len(scan)} scan, gunicorn {args.workers} workers x {args.threads} "
          f"threads ({args.worker_class}), {args.database}, {args.clients} keep-alive clients, "
          f"{args.uploads} uploads or {args.seconds:.0f} s per round; target >= 100/s")
    results: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in variants}
    for r in range(args.rounds):
        order = variants if r % 2 == 0 else variants[::-1]  # cancel drift of the machine
        for label, tree in order:
            res = upload_round(args, base_env, scan, tree)
            results[label].append(res)
            lost = not (res["files"] == res["jobs"] == res["documents"] == res["accepted"])
            print(f"  round {r + 1} {label:>28}: {res['rate']:6.1f}/s  {res['accepted']} "
                  f"accepted, {res['errors']} errors {res['statuses']}  p50 {res['p50']:.1f} ms"
                  f"  p99 {res['p99']:.1f} ms  server CPU {res['cpu_ms']:.1f} ms/upload  "
                  f"stored files {res['files']} = jobs {res['jobs']} = documents "
                  f"{res['documents']}{'  LOST OR EXTRA!' if lost else ''}  "
                  f"load {res['load']:.2f}")
    for label, rows in results.items():
        rates = [x["rate"] for x in rows]
        print(f"  {label:>36}: median {statistics.median(rates):6.1f} uploads/s "
              f"(rounds {', '.join(f'{x:.0f}' for x in rates)}), errors "
              f"{sum(x['errors'] for x in rows)}, p50 "
              f"{statistics.median(x['p50'] for x in rows):.1f} ms, p99 "
              f"{statistics.median(x['p99'] for x in rows):.1f} ms, server CPU "
              f"{statistics.median(x['cpu_ms'] for x in rows):.1f} ms/upload, nothing lost: "
              f"{all(x['files'] == x['jobs'] == x['documents'] == x['accepted'] for x in rows)}")


def scan_len(scan: bytes) -> str:
    return f"{len(scan) / 1000:.0f} KB"


def populate(home: Path, n_cases: int) -> list[int]:
    """Insert ``n_cases`` realistic cases (2 documents, 12 fields, 2 findings each)."""
    from sqlalchemy import insert

    from docproc.service.db import Database
    from docproc.service.models import Case, Document, Field, Finding, Job

    db = Database(f"sqlite:///{home / 'docproc.db'}")
    db.migrate(lock_dir=home)
    rng = random.Random(1)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    extracted = {"doc_type": "invoice", "doc_type_confidence": 0.97,
                 "source": {"filename": "inv.pdf", "pages": 1, "media_type": "application/pdf"},
                 "fields": {k: {"value": f"V-{k}", "raw": f"V-{k}", "confidence": 0.9,
                                "page": 1, "bbox": [0.1, 0.1, 0.3, 0.12]}
                            for k in ("document_number", "document_date", "seller", "buyer",
                                      "currency", "total_amount", "trade_terms")},
                 "line_items": [{"description": {"value": "EXCAVATOR"},
                                 "quantity": {"value": 2}} for _ in range(2)],
                 "warnings": []}
    with db.session() as s:
        s.execute(insert(Case), [
            {"id": i, "reference": f"SC-{i:06d}", "status": "checked",
             "verdict": rng.choice(["pass", "review", "fail"]), "source": "api",
             "received_at": start + timedelta(minutes=37 * i), "intake": False,
             "revision": 1} for i in range(1, n_cases + 1)])
        docs, fields, findings, jobs = [], [], [], []
        for i in range(1, n_cases + 1):
            for k in range(2):
                doc_id = i * 2 + k
                docs.append({"id": doc_id, "case_id": i, "sha256": f"{doc_id:064x}",
                             "filename": f"d{k}.pdf", "media_type": "application/pdf",
                             "size": 1000, "source": "api", "position": k,
                             "doc_type": "invoice", "extracted": extracted,
                             "created_at": start})
                jobs.append({"document_id": doc_id, "case_id": i, "state": "done",
                             "attempts": 1, "created_at": start})
                for path, value in (("document_number", f"INV-{i:06d}-{k}"),
                                    ("contract_number", f"SC-{i:06d}"), ("seller", "ACME"),
                                    ("buyer", "BUYER"), ("currency", "USD"),
                                    ("total_amount", 1000.0)):
                    number = path.endswith("_number")
                    fields.append({"document_id": doc_id, "path": path, "value": value,
                                   "value_text": str(value).upper() if number else None,
                                   "confidence": 0.9, "page": 1})
            for r in ("goods.quantity_mismatch", "amount.total_error"):
                findings.append({"case_id": i, "rule": r, "severity": "error",
                                 "message": "example", "evidence": [], "ocr_suspect": False,
                                 "status": "open", "match_key": r, "created_at": start})
        s.execute(insert(Document), docs)
        s.execute(insert(Field), fields)
        s.execute(insert(Finding), findings)
        s.execute(insert(Job), jobs)
    db.engine.dispose()
    return list(range(1, n_cases + 1))


def bench_reads(args: argparse.Namespace, base_env: dict[str, str]) -> None:
    home = Path(tempfile.mkdtemp(prefix="bench-read-"))
    env = {**base_env, "DOCPROC_HOME": str(home), "DOCPROC_EXECUTOR": "none"}
    t0 = time.perf_counter()
    ids = populate(home, args.cases)
    print(f"reads: {len(ids)} cases inserted in {time.perf_counter() - t0:.1f} s")
    token = setup_home(home, env)
    auth = {"Authorization": f"Bearer {token}"}
    server = Gunicorn(env)
    rng = random.Random(3)
    try:
        def get_case(i: int) -> tuple[str, str, None, dict[str, str]]:
            return "GET", f"/api/cases/{rng.choice(ids)}", None, auth

        lat, statuses, _ = run_clients(server.port, get_case, args.reads, args.seconds, 2)
        print(f"  GET /api/cases/{{id}}: n={len(lat)} {statuses} p50 "
              f"{statistics.median(lat) * 1000:.1f} ms p99 {pct(lat, 99) * 1000:.1f} ms "
              f"(target p99 <= 50 ms)")

        def list_cases(i: int) -> tuple[str, str, None, dict[str, str]]:
            choice = i % 4
            if choice == 0:
                q = f"?page={rng.randint(1, 200)}&limit=50"
            elif choice == 1:
                q = f"?verdict={rng.choice(['pass', 'review', 'fail'])}&limit=50"
            elif choice == 2:
                q = f"?q=INV-{rng.choice(ids):06d}-1"
            else:
                q = "?received_from=2025-03-01&received_to=2025-04-01&limit=50"
            return "GET", "/api/cases" + q, None, auth

        lat, statuses, _ = run_clients(server.port, list_cases, args.reads, args.seconds, 2)
        print(f"  GET /api/cases (pages, verdict, q, dates): n={len(lat)} {statuses} p50 "
              f"{statistics.median(lat) * 1000:.1f} ms p99 {pct(lat, 99) * 1000:.1f} ms "
              f"(target p99 <= 100 ms)")
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def bench_celery(args: argparse.Namespace, base_env: dict[str, str]) -> None:
    if not reachable(6379):
        print("celery: skipped (no Redis at 127.0.0.1:6379)")
        return
    import redis

    from docproc.service import create_app
    from docproc.service.auth import create_token, create_user

    try:
        from tests.corpus.documents import MAIN_TYPES, documents
        from tests.corpus.render import render_pdf
        from tests.corpus.shipment import make_shipment
    except ImportError:
        print("celery: skipped (tests/corpus not available to generate documents)")
        return
    home = Path(tempfile.mkdtemp(prefix="bench-celery-"))
    pdfs: list[Path] = []
    seed = 100
    while len(pdfs) < 2 + args.docs * 2:
        for doc in documents(make_shipment(seed)):
            if doc.doc_type in MAIN_TYPES:
                p = home / f"{seed}-{doc.doc_type}.pdf"
                render_pdf(doc, p)
                pdfs.append(p)
        seed += 1
    queue = f"bench-{uuid.uuid4().hex[:8]}"
    db_url, schema = None, None
    if reachable(5432):
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="test",
                             autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        db_url = (f"postgresql+psycopg://postgres@127.0.0.1:5432/test"
                  f"?options=-csearch_path%3D{schema}")
    broker = "redis://127.0.0.1:6379/14"
    env = {**base_env, "DOCPROC_HOME": str(home / "home"), "DOCPROC_BROKER_URL": broker,
           "DOCPROC_QUEUE": queue, "DOCPROC_REDIS_PREFIX": queue + ":"}
    if db_url:
        env["DOCPROC_DATABASE_URL"] = db_url
    config = {"HOME": env["DOCPROC_HOME"], "BROKER_URL": broker, "QUEUE": queue,
              "EXECUTOR": "celery", "RATE_LIMIT": 0, "UI_MODULE": None,
              "REDIS_PREFIX": queue + ":", "DATABASE_URL": db_url}
    app = create_app(config)
    svc = app.extensions["docproc"]
    with svc.db.session() as s:
        create_user(s, "bench", "clerk", None)
        token = create_token(s, "bench")[1]
    client, h = app.test_client(), {"Authorization": f"Bearer {token}"}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        batches = [pdfs[2:2 + args.docs], pdfs[2 + args.docs:2 + 2 * args.docs]]
        for n_workers, batch in ((1, batches[0]), (2, batches[1])):
            for p in procs:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=60)
            procs = []
            for w in range(n_workers):
                procs.append(subprocess.Popen(
                    [str(BIN / "docproc"), "worker", "--concurrency", "1", "--hostname",
                     f"b{n_workers}{w}@%h"], env=env, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL, start_new_session=True))
            # Warm-up: one document per worker loads the models.
            warm = [pdfs[w % 2] for w in range(n_workers)]
            _run_batch(client, h, warm, timeout=300)
            elapsed = _run_batch(client, h, batch, timeout=600)
            print(f"celery: {n_workers} worker(s): {len(batch)} documents in {elapsed:.1f} s "
                  f"-> {len(batch) / elapsed * 60:.1f} documents/min")
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(timeout=60)
        r = redis.Redis.from_url(broker)
        r.delete(queue, *r.keys(queue + "*"))
        svc.db.engine.dispose()
        shutil.rmtree(home, ignore_errors=True)
        if schema:
            import psycopg

            with psycopg.connect(host="127.0.0.1", user="postgres", dbname="test",
                                 autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _run_batch(client: Any, h: dict[str, str], paths: list[Path], timeout: float) -> float:
    case_id = client.post("/api/cases", json={}, headers=h).json["id"]
    t0 = time.perf_counter()
    files = {"file": [(io.BytesIO(p.read_bytes()), p.name) for p in paths]}
    r = client.post(f"/api/cases/{case_id}/documents", data=files, headers=h,
                    content_type="multipart/form-data")
    ids = [j["id"] for j in r.json["jobs"]]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [client.get(f"/api/jobs/{j}", headers=h).json["state"] for j in ids]
        if all(s in ("done", "failed") for s in states):
            return time.perf_counter() - t0
        time.sleep(0.2)
    raise SystemExit(f"celery batch not done after {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=1500, help="uploads per round")
    parser.add_argument("--rounds", type=int, default=1, help="upload rounds (per variant)")
    parser.add_argument("--compare", metavar="TREE",
                        help="a source tree holding an older docproc/ to measure alternately")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite",
                        help="uploads: SQLite file or a private schema at 127.0.0.1:5432")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--worker-class", default="gthread")
    parser.add_argument("--clients", type=int, default=8, help="concurrent upload clients")
    parser.add_argument("--seconds", type=float, default=20, help="time bound per loop")
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--docs", type=int, default=6, help="documents per Celery batch")
    parser.add_argument("--skip", action="append", default=[],
                        choices=["uploads", "reads", "celery"])
    args = parser.parse_args()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("DOCPROC_")}
    base_env.update({"DOCPROC_RATE_LIMIT": "0", "DOCPROC_UI_MODULE": ""})
    print(f"machine: {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; loopback only")
    if "uploads" not in args.skip:
        bench_uploads(args, base_env)
    if "reads" not in args.skip:
        bench_reads(args, base_env)
    if "celery" not in args.skip:
        bench_celery(args, base_env)


if __name__ == "__main__":
    main()
