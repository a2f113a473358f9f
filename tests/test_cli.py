"""The command line: exit codes and one-line errors of CLI.md, JSON on stdout."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from docproc.cli import main


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    """Every command here stores its data (the serial register) in a temporary home."""
    monkeypatch.setenv("DOCPROC_HOME", str(tmp_path / "home"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_missing_file_is_exit_2_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "extract", str(tmp_path / "nope.pdf"))
    assert code == 2
    assert err.count("\n") == 1 and "nope.pdf" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "name,data",
    [
        ("empty.pdf", b""),
        ("page.pdf", b"<!DOCTYPE html><html><body>not a pdf</body></html>"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"),
    ],
)
def test_bad_inputs_exit_2(capsys, tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    code, out, err = run(capsys, "extract", str(p), "--json")
    assert code == 2, err
    assert out == "" and err.startswith("docproc: ") and err.count("\n") == 1


def test_zip_named_pdf(capsys, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    p = tmp_path / "scan.pdf"
    p.write_bytes(buf.getvalue())
    code, _out, err = run(capsys, "extract", str(p))
    assert code == 2 and "zip" in err.lower()


def test_bad_usage(capsys):
    code, _out, _err = run(capsys, "check")
    assert code == 2
    code, _out, _err = run(capsys, "check", "x.pdf", "--as-of", "23/11/2026")
    assert code == 2


def test_extract_json_and_summary(capsys, tmp_path):
    from tests.corpus import documents, make_shipment, render_pdf

    gdoc = next(d for d in documents(make_shipment(7)) if d.doc_type == "invoice")
    pdf = tmp_path / "inv.pdf"
    render_pdf(gdoc, pdf)
    code, out, _err = run(capsys, "extract", str(pdf), "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["doc_type"] == "invoice"
    assert doc["fields"]["document_number"]["value"] == gdoc.truth["fields"]["document_number"]
    code, out, _err = run(capsys, "extract", str(pdf))
    assert code == 0 and "invoice" in out and gdoc.truth["fields"]["document_number"] in out


def test_check_keeps_unreadable_file_in_the_report(capsys, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    code, out, _err = run(capsys, "check", str(bad), "--json", "--as-of", "2026-11-23")
    assert code == 0
    report = json.loads(out)
    assert report["documents"][0]["doc_type"] == "unknown"
    assert any(f["rule"] == "document.unreadable" for f in report["findings"])
    assert report["verdict"] == "fail"
    assert Path(bad).exists()


def test_certificate_serial_reused_in_another_case_is_flagged(capsys, tmp_path):
    from tests.corpus import documents, make_shipment, render_pdf

    files = {}
    for d in documents(make_shipment(11)):
        if d.doc_type in ("inspection_certificate", "invoice", "contract"):
            files[d.doc_type] = tmp_path / f"{d.doc_type}.pdf"
            render_pdf(d, files[d.doc_type])
    cert, inv, con = files["inspection_certificate"], files["invoice"], files["contract"]
    code, out, _ = run(capsys, "check", str(cert), str(inv), "--json", "--as-of", "2026-11-23")
    assert code == 0
    first = {f["rule"] for f in json.loads(out)["findings"]}
    assert "certificate.duplicate_serial" not in first
    # The same case again: not a duplicate. The certificate in another case: a duplicate.
    code, out, _ = run(capsys, "check", str(cert), str(inv), "--json", "--as-of", "2026-11-23")
    assert "certificate.duplicate_serial" not in {f["rule"] for f in json.loads(out)["findings"]}
    code, out, _ = run(capsys, "check", str(cert), str(con), "--json", "--as-of", "2026-11-23")
    assert "certificate.duplicate_serial" in {f["rule"] for f in json.loads(out)["findings"]}
