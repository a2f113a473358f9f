"""certificate.duplicate_serial and the serial store (SQLite via SQLAlchemy Core)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docproc.check import SerialStore, check_case
from tests.test_check_support import AS_OF, fresh, rules_of, validate_report


@pytest.fixture
def store(tmp_path: Path) -> SerialStore:
    return SerialStore(f"sqlite:///{tmp_path / 'serials.db'}")


def test_same_serial_in_another_case_is_a_duplicate(store: SerialStore) -> None:
    first = check_case(fresh(), as_of=AS_OF, store=store, case_id="case-1")
    assert first["findings"] == []
    second = check_case(fresh(), as_of=AS_OF, store=store, case_id="case-2")
    validate_report(second)
    assert rules_of(second) == {"certificate.duplicate_serial"}
    (f,) = second["findings"]
    assert "case-1" in f["message"] and "CCIC-JP-2026-00871" in f["message"]
    assert f["evidence"][0]["field"] == "document_number"


def test_recheck_of_the_same_case_is_not_a_duplicate(store: SerialStore) -> None:
    for _ in range(3):
        assert check_case(fresh(), as_of=AS_OF, store=store, case_id="case-1")["findings"] == []
    assert [u.case_id for u in store.uses("CCIC-JP-2026-00871")] == ["case-1"]


def test_without_case_id_the_same_documents_are_the_same_case(store: SerialStore) -> None:
    assert check_case(fresh(), as_of=AS_OF, store=store)["findings"] == []
    assert check_case(fresh(), as_of=AS_OF, store=store)["findings"] == []
    other = fresh()
    other[0]["source"]["sha256"] = "0" * 64  # another file: another case
    report = check_case(other, as_of=AS_OF, store=store)
    assert "certificate.duplicate_serial" in rules_of(report)


def test_serials_compare_without_separators_and_case(store: SerialStore) -> None:
    store.record("CCIC JP 2026/00871", "case-9")
    report = check_case(fresh(), as_of=AS_OF, store=store, case_id="case-1")
    assert rules_of(report) == {"certificate.duplicate_serial"}


def test_store_persists_across_instances(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x' / 'serials.db'}"
    SerialStore(url).record("S-1", "a", "f" * 64)
    uses = SerialStore(url).record("S-1", "b")
    assert [(u.case_id, u.document_sha256) for u in uses] == [("a", "f" * 64)]


def test_default_url_lives_under_docproc_home(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DOCPROC_DATABASE_URL", raising=False)
    monkeypatch.setenv("DOCPROC_HOME", str(tmp_path / "home"))
    store = SerialStore()
    store.record("S-2", "case")
    assert (tmp_path / "home" / "docproc.db").exists()


def test_without_store_the_rule_is_not_evaluated() -> None:
    assert check_case(fresh(), as_of=AS_OF)["findings"] == []
