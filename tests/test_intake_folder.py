"""Watched-folder intake on a real store: files written slowly, bad files, ZIPs."""

from __future__ import annotations

import io
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from docproc.intake.folder import FolderWatcher, run
from docproc.service.models import Document, Job


def _docs(app: Any) -> list[Document]:
    with app.extensions["docproc"].db.reader() as s:
        return list(s.scalars(select(Document).order_by(Document.id)))


def test_file_written_in_chunks_is_taken_only_when_complete(make_app: Any, tmp_path: Path,
                                                            text_pdf: bytes) -> None:
    app = make_app()
    inbox = tmp_path / "scans"
    inbox.mkdir()
    watcher = FolderWatcher(app.extensions["docproc"], inbox, settle=0.6)
    finished = threading.Event()

    def write_slowly() -> None:
        chunk = max(1, len(text_pdf) // 6)
        with open(inbox / "scan.pdf", "wb") as fh:
            for i in range(0, len(text_pdf), chunk):
                fh.write(text_pdf[i:i + chunk])
                fh.flush()
                time.sleep(0.25)
        finished.set()

    writer = threading.Thread(target=write_slowly)
    writer.start()
    taken = []
    deadline = time.monotonic() + 15
    while not taken and time.monotonic() < deadline:
        ready = watcher.ready()
        if ready:
            assert finished.is_set(), "a file still being written was taken"
            taken = watcher.take(ready)
        time.sleep(0.1)
    writer.join()
    assert [o.outcome for o in taken] == ["done"]
    assert (inbox / "done" / "scan.pdf").read_bytes() == text_pdf
    docs = _docs(app)
    assert [(d.filename, d.source) for d in docs] == [("scan.pdf", "folder")]
    assert app.extensions["docproc"].store.exists(docs[0].sha256)
    with app.extensions["docproc"].db.reader() as s:
        assert s.scalar(select(Job.state).where(Job.document_id == docs[0].id)) == "queued"


def test_bad_files_go_to_failed_with_a_reason(make_app: Any, tmp_path: Path,
                                              text_pdf: bytes) -> None:
    app = make_app()
    inbox = tmp_path / "scans"
    inbox.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../inner.pdf", text_pdf)
        zf.writestr("notes.txt", "hello")
    (inbox / "bundle.zip").write_bytes(buf.getvalue())
    (inbox / "setup.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    (inbox / "letter.pdf").write_bytes(b"just text, not a pdf")
    (inbox / "upload.pdf.part").write_bytes(b"%PDF-1.4 partial")
    time.sleep(0.25)  # older than the settle time at the second check
    outcomes = {o.file: o for o in run(app.extensions["docproc"], inbox, once=True,
                                       interval=0.2)}
    assert outcomes["bundle.zip"].outcome == "done"
    assert outcomes["setup.exe"].outcome == "failed"
    assert outcomes["letter.pdf"].outcome == "failed"
    assert "upload.pdf.part" not in outcomes and (inbox / "upload.pdf.part").exists()
    assert "executable" in (inbox / "failed" / "setup.exe.reason.txt").read_text()
    assert "plain-text" in (inbox / "failed" / "letter.pdf.reason.txt").read_text()
    assert "notes.txt" in (inbox / "done" / "bundle.zip.reason.txt").read_text()
    assert [d.filename for d in _docs(app)] == ["inner.pdf"]  # path flattened to its base name
    assert list((Path(app.config["HOME"]) / "quarantine").rglob("*.reason.txt"))
