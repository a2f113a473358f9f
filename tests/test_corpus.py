"""The generated corpus: consistent shipments, truth the PDFs really print, varied layouts."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from tests.corpus import (
    FIFTH_UNSEEN_FAMILIES,
    FIRST_UNSEEN_FAMILIES,
    FOURTH_UNSEEN_FAMILIES,
    HOLDOUT_FAMILIES,
    LAYOUT_FAMILIES,
    NAMED_ONLY_FAMILIES,
    SECOND_UNSEEN_FAMILIES,
    SIXTH_UNSEEN_FAMILIES,
    THIRD_UNSEEN_FAMILIES,
    UNSEEN_FAMILIES,
    documents,
    fmt,
    make_document,
    make_shipment,
    render_pdf,
    truth_to_extracted,
)
from tests.corpus.__main__ import main as corpus_main
from tests.corpus.shipment import (
    container_check_digit,
    container_valid,
    make_container,
    make_vin,
    vin_check_digit,
    vin_valid,
)


def _text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


def _squash(s: str) -> str:
    return re.sub(r"[\s\-/]", "", s).upper()


def _has_tokens(text: str, value: str) -> bool:
    """Every word of ``value`` occurs in the text (boxes may interleave columns)."""
    words = set(text.upper().split())
    flat = _squash(text)
    for w in value.split():
        if w.upper() in words or _squash(w) in flat:
            continue
        # CJK runs may wrap at any character inside a narrow cell: check piece by piece.
        pieces = re.findall(r"[\u3000-\u9fff\uff00-\uffef]|[^\u3000-\u9fff\uff00-\uffef]+", w)
        if len(pieces) < 2 or not all(_squash(p) in flat for p in pieces):
            return False
    return True


def _expected(doc) -> list[str]:
    """Printed forms of the key truth values, formatted the way the style says."""
    f = doc.truth["fields"]
    st = doc.style
    out = [f["document_number"], fmt.fmt_date(f["document_date"], st["date_format"])]
    for k in ("seller", "buyer", "shipper", "consignee", "applicant", "owner", "vin", "vessel",
              "issuing_agency", "authorized_signatory", "inspection_place", "model"):
        if k in f:
            out.append(f[k])
    if "total_amount" in f:
        out.append(fmt.fmt_number(f["total_amount"], fmt.money_decimals(f["currency"]),
                                  st["numfmt"]))
    for c in f.get("container_numbers", []):
        out.append(c)
    for it in doc.truth["line_items"]:
        for k in ("model", "serial_number", "description"):
            if k in it:
                out.append(it[k])
    return out


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> list[tuple[object, Path]]:
    """Two machinery cases and one used-car case, rendered once for the module."""
    out = tmp_path_factory.mktemp("corpus")
    rendered = []
    for seed, used_car in ((11, False), (12, False), (13, True)):
        for doc in documents(make_shipment(seed, used_car=used_car)):
            pdf = out / f"{seed}-{doc.doc_type}.pdf"
            render_pdf(doc, pdf)
            rendered.append((doc, pdf))
    return rendered


def test_pdfs_open_and_print_truth(cases) -> None:
    for doc, pdf in cases:
        text = _text(pdf)
        assert text.strip(), pdf
        for value in _expected(doc):
            assert _has_tokens(text, str(value)), (doc.doc_type, doc.layout, value)


def test_every_family_renders(tmp_path: Path) -> None:
    machinery = make_shipment(21)
    car = make_shipment(22, used_car=True)
    car.vehicle.has_letter = True
    for doc_type, families in LAYOUT_FAMILIES.items():
        assert len(families) >= (3 if doc_type in ("contract", "invoice", "packing_list",
                                                   "bill_of_lading",
                                                   "inspection_certificate") else 2)
        assert HOLDOUT_FAMILIES & set(families), doc_type
        shipment = machinery if doc_type in ("contract", "invoice", "packing_list",
                                             "bill_of_lading", "inspection_certificate") else car
        for fam in families:
            doc = make_document(shipment, doc_type, family=fam)
            pdf = tmp_path / f"{fam}.pdf"
            render_pdf(doc, pdf)
            text = _text(pdf)
            assert _squash(doc.truth["fields"]["document_number"]) in _squash(text), fam


_GROUPS = {"first": FIRST_UNSEEN_FAMILIES, "second": SECOND_UNSEEN_FAMILIES,
           "third": THIRD_UNSEEN_FAMILIES, "fourth": FOURTH_UNSEEN_FAMILIES,
           "fifth": FIFTH_UNSEEN_FAMILIES, "sixth": SIXTH_UNSEEN_FAMILIES,
           "seventh": UNSEEN_FAMILIES}
_MAIN_TYPES = ("contract", "invoice", "packing_list", "bill_of_lading", "inspection_certificate")


def test_unseen_groups_are_disjoint_held_out_and_named_only() -> None:
    """Three groups of five (one per main type), a fourth to a seventh of six (one per main
    type and a used-car document), pairwise disjoint, all held out."""
    groups = list(_GROUPS.values())
    assert NAMED_ONLY_FAMILIES == set.union(*groups) <= HOLDOUT_FAMILIES
    assert sum(len(g) for g in groups) == len(NAMED_ONLY_FAMILIES) == 39
    assert len(FOURTH_UNSEEN_FAMILIES) == len(FIFTH_UNSEEN_FAMILIES) == 6
    assert len(SIXTH_UNSEEN_FAMILIES) == len(UNSEEN_FAMILIES) == 6
    every = {f for fams in LAYOUT_FAMILIES.values() for f in fams}
    assert NAMED_ONLY_FAMILIES <= every


@pytest.mark.parametrize("group", ["first", "second", "third", "fourth", "fifth", "sixth",
                                   "seventh"])
def test_unseen_families_print_truth_with_the_usual_truth_shape(tmp_path: Path, group: str
                                                                 ) -> None:
    """Each unseen family prints its truth, and its truth has the shape of its siblings'."""
    fams_of_group = _GROUPS[group]
    named_only = NAMED_ONLY_FAMILIES
    by_type = {t: [f for f in fams if f in fams_of_group] for t, fams in LAYOUT_FAMILIES.items()}
    assert all(len(by_type[t]) == 1 for t in _MAIN_TYPES)
    for seed, used_car in ((31, False), (32, False), (33, True)):
        ship = make_shipment(seed, used_car=used_car)
        for doc_type, fams in by_type.items():
            if not fams or (used_car and doc_type == "inspection_certificate") or (
                    not used_car and doc_type not in _MAIN_TYPES):
                continue
            siblings = [set(make_document(make_shipment(s, used_car=used_car), doc_type,
                                          family=f).truth["fields"])
                        for s in range(6) for f in LAYOUT_FAMILIES[doc_type]
                        if f not in named_only]
            for fam in fams:
                doc = make_document(ship, doc_type, family=fam)
                keys = set(doc.truth["fields"])
                assert set.intersection(*siblings) <= keys <= set.union(*siblings), fam
                pdf = tmp_path / f"{fam}-{seed}.pdf"
                render_pdf(doc, pdf)
                text = _text(pdf)
                for value in _expected(doc):
                    assert _has_tokens(text, str(value)), (fam, seed, value)


def _printed_truth(doc) -> list[str]:
    """Every text or date truth value of ``doc`` in its printed form (header and items)."""
    f, st = doc.truth["fields"], doc.style
    out = []
    for k, v in f.items():
        if k in ("languages", "conclusion", "currency", "country_of_origin",
                 "export_country") or \
                not isinstance(v, str | list):
            continue
        for one in v if isinstance(v, list) else [v]:
            is_date = k.endswith("_date") or k in ("valid_until",)
            out.append(fmt.fmt_date(one, st["date_format"]) if is_date else one)
    out.append(f.get("currency", ""))
    for it in doc.truth["line_items"]:
        for k in ("description", "model", "brand", "serial_number"):
            if k in it:
                out.append(str(it[k]))
        if "hs_code" in it:
            out.append(fmt.fmt_hs(it["hs_code"], st["hs_style"]))
        if "manufacture_year" in it:
            out.append(str(it["manufacture_year"]))
    return [v.replace(",", " ") for v in out if v]


@pytest.mark.parametrize("group", ["second", "third", "fourth", "fifth", "sixth", "seventh"])
def test_unseen_families_print_every_truth_field(tmp_path: Path, group: str) -> None:
    """The second to seventh unseen groups (unseen2.py ... unseen7.py) print each text / date
    truth value they hold (used-car shipments too, for the fourth to seventh)."""
    runs = [(seed, False) for seed in (41, 42, 43, 5007)]
    if group in ("fourth", "fifth", "sixth", "seventh"):
        runs += [(seed, True) for seed in (41, 42, 43, 5007)]
    for doc_type, fams in LAYOUT_FAMILIES.items():
        for fam in (f for f in fams if f in _GROUPS[group]):
            for seed, used_car in runs:
                if (used_car and doc_type == "inspection_certificate") or (
                        not used_car and doc_type not in _MAIN_TYPES):
                    continue
                doc = make_document(make_shipment(seed, used_car=used_car), doc_type,
                                    family=fam)
                pdf = tmp_path / f"{fam}-{seed}-{used_car}.pdf"
                render_pdf(doc, pdf)
                text = _text(pdf)
                assert text.strip(), fam
                for value in _printed_truth(doc):
                    assert _has_tokens(text.replace(",", " "), value), (fam, seed, value)


def test_unseen_families_only_when_named() -> None:
    """Seeded documents never draw an unseen family of any group (the other tests'
    documents stay put)."""
    named_only = NAMED_ONLY_FAMILIES
    assert (FIRST_UNSEEN_FAMILIES | SECOND_UNSEEN_FAMILIES | THIRD_UNSEEN_FAMILIES
            | FOURTH_UNSEEN_FAMILIES | FIFTH_UNSEEN_FAMILIES | SIXTH_UNSEEN_FAMILIES
            | UNSEEN_FAMILIES) == named_only
    for seed in range(30):
        for d in documents(make_shipment(seed, used_car=seed % 4 == 3)):
            assert d.layout not in named_only


def test_chinese_certificate_has_seal_and_chinese(cases) -> None:
    certs = [(d, p) for d, p in cases if d.doc_type == "inspection_certificate"]
    assert certs
    for doc, pdf in certs:
        f = doc.truth["fields"]
        assert f["has_seal"] and "zh" in f["languages"]
        text = _text(pdf)
        assert "检验" in text and f["issuing_agency"] in text.replace(" ", "")
        with pdfplumber.open(pdf) as p:
            assert p.pages[0].images, "the seal is an image on the page"
        for it in doc.truth["line_items"]:
            assert re.search(r"[\u4e00-\u9fff]", it["description"])


def test_check_digits_valid() -> None:
    assert container_check_digit("CSQU305438") == 3  # the ISO 6346 worked example
    assert container_valid("CSQU3054383") and not container_valid("CSQU3054384")
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"  # the classic FMVSS 565 example
    for seed in range(30):
        s = make_shipment(seed, used_car=seed % 3 == 0)
        assert all(container_valid(c) for c in s.containers)
        if s.vehicle:
            assert vin_valid(s.vehicle.vin)
    import random
    rng = random.Random(1)
    assert all(container_valid(make_container(rng, "MSC")) for _ in range(200))
    assert all(vin_valid(make_vin(rng, "LGX", 2024)) for _ in range(200))


def test_shipment_consistency() -> None:
    for seed in range(40):
        s = make_shipment(seed)
        ins = s.inspection
        assert s.contract_date < s.invoice_date <= ins.inspection_date < ins.issue_date
        assert ins.issue_date < s.on_board_date < s.latest_shipment_date
        assert ins.issue_date < ins.valid_until <= date(ins.issue_date.year + 1,
                                                        ins.issue_date.month, 28) or \
            (ins.valid_until - ins.issue_date).days < 366
        assert 1 <= len(s.goods) <= 6
        for g in s.goods:
            assert abs(g.quantity * g.unit_price - g.amount) < 0.01
            assert len(g.hs_code) == 10 and g.hs_code.isdigit()
            assert (g.hours_used is not None) == g.construction
        assert s.packages == sum(g.packages for g in s.goods)
        assert s.gross_weight_kg >= s.net_weight_kg
    for seed in range(40):
        v = make_shipment(seed, used_car=True).vehicle
        assert v.registration_date < v.transfer_registration_date < v.application_date
        if (v.application_date - v.registration_date).days <= 180:
            assert v.has_letter


def test_same_seed_same_documents() -> None:
    a = [d.to_json() for d in documents(make_shipment(5))]
    b = [d.to_json() for d in documents(make_shipment(5))]
    assert a == b


def test_seeds_vary_layouts_and_styles() -> None:
    layouts: dict[str, set[str]] = {}
    dates, numfmts, langs = set(), set(), set()
    for seed in range(24):
        for d in documents(make_shipment(seed)):
            layouts.setdefault(d.doc_type, set()).add(d.layout)
            dates.add(d.style["date_format"])
            numfmts.add(d.style["numfmt"])
            langs.add(d.lang)
    for doc_type, seen in layouts.items():
        assert len(seen) >= 3, doc_type
    assert len(dates) >= 6 and {"en", "eu"} <= numfmts and {"en", "zh", "bi"} <= langs


def test_changed_truth_rerenders(tmp_path: Path) -> None:
    doc = make_document(make_shipment(8), "invoice")
    changed = doc.copy()
    changed.truth["fields"]["document_number"] = "ZZ-777-MUT"
    changed.truth["line_items"][0]["model"] = "QQ999-X"
    render_pdf(changed, tmp_path / "m.pdf")
    text = _text(tmp_path / "m.pdf")
    assert "ZZ-777-MUT" in text and "QQ999-X" in text
    assert doc.truth["fields"]["document_number"] not in text


def test_truth_to_extracted_shape() -> None:
    doc = documents(make_shipment(3))[3]
    out = truth_to_extracted(doc, "bl.pdf")
    assert out["doc_type"] == "bill_of_lading" and out["source"]["filename"] == "bl.pdf"
    assert out["doc_type_confidence"] == 1.0 and out["warnings"] == []
    num = out["fields"]["document_number"]
    assert num["value"] == doc.truth["fields"]["document_number"]
    assert set(num) == {"value", "raw", "confidence", "page", "bbox"}
    assert isinstance(out["fields"]["container_numbers"]["value"], list)
    json.dumps(out)


def test_cli_generate(tmp_path: Path) -> None:
    assert corpus_main(["generate", str(tmp_path), "--cases", "1", "--seed", "4"]) == 0
    truths = sorted((tmp_path / "case-0000").glob("*.truth.json"))
    assert {p.name.split(".")[0] for p in truths} >= {"contract", "invoice", "packing_list",
                                                      "bill_of_lading", "inspection_certificate"}
    meta = json.loads(truths[0].read_text(encoding="utf-8"))
    assert {"truth", "layout", "style", "lang", "pages"} <= set(meta)
    assert (tmp_path / "case-0000" / "invoice.pdf").stat().st_size > 1000
