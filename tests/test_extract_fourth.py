"""Conventions first met in the fourth unseen group (looked at from 2026-12-07, fifth session),
read from hand-placed words: an ERP invoice's ribbons of small caption boxes, a letterhead's
web address, a delivery box that points to the invoice address, codes printed under a
description. Each stands for a habit of real issuers, not for the generated family."""

from __future__ import annotations

from docproc.extract import _is_placeholder, _parse_party, extract_fields
from docproc.layout import analyse
from docproc.model import Page, Rule, Word
from tests.test_extract_forms import _v
from tests.test_extract_tables import CHAR_W, LINE_H


def _sized_words(rows: list[tuple[float, float, list[tuple[float, str]]]]) -> list[Word]:
    """Words of rows (y, size factor, [(x, text)]): captions are set smaller than values."""
    out = []
    for y, size, cells in rows:
        for x, text in cells:
            for tok in text.split():
                box = (x, y, x + size * CHAR_W * len(tok), y + size * LINE_H)
                out.append(Word(tok, box))
                x += size * CHAR_W * (len(tok) + 1)
    return out


CAP, VAL = 0.6, 1.0
ERP = [
    (0.04, 1.4, [(0.06, "Maas Machinehandel B.V."), (0.70, "EXPORT INVOICE")]),
    (0.062, VAL, [(0.06, "Moerdijkseweg 11, 4782 PZ Moerdijk, Netherlands")]),
    (0.076, VAL, [(0.06, "www.maas.com")]),
    (0.10, CAP, [(0.065, "Invoice address"), (0.52, "Delivery address")]),
    (0.115, VAL, [(0.065, "Shenzhen Dongfang Heavy Industry Equipment Ltd."),
                  (0.52, "Same as invoice address")]),
    (0.129, VAL, [(0.065, "No. 1997 Keyuan Road, Nanshan District, Shenzhen")]),
    (0.18, CAP, [(0.065, "Document"), (0.30, "Inv. number"), (0.52, "Date of issue")]),
    (0.193, VAL, [(0.065, "Commercial invoice"), (0.30, "INV-2025-0008"), (0.52, "2025/09/11")]),
    (0.22, CAP, [(0.065, "Customer order ref."), (0.30, "Incoterms 2020"), (0.52, "Curr.")]),
    (0.233, VAL, [(0.065, "MMB-SDH-25082"), (0.30, "FOB ROTTERDAM"), (0.52, "EUR")]),
    (0.26, CAP, [(0.065, "Dispatch port"), (0.30, "Destination port"),
                 (0.52, "Means of transport")]),
    (0.273, VAL, [(0.065, "ROTTERDAM"), (0.30, "SHEKOU"), (0.52, "EVER ACE")]),
]


def _ribbon_rules() -> list[Rule]:
    """Each ribbon: a caption strip over a row of value boxes, walls between the boxes."""
    rules = []
    for top in (0.178, 0.218, 0.258):
        rules += [Rule(0.06, y, 0.94, y) for y in (top, top + 0.012, top + 0.032)]
        rules += [Rule(x, top, x, top + 0.032) for x in (0.06, 0.295, 0.515, 0.94)]
    return rules


def test_a_ribbon_of_caption_boxes_has_its_values_below() -> None:
    page = Page(1, 595, 842, "pdf", _sized_words(ERP), rules=_ribbon_rules())
    fields, _items, _w = extract_fields([analyse(page)], "invoice")
    # The caption to the right ("Destination port" | "Means of transport") is the next
    # box's caption, though a rule parts each caption from its value.
    assert _v(fields, "port_of_loading") == "ROTTERDAM"
    assert _v(fields, "port_of_discharge") == "SHEKOU"
    assert "MEANS" not in str(fields)  # no caption read as a value
    assert _v(fields, "contract_number") == "MMB-SDH-25082"
    assert _v(fields, "document_number") == "INV-2025-0008"
    # The invoice address is the buyer; the delivery box only points back to it.
    assert _v(fields, "buyer") == "Shenzhen Dongfang Heavy Industry Equipment Ltd."
    # The letterhead's web address is no part of the seller's postal address.
    assert _v(fields, "seller_address") == "Moerdijkseweg 11, 4782 PZ Moerdijk, Netherlands"


def test_a_box_pointing_to_another_party_names_nobody() -> None:
    assert _is_placeholder("Same as invoice address")
    assert _is_placeholder("Idem") and _is_placeholder("同上")
    assert not _is_placeholder("Idemitsu Kosan Co., Ltd.")
    assert _parse_party("SAME AS CONSIGNEE") == "SAME AS CONSIGNEE"  # a B/L's notify party


GOODS = [
    (0.05, VAL, [(0.08, "COMMERCIAL INVOICE")]),
    (0.20, VAL, [(0.08, "Pos"), (0.13, "Article code"), (0.27, "Description"),
                 (0.58, "Quantity"), (0.70, "Price EUR"), (0.82, "Net amount")]),
    (0.23, VAL, [(0.08, "10"), (0.13, "C500D5"), (0.27, "USED DIESEL GENERATOR SET"),
                 (0.58, "2 SETS"), (0.70, "44,850.00"), (0.82, "89,700.00")]),
    (0.243, CAP, [(0.27, "Commodity code 8502.13.1000")]),
    (0.27, VAL, [(0.08, "20"), (0.13, "VF-4"), (0.27, "USED VERTICAL MACHINING CENTRE"),
                 (0.58, "1 SET"), (0.70, "35,500.00"), (0.82, "35,500.00")]),
    (0.283, CAP, [(0.27, "Tariff code 8457101000 / C.o.o. UNITED STATES")]),
    (0.32, VAL, [(0.58, "Net total"), (0.82, "125,200.00")]),
]


def test_codes_printed_under_a_description_and_an_article_code_column() -> None:
    page = Page(1, 595, 842, "pdf", _sized_words(GOODS))
    _fields, items, _w = extract_fields([analyse(page)], "invoice")
    assert [it["model"]["value"] for it in items] == ["C500D5", "VF-4"]
    assert [it["description"]["value"] for it in items] == [
        "USED DIESEL GENERATOR SET", "USED VERTICAL MACHINING CENTRE"]
    assert [it["hs_code"]["value"] for it in items] == ["8502131000", "8457101000"]
    assert items[1]["origin"]["value"] == "US"
