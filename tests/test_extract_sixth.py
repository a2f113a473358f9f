"""Conventions first met in the sixth unseen group (looked at from 2026-12-08), read from
hand-placed words: an order confirmation sent as an e-mail, with a dot-leader terms block,
the mail's From/To header lines and a goods table typed in a fixed-width font between rows
of dashes. Each stands for a habit of real issuers (a sales office's mail client, an ERP's
plain-text print), not for the generated family."""

from __future__ import annotations

import pytest

from docproc.classify import title_votes
from docproc.extract import extract_fields
from docproc.layout import analyse
from docproc.model import Page, Word
from tests.test_extract_forms import _v
from tests.test_extract_fourth import _sized_words
from tests.test_extract_tables import _value

DASHES = "-" * 70
MAIL = [
    (0.04, 1.0, [(0.08, "From:"), (0.16, "Anna Schmidt <a.schmidt@nordmark-maschinen.de>")]),
    (0.055, 1.0, [(0.08, "To:"), (0.16, "Na Li <n.li@zhongtai-gz.com>")]),
    (0.07, 1.0, [(0.08, "Subject:"), (0.16, "Order Confirmation GZM2026663")]),
    (0.10, 1.0, [(0.10, "Confirmation No. :"), (0.30, "GZM2026663")]),
    (0.115, 1.0, [(0.10, "Date :"), (0.30, "22.04.2026")]),
    (0.15, 1.0, [(0.08, "ITEM"), (0.13, "ARTICLE"), (0.38, "TYPE"), (0.52, "QTY."),
                 (0.60, "PRICE EUR"), (0.72, "TOTAL EUR")]),
    (0.163, 1.0, [(0.08, DASHES)]),
    (0.176, 1.0, [(0.08, "1"), (0.13, "CRAWLER EXCAVATOR"), (0.38, "PC300-7"),
                  (0.50, "1 Unit"), (0.60, "71.500,00"), (0.72, "71.500,00")]),
    (0.19, 1.0, [(0.08, "2"), (0.13, "CNC LATHE"), (0.38, "PUMA 2600"), (0.50, "1 Set"),
                 (0.60, "31.500,00"), (0.72, "31.500,00")]),
    (0.203, 1.0, [(0.08, DASHES)]),
    (0.216, 1.0, [(0.16, "GRAND TOTAL"), (0.72, "103.000,00")]),
    (0.25, 1.0, [(0.10, "Terms of delivery ................ CIF NANSHA, Incoterms 2020")]),
    (0.265, 1.0, [(0.10, "Port of loading .................. BREMERHAVEN")]),
    (0.28, 1.0, [(0.10, "Shipment to ...................... NANSHA")]),
    (0.295, 1.0, [(0.10, "Delivery time .................... by 05.07.2026 at the latest")]),
]


def _page(rows: list) -> Page:
    return Page(1, 595, 842, "pdf", _sized_words(rows))


def test_dot_leaders_join_labels_to_their_values() -> None:
    fields, _items, _w = extract_fields([analyse(_page(MAIL))], "contract")
    assert _v(fields, "port_of_loading") == "BREMERHAVEN"
    assert _v(fields, "port_of_discharge") == "NANSHA"  # not the mail's "To:" line
    assert _v(fields, "latest_shipment_date") == "2026-07-05"
    assert _v(fields, "trade_terms") == "CIF NANSHA"


def test_a_mail_header_names_no_port() -> None:
    rows = [r for r in MAIL if r[0] < 0.09]
    fields, _items, _w = extract_fields([analyse(_page(rows))], "contract")
    assert "port_of_loading" not in fields and "port_of_discharge" not in fields


def test_typed_rulings_are_rules_not_words_of_the_table() -> None:
    """A row of dashes under a fixed-width table's header is its ruling: read as a word, it
    stretched one column over the whole table and the goods names fell into the models."""
    layout = analyse(_page(MAIL))
    assert not any(set(w.text) == {"-"} for ln in layout.lines for w in ln.words)
    assert sum(1 for r in layout.page.rules if r.horizontal) == 2
    _f, items, _w = extract_fields([layout], "contract")
    assert [_value(it, "description") for it in items] == ["CRAWLER EXCAVATOR", "CNC LATHE"]
    assert [_value(it, "model") for it in items] == ["PC300-7", "PUMA 2600"]
    assert [_value(it, "amount") for it in items] == [71500.0, 31500.0]


def test_a_short_dash_cell_stays_a_word() -> None:
    """'-----' in one cell can mean nil; only a ruling as wide as a tenth of the page is one."""
    page = Page(1, 595, 842, "pdf", [Word("Remarks:", (0.1, 0.1, 0.18, 0.112)),
                                     Word("-----", (0.2, 0.1, 0.24, 0.112))])
    assert [w.text for ln in analyse(page).lines for w in ln.words] == ["Remarks:", "-----"]


EXPORT = [
    (0.04, 1.0, [(0.06, "Seller (Exporter)"), (0.42, "Invoice No. & Date"),
                 (0.66, "Exporter's Ref.")]),
    (0.055, 1.0, [(0.06, "Daehan Industrial Trading Corp."), (0.42, "INV-2026-0512"),
                  (0.66, "XS/2026/587")]),
    (0.07, 1.0, [(0.06, "27, Seongsan-ro, Changwon-si, Korea"), (0.42, "March 4, 2026")]),
    (0.10, 1.0, [(0.42, "Buyer's Order No. & Date")]),
    (0.115, 1.0, [(0.42, "XYE2026056 DT. February 11, 2026")]),
    (0.14, 1.0, [(0.42, "Terms of Delivery & Payment")]),
    (0.155, 1.0, [(0.42, "CIF XIAMEN")]),
    (0.20, 1.0, [(0.06, "Marks & Nos."), (0.19, "Sl. No."), (0.26, "Description of Goods"),
                 (0.55, "Quantity"), (0.65, "Rate"), (0.80, "Amount")]),
    (0.215, 1.0, [(0.06, "NO MARKS"), (0.20, "1"), (0.26, "USED OFFSET PRINTING PRESS"),
                  (0.55, "2 sets"), (0.65, "175,600.00"), (0.80, "351,200.00")]),
    (0.23, 1.0, [(0.06, "HLXU1200052"), (0.26, "Model: DIAMOND 3000")]),
    (0.245, 1.0, [(0.26, "ITC(HS): 8443.13.9000")]),
    (0.26, 1.0, [(0.26, "S/N: 06564, 69620")]),
    (0.275, 1.0, [(0.20, "2"), (0.26, "USED WHEEL LOADER"), (0.55, "1 unit"),
                  (0.65, "34,100.00"), (0.80, "34,100.00")]),
    (0.29, 1.0, [(0.26, "Model: L90H")]),
    (0.305, 1.0, [(0.26, "C/F"), (0.80, "385,300.00")]),
]


def test_an_export_invoice_grid_of_boxes() -> None:
    """Captions of boxes side by side are two labels, not one bilingual label; "No. & Date"
    wordings hold both; the invoice's own number beats the exporter's reference."""
    fields, _items, _w = extract_fields([analyse(_page(EXPORT))], "invoice")
    assert _v(fields, "document_number") == "INV-2026-0512"
    assert _v(fields, "document_date") == "2026-03-04"
    assert _v(fields, "contract_number") == "XYE2026056"
    assert _v(fields, "trade_terms") == "CIF XIAMEN"


def test_goods_details_under_the_description_and_a_carried_subtotal() -> None:
    """'Model:' / 'ITC(HS):' lines under a description are the item's, not a header field
    ending the table; the marks column starts no row; 'C/F' carries a subtotal, no goods."""
    _f, items, _w = extract_fields([analyse(_page(EXPORT))], "invoice")
    assert [_value(it, "description") for it in items] == [
        "USED OFFSET PRINTING PRESS", "USED WHEEL LOADER"]
    assert [_value(it, "model") for it in items] == ["DIAMOND 3000", "L90H"]
    assert _value(items[0], "hs_code") == "8443139000"
    assert _value(items[0], "serial_number") == "06564, 69620"
    assert [_value(it, "amount") for it in items] == [351200.0, 34100.0]


STUFFING = [
    (0.04, 1.5, [(0.06, "PACKING LIST (CONTAINER-WISE)"), (0.60, "Daehan Industrial Corp.")]),
    (0.08, 1.0, [(0.06, "For account and risk of Messrs."), (0.55, "No.: PL-2603106")]),
    (0.095, 1.0, [(0.07, "Xiamen Yuanda Machinery Co., Ltd."), (0.55, "Issued: 2026/03/04")]),
    (0.11, 1.0, [(0.55, "Inv. Ref.: INV-2026-0512")]),
    (0.15, 1.0, [(0.06, "CONTAINER NO. 1: MEDU4549590 SEAL: TF8755641")]),
    (0.165, 1.0, [(0.06, "Package"), (0.14, "Goods"), (0.37, "Model No."), (0.48, "Q'ty"),
                  (0.555, "No. of Pkgs"), (0.64, "L x W x H cm"), (0.76, "Net (kgs)"),
                  (0.85, "Gross (kgs)")]),
    (0.18, 1.0, [(0.07, "1"), (0.14, "USED CRAWLER EXCAVATOR"), (0.37, "PC300-7"), (0.48, "1 Unit"),
                 (0.56, "1"), (0.62, "936 x 468 x 312"), (0.76, "35,250"), (0.85, "35,250")]),
    (0.195, 1.0, [(0.14, "Container 1 total"), (0.56, "1"), (0.76, "35,250"), (0.85, "35,250")]),
    (0.215, 1.0, [(0.06, "CONTAINER NO. 2: MEDU4658950 SEAL: MF6178641")]),
    (0.23, 1.0, [(0.06, "Package"), (0.14, "Goods"), (0.37, "Model No."), (0.48, "Q'ty"),
                 (0.555, "No. of Pkgs"), (0.64, "L x W x H cm"), (0.76, "Net (kgs)"),
                 (0.85, "Gross (kgs)")]),
    (0.245, 1.0, [(0.07, "2-3"), (0.14, "USED CNC LATHE"), (0.37, "PUMA 2600"), (0.48, "1 Set"),
                  (0.56, "2"), (0.62, "410 x 205 x 137"), (0.76, "3,580"), (0.85, "3,780")]),
]


def test_a_title_with_a_note_in_brackets_is_a_heading() -> None:
    assert "packing_list" in title_votes([analyse(_page(STUFFING))])


def test_goods_listed_container_by_container() -> None:
    """Each container's block ends at its subtotal line; 'Package' numbers the packages where
    'No. of Pkgs' counts them; 'L x W x H' is a size, not a volume."""
    fields, items, _w = extract_fields([analyse(_page(STUFFING))], "packing_list")
    assert [_value(it, "description") for it in items] == ["USED CRAWLER EXCAVATOR",
                                                           "USED CNC LATHE"]
    assert [_value(it, "packages") for it in items] == [1, 2]
    assert [_value(it, "net_weight_kg") for it in items] == [35250.0, 3580.0]
    assert all(_value(it, "volume_cbm") is None for it in items)
    assert _v(fields, "buyer") == "Xiamen Yuanda Machinery Co., Ltd."
    assert _v(fields, "document_date") == "2026-03-04"
    assert _v(fields, "invoice_number") == "INV-2026-0512"


def test_a_wording_whose_capitals_are_longer_is_no_glyph_swap() -> None:
    """'Maße' upper-cases to 'MASSE': comparing it glyph by glyph must not fail."""
    from docproc.extract import _confusable

    assert not _confusable("maße", "mabe")
    assert _confusable("qty", "oty")


def test_box_numbers_in_square_brackets() -> None:
    """'[6] PORT OF LOADING' over its value: a numbered box, like '(6)' or '6.'."""
    rows = [
        (0.05, 0.7, [(0.06, "[1] SHIPPER (NAME AND ADDRESS)"), (0.60, "[10] Document No.")]),
        (0.065, 1.0, [(0.06, "Thames Print Machinery plc"), (0.60, "MEDUFEL2685730")]),
        (0.08, 1.0, [(0.06, "14 Dock Road, Felixstowe IP11 3QW, United Kingdom")]),
        (0.11, 0.7, [(0.06, "[6] PORT OF LOADING"), (0.30, "[7] PORT OF DISCHARGE")]),
        (0.125, 1.0, [(0.06, "FELIXSTOWE"), (0.30, "NINGBO")]),
    ]
    fields, _items, _w = extract_fields([analyse(_page(rows))], "bill_of_lading")
    assert _v(fields, "shipper") == "Thames Print Machinery plc"
    assert _v(fields, "document_number") == "MEDUFEL2685730"
    assert _v(fields, "port_of_loading") == "FELIXSTOWE"
    assert _v(fields, "port_of_discharge") == "NINGBO"


def test_goods_blocks_named_by_their_own_headings() -> None:
    """A certificate's results item by item: '（1） 履带式起重机' / '第2项 …' heads each block of
    labelled details; the heading names the goods."""
    rows = [
        (0.30, 1.0, [(0.09, "货物概况 Goods：共2项，详见检验结果")]),
        (0.33, 1.0, [(0.09, "检验结果")]),
        (0.36, 1.0, [(0.09, "（1） 履带式起重机")]),
        (0.375, 1.0, [(0.11, "制造商：Hitachi | 规格型号：SCX700 | 出厂编号：P5007940 | "
                             "数/重量：1 台")]),
        (0.40, 1.0, [(0.09, "第2项 履带式推土机")]),
        (0.415, 1.0, [(0.11, "制造商：Caterpillar | 规格型号：D6R | 出厂编号：CAT397155 | "
                             "数/重量：1 台")]),
    ]
    _f, items, _w = extract_fields([analyse(_page(rows))], "inspection_certificate")
    assert [_value(it, "description") for it in items] == ["履带式起重机", "履带式推土机"]
    assert [_value(it, "model") for it in items] == ["SCX700", "D6R"]


@pytest.mark.parametrize("subject", [
    "Subject: Order Confirmation PA/2026/236",
    "RE: Your enquiry - our order confirmation PA/2025/462",
])
def test_an_e_mail_names_its_document_in_the_subject_line(subject: str) -> None:
    rows = [(0.04, 1.0, [(0.08, "From: Luca Rossi <l.rossi@westfalen.de>")]),
            (0.055, 1.0, [(0.08, subject)]),
            (0.08, 1.0, [(0.08, "Dear Sirs, we confirm the following sale.")])]
    assert "contract" in title_votes([analyse(_page(rows))])


def test_a_subject_without_a_title_votes_nothing() -> None:
    rows = [(0.05, 1.0, [(0.08, "Subject: shipment of PA/2026/236 next week")])]
    assert title_votes([analyse(_page(rows))]) == {}


def test_a_continued_page_opens_with_the_subtotal_brought_forward() -> None:
    """'Total b/f 201.200,00' under a continued page's header neither ends the table nor is
    goods; 'Year of Mfg. :' under a description is the item's own detail."""
    rows = [
        (0.09, 1.0, [(0.06, "Marks & Nos."), (0.20, "S.No."), (0.27, "Description"),
                     (0.55, "Qty."), (0.65, "Price per Unit"), (0.80, "Total Value")]),
        (0.12, 1.0, [(0.27, "Total b/f"), (0.80, "201.200,00")]),
        (0.14, 1.0, [(0.21, "4"), (0.27, "USED WHEEL LOADER"), (0.55, "1 UNIT"),
                     (0.65, "31.000,00"), (0.80, "31.000,00")]),
        (0.155, 1.0, [(0.27, "Model No.: L 550")]),
        (0.17, 1.0, [(0.27, "Year of Mfg. : 2016")]),
        (0.185, 1.0, [(0.21, "5"), (0.27, "USED WHEEL LOADER"), (0.55, "1 UNIT"),
                      (0.65, "48.000,00"), (0.80, "48.000,00")]),
        (0.20, 1.0, [(0.27, "Model No.: L120F")]),
        (0.22, 1.0, [(0.27, "TOTAL"), (0.78, "EUR 280.200,00")]),
    ]
    _f, items, _w = extract_fields([analyse(_page(rows))], "invoice")
    assert [_value(it, "model") for it in items] == ["L 550", "L120F"]
    assert [_value(it, "amount") for it in items] == [31000.0, 48000.0]
    assert _value(items[0], "manufacture_year") == 2016


@pytest.mark.parametrize(("read", "want"), [
    ("中国检验认证集团欧洲育限公司", "中国检验认证集团欧洲有限公司"),
    ("上海金龙设备有防公司", "上海金龙设备有限公司"),
    ("上海某某股份有限公司", "上海某某股份有限公司"),
    ("广州公司", "广州公司"),
])
def test_a_chinese_legal_form_misread_by_one_glyph_is_mended(read: str, want: str) -> None:
    from docproc.extract import _parse_party

    assert _parse_party(read) == want


def test_a_lone_vin_is_the_vehicle_s_when_its_caption_wraps_round_it() -> None:
    """'9.车辆识别代号/车' over the VIN's line and '架号' under it: no label reads, but the
    one whole VIN on the certificate (check digit right) is the vehicle's; two are none."""
    rows = [
        (0.25, 1.0, [(0.52, "9.车辆识别代号/车")]),
        (0.258, 1.0, [(0.09, "3.登记日期 2025-12-26"), (0.70, "LFV1UUGS4S8101613")]),
        (0.266, 1.0, [(0.52, "架号")]),
    ]
    fields, _i, _w = extract_fields([analyse(_page(rows))], "vehicle_registration")
    assert _v(fields, "vin") == "LFV1UUGS4S8101613"
    from docproc.extract import _lone_vin

    two = [*rows, (0.40, 1.0, [(0.70, "LS5ZASGM1SG734971")])]
    assert _lone_vin([analyse(_page(two))]) is None
