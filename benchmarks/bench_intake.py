"""Messages per minute taken in by the mail intake (no OCR: jobs are only queued).

Starts a private Dovecot on loopback, APPENDs N messages with 3 small text-PDF attachments
each, then times one ``MailPoller.poll_once`` that stores every document, queues its job and
moves every message. Run: ``.venv/bin/python benchmarks/bench_intake.py [--messages 500]
[--security none|ssl|starttls]`` (TLS verified against the fixture's private CA).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_intake_dovecot import remove, start_dovecot  # noqa: E402
from tests.test_intake_mail import message  # noqa: E402


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    path = Path(tempfile.mkdtemp()) / "doc.pdf"
    c = canvas.Canvas(str(path))
    c.drawString(60, 800, "COMMERCIAL INVOICE  No. INV-BENCH-1")
    c.showPage()
    c.save()
    return path.read_bytes()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=500)
    ap.add_argument("--security", choices=["none", "ssl", "starttls"], default="none")
    args = ap.parse_args()
    n = max(1, min(args.messages, 5000))  # bounded
    from docproc.intake.mail import MailPoller
    from docproc.service import create_app

    pdf = _pdf()
    server = start_dovecot()
    try:
        imap = server.client()
        imap.create("bench")
        t0 = time.perf_counter()
        for i in range(n):
            atts = [(f"doc{k}.pdf", pdf + f"\n%{i}-{k}\n".encode(), "application/pdf")
                    for k in range(3)]
            imap.append("bench", None, None, message(f"bench {i}", atts, mid=f"<b{i}@bench>"))
        imap.logout()
        print(f"appended {n} messages in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        home = Path(tempfile.mkdtemp(prefix="dp-bench-"))
        cfg = (server.config() if args.security == "none"
               else server.tls_config(args.security))
        app = create_app({"HOME": str(home), "EXECUTOR": "none", "UI_MODULE": None,
                          **cfg, "MAIL_FOLDER": "bench", "MAIL_BATCH": 1000})
        t0 = time.perf_counter()
        result = MailPoller(app.extensions["docproc"]).poll_once()
        elapsed = time.perf_counter() - t0
        taken = result.count("processed")
        assert taken == n, f"only {taken} of {n} messages processed"
        assert server.count("bench") == 0
        print(f"{args.security}: {taken} messages ({3 * taken} documents) in {elapsed:.1f} s: "
              f"{taken / elapsed * 60:.0f} messages/minute")
    finally:
        remove(server)


if __name__ == "__main__":
    main()
