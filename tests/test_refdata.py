"""Admin-edited reference data: validation, the override layer of ``docproc.data.load``, the
effect of an edit on a real check, the ``/api/reference`` endpoints and the admin pages."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from docproc import data, refdata
from docproc.check import check_case
from docproc.check._text import concept_of
from docproc.errors import (
    ReferenceDataConflictError,
    ReferenceDataError,
    ReferenceDataInvalidError,
)
from tests.conftest import bearer
from tests.test_check_support import AS_OF, doc_of, fresh, rules_of
from tests.test_ui_support import login, ui_app_of

ROOT = Path(__file__).resolve().parents[1]
CERT_AGENCY = "中国检验认证集团日本有限公司"  # the issuing agency of the clean case's certificate


@pytest.fixture(autouse=True)
def refdata_dir(tmp_path: Path) -> Iterator[Path]:
    """Every test edits its own override folder; the previous setting comes back after."""
    folder = tmp_path / "refdata"
    previous = data.use_override_dir(folder)
    yield folder
    data.use_override_dir(previous)


def _thresholds() -> dict[str, Any]:
    return copy.deepcopy(refdata.shipped("thresholds"))


def _row(**kw: str) -> dict[str, str]:
    row = {"concept_id": "ultrasonic_scaler", "en": "ultrasonic scaler", "zh": "超声波洁牙机",
           "variants": "dental scaler|洁牙机", "hs_prefix": "901849"}
    row.update(kw)
    return row


# -- validation (pure) -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(refdata.KINDS))
def test_shipped_files_are_valid_and_round_trip(name: str) -> None:
    content = refdata.shipped(name)
    assert refdata._json_safe(refdata.validate(name, content)) == content
    text = refdata.dump(name, refdata.validate(name, content))
    assert refdata.to_json(name, data.parse(refdata.KINDS[name].file, text)) == content


@pytest.mark.parametrize(("rows", "message"), [
    ({"concept_id": "x"}, "must be a list"),
    ([], "at least one row"),
    ([{k: v for k, v in _row().items() if k != "zh"}], "lacks column zh"),
    ([{**_row(), "price": "1"}], "unknown column 'price'"),
    ([_row(en="  ")], "en is empty"),
    ([_row(zh="")], "zh is empty"),
    ([_row(zh="scaler")], "zh must be a Chinese name"),
    ([_row(concept_id="Bad Id")], "lower-case letters"),
    ([_row(hs_prefix="84")], "hs_prefix must be 4 to 10 digits"),
    ([_row(), _row(en="other")], "already used by row 1"),
    ([_row(variants="a\nb")], "line break"),
    ([_row(en=7)], "en must be a string"),  # type: ignore[arg-type]
])
def test_glossary_validation(rows: Any, message: str) -> None:
    with pytest.raises(ReferenceDataInvalidError, match=message) as err:
        refdata.validate("glossary", rows)
    assert "\n" not in str(err.value)


def test_glossary_rows_are_normalised() -> None:
    rows = refdata.validate("glossary", [_row(en=" ultrasonic scaler ",
                                              variants="a| a |b||")])
    assert rows == [_row(variants="a|b")]


@pytest.mark.parametrize(("content", "message"), [
    ([], "must be an object"),
    ({"agencies": [], "extra": 1}, "must be an object"),
    ({"agencies": {"name": "x"}}, "must be a list"),
    ({"agencies": [{"aliases": ["x"]}]}, "name must be a string"),
    ({"agencies": [{"name": "A", "country": "JP"}]}, "unknown key 'country'"),
    ({"agencies": [{"name": "A", "from": "2025-13-01"}]}, "from must be a date"),
    ({"agencies": [{"name": "A", "from": "2026-01-01", "until": "2025-01-01"}]}, "after until"),
    ({"agencies": [{"name": "A", "aliases": "B"}]}, "aliases must be a list"),
    ({"agencies": [{"name": "Acme Inspection Co., Ltd."},
                   {"name": "ACME INSPECTION COMPANY LIMITED"}]}, "already listed by agency 1"),
])
def test_agencies_validation(content: Any, message: str) -> None:
    with pytest.raises(ReferenceDataInvalidError, match=message):
        refdata.validate("agencies", content)


def test_agency_entries_keep_the_shape_the_rule_reads() -> None:
    out = refdata.validate("agencies", {"agencies": [
        {"name": " Acme ", "aliases": ["阿克米"], "from": "2025-01-01", "until": None,
         "reason": "GACC notice 12/2025", "source": ""}]})
    entry = out["agencies"][0]
    assert entry["name"] == "Acme" and entry["aliases"] == ["阿克米"]
    assert str(entry["from"]) == "2025-01-01" and "until" not in entry and "source" not in entry


def _with(path: str, value: Any) -> dict[str, Any]:
    t = _thresholds()
    if value is KeyError:
        del t[path]
    else:
        refdata.set_number(t, path, value)
    return t


@pytest.mark.parametrize(("content", "message"), [
    ("0.5", "must be an object"),
    ({**_thresholds(), "new_limit": 3}, "unknown key 'new_limit'"),
    (_with("amount_tolerance", KeyError), "lacks key 'amount_tolerance'"),
    (_with("amount_tolerance", "0.01"), "amount_tolerance must be a number"),
    (_with("amount_tolerance", True), "amount_tolerance must be a number"),
    (_with("amount_tolerance", float("nan")), "finite"),
    (_with("weight_tolerance_ratio", 2), "between 0 and 0.5"),
    (_with("certificate_max_validity_months", 6.5), "whole number"),
    (_with("certificate_max_validity_months", 0), "between 1 and 120"),
    (_with("ocr_suspect_confidence", -0.1), "between 0 and 1"),
    (_with("hs_code_compare_digits", 10**400), "between"),
    (_with("matching.weights", {"model": 3.0}), "matching.weights lacks key 'serial'"),
    (_with("certificate_required_fields", {"document_number": "no"}), "lacks key"),
    (_with("required_documents", ["contract", "menu"]), "unknown document type 'menu'"),
    (_with("warning_confidence_pattern", "(unclosed"), "not a valid pattern"),
    (_with("warning_confidence_pattern", "no group"), "needs a group"),
    (_with("after_sales_applies_from", "soon"), "must be a date"),
    (_with("hs_code_compare_digits", 10) | {"hs_code_digits": 8}, "must not exceed"),
    (_with("party_suffixes", [["CO LTD"], []]), "empty group"),
])
def test_thresholds_validation(content: Any, message: str) -> None:
    with pytest.raises(ReferenceDataInvalidError, match=message) as err:
        refdata.validate("thresholds", content)
    assert "\n" not in str(err.value)


def test_thresholds_accept_changed_numbers_and_new_unit_aliases() -> None:
    t = _thresholds()
    t["amount_tolerance"] = 1  # an int where the shipped value is a float
    t["unit_aliases"]["bags"] = "piece"
    t["unit_groups"]["mass"]["g"] = 0.001
    out = refdata.validate("thresholds", t)
    assert out["amount_tolerance"] == 1.0 and isinstance(out["amount_tolerance"], float)
    assert out["unit_aliases"]["bags"] == "piece" and out["unit_groups"]["mass"]["g"] == 0.001
    paths = dict(refdata.numbers(refdata.shipped("thresholds")))
    assert paths["matching.weights.model"] == 3.0 and "unit_groups.mass.kg" not in paths
    assert refdata.label("amount_tolerance").startswith("Amount tolerance")


# -- the override layer of docproc.data.load -------------------------------------------------


def _in_other_process(code: str, home: Path) -> None:
    """Run ``code`` in a fresh interpreter whose DOCPROC_HOME is ``home``."""
    env = {**os.environ, "DOCPROC_HOME": str(home), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT, timeout=120)


def test_edit_by_another_process_is_picked_up_without_restart(tmp_path: Path) -> None:
    home = tmp_path / "home"
    data.use_override_dir(home / "refdata")  # as create_app does for $DOCPROC_HOME
    assert data.load("check.yaml")["amount_tolerance"] == 0.01
    assert not refdata.info("thresholds")["overridden"]
    _in_other_process(
        "from docproc import refdata\n"
        "t = refdata.current('thresholds'); t['amount_tolerance'] = 2.5\n"
        "refdata.save('thresholds', t)\n", home)
    assert (home / "refdata" / "check.yaml").is_file()
    assert data.load("check.yaml")["amount_tolerance"] == 2.5
    info = refdata.info("thresholds")
    assert info["overridden"] and info["updated_at"]
    _in_other_process("from docproc import refdata; refdata.reset('thresholds')", home)
    assert data.load("check.yaml")["amount_tolerance"] == 0.01


def test_each_replacement_of_the_file_is_noticed(refdata_dir: Path) -> None:
    refdata_dir.mkdir()
    target = refdata_dir / "agencies_not_recognized.yaml"
    seen = []
    for name in ("Aaaa", "Bbbb", "Cccc"):  # same size, written within the same clock tick
        tmp = refdata_dir / "new.tmp"
        tmp.write_text(f"agencies:\n- name: {name}\n", encoding="utf-8")
        os.replace(tmp, target)
        seen.append(data.load("agencies_not_recognized.yaml")["agencies"][0]["name"])
    assert seen == ["Aaaa", "Bbbb", "Cccc"]
    target.unlink()
    assert data.load("agencies_not_recognized.yaml")["agencies"] == []


def test_only_the_editable_files_are_overridden(refdata_dir: Path) -> None:
    refdata_dir.mkdir()
    (refdata_dir / "labels.yaml").write_text("fields: {}\n", encoding="utf-8")
    assert data.load("labels.yaml")["fields"]


def test_a_broken_override_is_a_one_line_reference_data_error(refdata_dir: Path) -> None:
    refdata_dir.mkdir()
    (refdata_dir / "check.yaml").write_text("a: [1,\nb: 2\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="check.yaml is malformed") as err:
        data.load("check.yaml")
    assert "\n" not in str(err.value)
    with pytest.raises(ReferenceDataError, match="not a file name"):
        data.load("../check.yaml")


def test_glossary_edit_reaches_the_goods_matcher() -> None:
    assert concept_of("超声波洁牙机") is None
    refdata.save("glossary", [*refdata.shipped("glossary"), _row()])
    found = concept_of("超声波洁牙机")
    assert found is not None and found.concept_id == "ultrasonic_scaler"
    assert concept_of("used dental scaler") == found
    refdata.reset("glossary")
    assert concept_of("超声波洁牙机") is None


def test_saving_over_a_newer_edit_is_refused() -> None:
    version = refdata.info("thresholds")["version"]
    refdata.save("thresholds", _with("amount_tolerance", 0.5), expect_version=version)
    with pytest.raises(ReferenceDataConflictError):
        refdata.save("thresholds", _with("amount_tolerance", 0.7), expect_version=version)
    assert data.load("check.yaml")["amount_tolerance"] == 0.5


def test_invalid_content_leaves_the_file_alone(refdata_dir: Path) -> None:
    with pytest.raises(ReferenceDataInvalidError):
        refdata.save("glossary", [_row(zh="")])
    assert not (refdata_dir / "glossary.csv").exists()
    assert len(data.load("glossary.csv")) > 100


# -- edits change real check results ---------------------------------------------------------


def test_listing_an_agency_makes_the_certificate_rule_fire() -> None:
    assert check_case(fresh(), as_of=AS_OF)["findings"] == []
    refdata.save("agencies", {"agencies": [
        {"name": "中国检验认证集团日本有限公司", "from": "2025-01-01", "reason": "test"}]})
    report = check_case(fresh(), as_of=AS_OF)
    assert rules_of(report) == {"certificate.agency_not_recognized"}
    assert report["verdict"] == "fail"
    refdata.save("agencies", {"agencies": [
        {"name": CERT_AGENCY, "from": "2025-01-01", "until": "2025-12-31"}]})
    assert check_case(fresh(), as_of=AS_OF)["findings"] == []  # the period is over
    refdata.reset("agencies")
    assert check_case(fresh(), as_of=AS_OF)["findings"] == []


def test_a_threshold_edit_changes_the_verdict() -> None:
    docs = fresh()
    cert = doc_of(docs, "inspection_certificate")
    issued = cert["fields"]["document_date"]["value"]
    until = cert["fields"]["valid_until"]["value"]
    assert (issued, until) == ("2026-02-12", "2026-08-11")  # about six months
    assert check_case(docs, as_of=AS_OF)["verdict"] == "pass"
    refdata.save("thresholds", _with("certificate_max_validity_months", 3))
    report = check_case(fresh(), as_of=AS_OF)
    assert rules_of(report) == {"certificate.validity_too_long"}
    assert "longer than 3 months" in report["findings"][0]["message"]
    assert report["verdict"] == "review"


# -- API -------------------------------------------------------------------------------------


@pytest.fixture
def api(make_app: Callable[..., Any]) -> tuple[Any, dict[str, str]]:
    from tests.conftest import add_users

    app = make_app()
    return app, add_users(app)


def _events(app: Any) -> list[Any]:
    from docproc.service.models import AuditEvent

    with app.extensions["docproc"].db.reader() as s:
        return list(s.query(AuditEvent).filter(AuditEvent.entity == "reference")
                    .order_by(AuditEvent.id))


def test_api_admin_reads_replaces_and_resets(api: tuple[Any, dict[str, str]],
                                             tmp_path: Path) -> None:
    app, tokens = api
    c, admin = app.test_client(), bearer(tokens["admin"])
    listing = c.get("/api/reference", headers=admin)
    assert listing.status_code == 200
    assert [i["name"] for i in listing.json["items"]] == ["glossary", "agencies", "thresholds"]
    assert not any(i["overridden"] for i in listing.json["items"])
    glossary = c.get("/api/reference/glossary", headers=admin).json
    assert glossary["content"][0]["concept_id"] == "hydraulic_excavator"
    assert set(glossary["content"][0]) == set(refdata.GLOSSARY_COLUMNS)
    thresholds = c.get("/api/reference/thresholds", headers=admin).json["content"]
    assert thresholds["after_sales_applies_from"] == "2026-01-01"

    new = {"agencies": [{"name": CERT_AGENCY, "reason": "GACC decision"}]}
    r = c.put("/api/reference/agencies", json={"content": new}, headers=admin)
    assert r.status_code == 200, r.json
    assert r.json["overridden"] and r.json["content"] == new
    # the app's home holds the edit, and the checks of this process read it
    assert (tmp_path / "home" / "refdata" / "agencies_not_recognized.yaml").is_file()
    assert rules_of(check_case(fresh(), as_of=AS_OF)) == {"certificate.agency_not_recognized"}
    event = _events(app)[-1]
    assert (event.action, event.actor) == ("reference.updated", "admin1")
    assert event.before == {"name": "agencies", "agencies": []}
    assert event.after == {"name": "agencies", "agencies": [CERT_AGENCY]}

    r = c.delete("/api/reference/agencies", headers=admin)
    assert r.status_code == 200 and not r.json["overridden"]
    assert r.json["content"] == {"agencies": []}
    assert check_case(fresh(), as_of=AS_OF)["findings"] == []
    event = _events(app)[-1]
    assert event.action == "reference.reset" and event.after["agencies"] == []


def test_api_threshold_change_is_audited_with_the_changed_values(
        api: tuple[Any, dict[str, str]]) -> None:
    app, tokens = api
    c, admin = app.test_client(), bearer(tokens["admin"])
    doc = c.get("/api/reference/thresholds", headers=admin).json
    doc["content"]["amount_tolerance"] = 0.5
    r = c.put("/api/reference/thresholds", headers=admin,
              json={"content": doc["content"], "version": doc["version"]})
    assert r.status_code == 200 and r.json["content"]["amount_tolerance"] == 0.5
    event = _events(app)[-1]
    assert event.before == {"name": "thresholds", "amount_tolerance": 0.01}
    assert event.after == {"name": "thresholds", "amount_tolerance": 0.5}
    # the version read before that save is stale now
    r = c.put("/api/reference/thresholds", headers=admin,
              json={"content": doc["content"], "version": doc["version"]})
    assert r.status_code == 409 and r.json["error"]["code"] == "conflict"


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"content": [{"concept_id": "x"}]}, 422, "invalid_reference_data"),
    ({"content": []}, 422, "invalid_reference_data"),
    ({"rows": []}, 400, "bad_request"),
    ([1, 2], 400, "bad_request"),
    ({"content": [], "version": 3}, 400, "bad_request"),
])
def test_api_refuses_invalid_content(api: tuple[Any, dict[str, str]], body: Any, status: int,
                                     code: str) -> None:
    app, tokens = api
    c, admin = app.test_client(), bearer(tokens["admin"])
    r = c.put("/api/reference/glossary", json=body, headers=admin)
    assert r.status_code == status
    assert r.json["error"]["code"] == code and r.json["error"]["message"]
    assert not c.get("/api/reference/glossary", headers=admin).json["overridden"]
    assert _events(app) == []


def test_api_unknown_name_is_404(api: tuple[Any, dict[str, str]]) -> None:
    app, tokens = api
    r = app.test_client().get("/api/reference/labels", headers=bearer(tokens["admin"]))
    assert r.status_code == 404 and r.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("role", ["clerk", "reviewer"])
def test_api_is_for_admins_only(api: tuple[Any, dict[str, str]], role: str) -> None:
    app, tokens = api
    c, h = app.test_client(), bearer(tokens[role])
    assert c.get("/api/reference", headers=h).status_code == 403
    assert c.get("/api/reference/glossary", headers=h).status_code == 403
    r = c.put("/api/reference/agencies", headers=h,
              json={"content": {"agencies": [{"name": "X"}]}})
    assert r.status_code == 403 and r.json["error"]["code"] == "forbidden"
    assert c.delete("/api/reference/agencies", headers=h).status_code == 403
    assert app.test_client().get("/api/reference").status_code == 401
    assert data.load("agencies_not_recognized.yaml")["agencies"] == []


# -- admin pages -----------------------------------------------------------------------------


@pytest.fixture
def ui_app(make_app: Callable[..., Any]) -> Any:
    return ui_app_of(make_app)


def _version(c: Any, path: str) -> str:
    import re

    m = re.search(r'name="version" type="hidden" value="([^"]+)"', c.get(path).text)
    assert m, path
    return m.group(1)


def test_admin_pages_render_and_are_linked(ui_app: Any) -> None:
    c = ui_app.test_client()
    login(c, "admin")
    home = c.get("/admin/users").text
    assert 'href="/admin/reference"' in home
    page = c.get("/admin/reference")
    assert page.status_code == 200
    assert "Goods glossary" in page.text and "shipped default" in page.text
    glossary = c.get("/admin/reference/glossary?q=挖掘机")
    assert glossary.status_code == 200 and "hydraulic_excavator" in glossary.text
    assert "wheel_loader" not in glossary.text  # filtered out
    assert c.get("/admin/reference/glossary/hydraulic_excavator").status_code == 200
    assert c.get("/admin/reference/glossary/no_such_row").status_code == 404
    agencies = c.get("/admin/reference/agencies")
    assert agencies.status_code == 200 and "No agency is listed" in agencies.text
    thresholds = c.get("/admin/reference/thresholds")
    assert thresholds.status_code == 200
    assert "Amount tolerance" in thresholds.text and 'value="0.01"' in thresholds.text


def test_admin_adds_and_removes_an_agency_in_the_page(ui_app: Any) -> None:
    c = ui_app.test_client()
    token = login(c, "admin")
    version = _version(c, "/admin/reference/agencies")
    r = c.post("/admin/reference/agencies", follow_redirects=True, data={
        "csrf_token": token, "version": version, "name": CERT_AGENCY + " <script>x</script>",
        "aliases": "CCIC Japan | 中检日本", "valid_from": "2025-01-01", "valid_until": "",
        "reason": "GACC decision 2025/7", "source": "https://example.org/notice"})
    assert r.status_code == 200, r.text
    assert "&lt;script&gt;x&lt;/script&gt;" in r.text and "<script>x</script>" not in r.text
    entry = data.load("agencies_not_recognized.yaml")["agencies"][0]
    assert entry["aliases"] == ["CCIC Japan", "中检日本"] and str(entry["from"]) == "2025-01-01"
    # a second form rendered from the old version is refused, not applied over the edit
    r = c.post("/admin/reference/agencies", data={
        "csrf_token": token, "version": version, "name": "Other", "reason": "r"})
    assert r.status_code == 422 and "changed since it was read" in r.text
    r = c.post("/admin/reference/agencies/remove", follow_redirects=True, data={
        "csrf_token": token, "version": _version(c, "/admin/reference/agencies"),
        "name": entry["name"], "reason": "decision withdrawn"})
    assert r.status_code == 200 and "removed from the list" in r.text
    assert data.load("agencies_not_recognized.yaml")["agencies"] == []
    events = _events(ui_app)
    assert [e.action for e in events] == ["reference.updated", "reference.updated"]
    assert events[-1].after["note"] == "decision withdrawn"


def test_admin_edits_the_glossary_in_the_page(ui_app: Any) -> None:
    c = ui_app.test_client()
    token = login(c, "admin")
    r = c.post("/admin/reference/glossary", follow_redirects=True, data={
        "csrf_token": token, "version": _version(c, "/admin/reference/glossary"), **_row()})
    assert r.status_code == 200 and "ultrasonic_scaler" in r.text
    assert concept_of("超声波洁牙机") is not None
    r = c.post("/admin/reference/glossary/ultrasonic_scaler", follow_redirects=True, data={
        "csrf_token": token, "version": _version(c, "/admin/reference/glossary"),
        **_row(en="piezo scaler")})
    assert r.status_code == 200 and "piezo scaler" in r.text
    r = c.post("/admin/reference/glossary", data={
        "csrf_token": token, "version": _version(c, "/admin/reference/glossary"),
        **_row(concept_id="another", zh="no chinese")})
    assert r.status_code == 422 and "zh must be a Chinese name" in r.text
    r = c.post("/admin/reference/glossary/ultrasonic_scaler/delete", data={
        "csrf_token": token, "version": _version(c, "/admin/reference/glossary")})
    assert r.status_code == 302
    assert concept_of("超声波洁牙机") is None
    assert refdata.info("glossary")["overridden"]  # still an edit, now equal to the default
    r = c.post("/admin/reference/reset/glossary", data={"csrf_token": token})
    assert r.status_code == 302 and not refdata.info("glossary")["overridden"]
    assert [e.action for e in _events(ui_app)][-1] == "reference.reset"


def test_admin_changes_a_threshold_in_the_page(ui_app: Any) -> None:
    c = ui_app.test_client()
    token = login(c, "admin")
    page = c.get("/admin/reference/thresholds").text
    import re

    fields = dict(re.findall(r'name="(n__[\w]+)"[^>]*value="([^"]*)"', page))
    assert fields["n__certificate_max_validity_months"] == "12"
    form = {**fields, "n__certificate_max_validity_months": "3", "csrf_token": token,
            "version": _version(c, "/admin/reference/thresholds")}
    r = c.post("/admin/reference/thresholds", data=form)
    assert r.status_code == 302, r.text
    assert data.load("check.yaml")["certificate_max_validity_months"] == 3
    assert rules_of(check_case(fresh(), as_of=AS_OF)) == {"certificate.validity_too_long"}
    bad = {**form, "n__ocr_suspect_confidence": "7",
           "version": _version(c, "/admin/reference/thresholds")}
    r = c.post("/admin/reference/thresholds", data=bad)
    assert r.status_code == 422 and "between 0" in r.text.replace("0.0", "0")


def test_admin_forms_need_the_csrf_token(ui_app: Any) -> None:
    c = ui_app.test_client()
    login(c, "admin")
    for url, form in [("/admin/reference/agencies", {"name": "X", "reason": "r"}),
                      ("/admin/reference/agencies/remove", {"name": "X"}),
                      ("/admin/reference/glossary", _row()),
                      ("/admin/reference/glossary/hydraulic_excavator/delete", {}),
                      ("/admin/reference/thresholds", {"n__amount_tolerance": "1"}),
                      ("/admin/reference/reset/agencies", {})]:
        r = c.post(url, data=form)
        assert r.status_code == 400, url
        assert "CSRF" in r.text
    assert not any(refdata.info(n)["overridden"] for n in refdata.KINDS)
    # the JSON API on the session cookie needs it too
    r = c.put("/api/reference/agencies", json={"content": {"agencies": []}})
    assert r.status_code == 400 and r.json["error"]["code"] == "csrf_failed"


@pytest.mark.parametrize("role", ["clerk", "reviewer"])
def test_admin_pages_are_forbidden_to_other_roles(ui_app: Any, role: str) -> None:
    c = ui_app.test_client()
    token = login(c, role)
    assert 'href="/admin/reference"' not in c.get("/").text
    for path in ("/admin/reference", "/admin/reference/glossary",
                 "/admin/reference/glossary/hydraulic_excavator", "/admin/reference/agencies",
                 "/admin/reference/thresholds"):
        assert c.get(path).status_code == 403, path
    r = c.post("/admin/reference/agencies", data={"csrf_token": token, "name": "X",
                                                  "reason": "r"})
    assert r.status_code == 403
    r = c.post("/admin/reference/glossary/hydraulic_excavator/delete",
               data={"csrf_token": token})
    assert r.status_code == 403
    assert not any(refdata.info(n)["overridden"] for n in refdata.KINDS)
    assert ui_app.test_client().get("/admin/reference").status_code == 302  # not signed in
