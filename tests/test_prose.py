"""Fields stated in prose: generated agreement-style contracts and after-sales letters, scored
per field against their ground truth, plus hand-written paragraphs in other wordings."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from docproc.ingest import ingest_path
from docproc.layout import PageLayout, analyse
from docproc.model import Page, Word
from docproc.prose import prose_fields
from docproc.read import read_document
from tests.corpus import documents, make_shipment, render_pdf
from tests.corpus.score import same

CONTRACT_FIELDS = [
    "document_number", "document_date", "seller", "seller_address", "buyer", "buyer_address",
    "total_amount", "currency", "trade_terms", "port_of_loading", "port_of_discharge",
    "latest_shipment_date", "country_of_origin",
]
LETTER_FIELDS = [
    "vin", "brand", "model", "manufacturer", "export_country", "service_outlets",
    "document_number", "document_date",
]
MIN_ACCURACY = 0.9


def _generated(layout_prefix: str, doc_type: str, want: int) -> list:
    """The first ``want`` generated documents of a type whose layout is prose-like."""
    out = []
    for seed in range(1, 400):
        for gdoc in documents(make_shipment(seed, used_car=seed % 2 == 0)):
            if gdoc.doc_type == doc_type and gdoc.layout.startswith(layout_prefix):
                out.append(gdoc)
        if len(out) >= want:
            break
    return out


def _layouts(gdoc, tmp: Path) -> list[PageLayout]:
    pdf = tmp / f"{gdoc.doc_type}-{id(gdoc)}.pdf"
    render_pdf(gdoc, pdf)
    return [analyse(p) for p in read_document(ingest_path(pdf), parallel=False).pages]


def _accuracy(gdocs: list, names: list[str], tmp: Path) -> tuple[dict[str, float], list[str]]:
    right: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    misses: list[str] = []
    for gdoc in gdocs:
        got = prose_fields(_layouts(gdoc, tmp), gdoc.doc_type)
        for name in names:
            if name not in gdoc.truth["fields"]:
                assert name not in got, (gdoc.layout, name, got[name])  # never invented
                continue
            want = gdoc.truth["fields"][name]
            have = got.get(name, {}).get("value")
            total[name] += 1
            if have is not None and same(have, want):
                right[name] += 1
            else:
                misses.append(f"{gdoc.layout}/{gdoc.lang} {name}: want {want!r} got {have!r}")
            if name in got:
                f = got[name]
                assert 0 < f["confidence"] <= 1 and f["page"] >= 1
                x0, y0, x1, y1 = f["bbox"]
                assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
    return {n: right[n] / total[n] for n in total}, misses


def test_prose_contracts_from_the_corpus(tmp_path: Path) -> None:
    gdocs = _generated("contract_agreement_prose", "contract", 8)
    assert len(gdocs) >= 5
    acc, misses = _accuracy(gdocs, CONTRACT_FIELDS, tmp_path)
    print("contract accuracy", acc)
    assert all(a >= MIN_ACCURACY for a in acc.values()), (acc, misses)


def test_after_sales_letters_from_the_corpus(tmp_path: Path) -> None:
    gdocs = _generated("asl_", "after_sales_letter", 8)
    assert {g.lang for g in gdocs} == {"zh", "en"}
    acc, misses = _accuracy(gdocs, LETTER_FIELDS, tmp_path)
    print("letter accuracy", acc)
    assert all(a >= MIN_ACCURACY for a in acc.values()), (acc, misses)


# --------------------------------------------------------------------------- hand-written


def _page(lines: list[str]) -> list[PageLayout]:
    """A text page from lines; a tab starts a new segment (a wide gap), spaces split words."""
    words: list[Word] = []
    cw, h = 0.007, 0.012
    for i, line in enumerate(lines):
        x, y = 0.06, 0.05 + i * 0.02
        for k, seg in enumerate(line.split("\t")):
            if k:
                x += 0.08
            for tok in seg.split(" "):
                if tok:
                    words.append(Word(tok, (x, y, x + cw * len(tok), y + h), 0.98))
                x += cw * (len(tok) + 1)
    return [analyse(Page(1, 595, 842, "text", words))]


CONTRACT_TEXT = [
    "SALES AGREEMENT",
    "Agreement No.: PA/2026-117",
    "This Contract is made and entered into on May 15, 2026 between Andes Motors Ltd., a",
    "company incorporated under the laws of Chile, with its principal place of business at Av.",
    "Providencia 1208, Santiago, Chile (hereinafter referred to as the “Buyer”) and Shenzhen",
    "Pengcheng Auto Trading Co., Ltd., whose address is Unit 1208, Qianhai Road, Shenzhen,",
    "China (hereinafter referred to as the “Seller”).",
    "The total contract value is EUR 19.400,00 and delivery FOB SHEKOU.",
    "The goods shall be shipped from the port of Shekou to the port of San Antonio on or",
    "before 30 June 2026. Payment by T/T not later than 1 August 2026.",
    "Origin of goods: Japan.",
]


def test_contract_paragraph_in_other_words() -> None:
    got = prose_fields(_page(CONTRACT_TEXT), "contract")
    values = {k: v["value"] for k, v in got.items()}
    assert values == {
        "document_number": "PA/2026-117",
        "document_date": "2026-05-15",
        "buyer": "Andes Motors Ltd.",
        "buyer_address": "Av. Providencia 1208, Santiago, Chile",
        "seller": "Shenzhen Pengcheng Auto Trading Co., Ltd.",
        "seller_address": "Unit 1208, Qianhai Road, Shenzhen, China",
        "total_amount": 19400.0,
        "currency": "EUR",
        "trade_terms": "FOB SHEKOU",
        "port_of_loading": "SHEKOU",
        "port_of_discharge": "SAN ANTONIO",
        "latest_shipment_date": "2026-06-30",
        "country_of_origin": "JP",
    }
    # Evidence is the words of the value only: the seller spans two lines, the date one.
    assert got["seller"]["raw"] == "Shenzhen Pengcheng Auto Trading Co., Ltd."
    y0, y1 = got["seller"]["bbox"][1], got["seller"]["bbox"][3]
    assert y0 == pytest.approx(0.05 + 4 * 0.02) and y1 == pytest.approx(0.05 + 5 * 0.02 + 0.012)
    assert got["document_date"]["raw"] == "May 15, 2026"


def test_role_words_with_a_letter_misread() -> None:
    """A photographed contract: OCR read "Seller" as "Selier" and "hereinafter" as
    "hereinafier"; the seller was lost and the buyer took the seller's name."""
    lines = [ln.replace("“Seller”", "“Selier”").replace("Chile (hereinafter", "Chile (hereinafier")
             for ln in CONTRACT_TEXT]
    values = {k: v["value"] for k, v in prose_fields(_page(lines), "contract").items()}
    assert values["seller"] == "Shenzhen Pengcheng Auto Trading Co., Ltd."
    assert values["buyer"] == "Andes Motors Ltd."


LETTER_ZH = [
    "售后维修服务确认函",
    "函号：GTMC-2026-0515",
    "致：深圳鹏城汽车贸易有限公司",
    "兹确认我公司生产的丰田牌GTM6470SQ型汽车（车辆识别代号：LVG65AS0XS8312553）出口至智利后，",
    "由我公司下列售后服务网点提供维修保养服务：",
    "1、丰田智利圣地亚哥服务中心",
    "2、丰田智利瓦尔帕莱索服务中心",
    "广汽丰田汽车有限公司",
    "二〇二六年五月十五日",
]


def test_chinese_letter_in_sentences() -> None:
    got = prose_fields(_page(LETTER_ZH), "after_sales_letter")
    values = {k: v["value"] for k, v in got.items()}
    assert values == {
        "document_number": "GTMC-2026-0515",
        "document_date": "2026-05-15",
        "vin": "LVG65AS0XS8312553",
        "brand": "丰田",
        "model": "GTM6470SQ",
        "manufacturer": "广汽丰田汽车有限公司",
        "export_country": "CL",
        "service_outlets": ["丰田智利圣地亚哥服务中心", "丰田智利瓦尔帕莱索服务中心"],
    }
    # The VIN's box is cut out of the long sentence word, not the whole line.
    line = _page(LETTER_ZH)[0].lines[3]
    assert got["vin"]["bbox"][2] - got["vin"]["bbox"][0] < 0.5 * (line.bbox[2] - line.bbox[0])


LETTER_EN = [
    "Dear Sirs,",
    "We hereby confirm that the vehicle, model GTM6470SQ, VIN LVG65AS0XS8312553, to be exported",
    "to the Republic of Chile, will be maintained by our authorised service centres:",
    "(1) Toyota Chile Service Santiago, Avenida Presidente Kennedy 5413, Local 100, Torre B,",
    "Las Condes",
    "(2) Toyota Chile Service Valparaiso, Calle Prat 5",
    "Yours faithfully,",
    "GAC Toyota Motor Co., Ltd.",
    "15 May 2026",
]


def test_english_letter_without_labels() -> None:
    got = prose_fields(_page(LETTER_EN), "after_sales_letter")
    values = {k: v["value"] for k, v in got.items()}
    assert values == {
        "document_date": "2026-05-15",
        "vin": "LVG65AS0XS8312553",
        "model": "GTM6470SQ",
        "manufacturer": "GAC Toyota Motor Co., Ltd.",
        "export_country": "CL",
        "service_outlets": [
            "Toyota Chile Service Santiago, Avenida Presidente Kennedy 5413, Local 100, Torre B, "
            "Las Condes",
            "Toyota Chile Service Valparaiso, Calle Prat 5",
        ],
    }  # no brand, no number: the letter does not state them, so none is invented


def test_nothing_to_read() -> None:
    assert prose_fields(_page(["Hello world", "Nothing here."]), "contract") == {}
    assert prose_fields(_page(CONTRACT_TEXT), "invoice") == {}
    assert prose_fields([], "after_sales_letter") == {}
