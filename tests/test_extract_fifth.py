"""Conventions first met in the fifth unseen group (looked at from 2026-12-07, sixth session),
read from hand-placed words: goods as a transposed table on a continuation sheet, bilingual
labels without a colon, a label's other-language half printed after the value before it,
a heading wrapped in a narrow box, a B/L's seal column and a date wrapped in its box. Each
stands for a habit of real issuers, not for the generated family."""

from __future__ import annotations

from docproc.classify import title_votes
from docproc.extract import _parse_int, extract_fields
from docproc.layout import analyse, group_lines
from docproc.model import Page, Rule, Word
from tests.test_extract_forms import _v
from tests.test_extract_fourth import _sized_words
from tests.test_extract_tables import _value

CONTINUATION = [
    (0.05, 1.4, [(0.30, "货物明细（续页） LIST OF GOODS")]),
    (0.10, 1.0, [(0.06, "证书编号 Certificate No.:"), (0.36, "249210608019719")]),
    (0.14, 1.0, [(0.06, "序号"), (0.33, "货物1"), (0.57, "货物2")]),
    (0.16, 1.0, [(0.06, "品名 Description"), (0.29, "螺杆式空气压缩机"), (0.56, "注塑机")]),
    (0.18, 1.0, [(0.06, "商品编码 HS Code"), (0.30, "8414.8040.00"), (0.54, "8477.1010.90")]),
    (0.20, 1.0, [(0.06, "制造商 Make"), (0.31, "Atlas Copco"), (0.55, "Sumitomo")]),
    (0.22, 1.0, [(0.06, "规格型号 Model"), (0.32, "GA90VSD"), (0.56, "SE180EV")]),
    (0.24, 1.0, [(0.06, "数/重量 Quantity"), (0.33, "1 套"), (0.57, "3 套")]),
    (0.26, 1.0, [(0.06, "原产国（地区） Origin"), (0.33, "瑞典"), (0.57, "日本")]),
    (0.28, 1.0, [(0.06, "机身号 Serial No."), (0.31, "E0105070"), (0.54, "HZ74336, SUM371844,")]),
    (0.293, 1.0, [(0.56, "B7952541")]),
    (0.33, 1.0, [(0.45, "（以下空白）")]),
]


def _cert_page(rows: list, rules: list[Rule] | None = None) -> Page:
    return Page(1, 595, 842, "pdf", _sized_words(rows), rules=rules or [])


def test_goods_listed_one_column_per_item_are_read_down_the_columns() -> None:
    _f, items, _w = extract_fields([analyse(_cert_page(CONTINUATION))], "inspection_certificate")
    assert [_value(it, "description") for it in items] == ["螺杆式空气压缩机", "注塑机"]
    assert [_value(it, "model") for it in items] == ["GA90VSD", "SE180EV"]
    assert [_value(it, "quantity") for it in items] == [1, 3]
    assert [_value(it, "origin") for it in items] == ["SE", "JP"]
    assert [_value(it, "hs_code") for it in items] == ["8414804000", "8477101090"]
    # A serial list wrapped onto a second line stays with its column; the "blank below"
    # note under the table is no part of it.
    assert _value(items[1], "serial_number") == "HZ74336, SUM371844, B7952541"
    assert _value(items[0], "serial_number") == "E0105070"


def test_a_ruled_transposed_table_takes_its_columns_from_the_rules() -> None:
    # Centred cells under centred headings: the rules between the columns decide.
    rows = [r for r in CONTINUATION if r[0] != 0.14]
    rules = [Rule(x, 0.155, x, 0.31) for x in (0.05, 0.28, 0.52, 0.80)]
    _f, items, _w = extract_fields([analyse(_cert_page(rows, rules))], "inspection_certificate")
    assert [_value(it, "brand") for it in items] == ["Atlas Copco", "Sumitomo"]


def test_labelled_pairs_on_a_line_are_no_transposed_table() -> None:
    rows = [
        (0.05, 1.4, [(0.30, "检验证书")]),
        (0.10, 1.0, [(0.06, "第1项 光纤激光切割机")]),
        (0.12, 1.0, [(0.06, "商品编码："), (0.16, "8456110090"), (0.40, "制造商："),
                     (0.50, "Trumpf")]),
        (0.14, 1.0, [(0.06, "规格型号："), (0.16, "TRULASER 3030"), (0.40, "数/重量："),
                     (0.50, "1 套")]),
        (0.16, 1.0, [(0.06, "原产国（地区）："), (0.20, "德国"), (0.40, "出厂年份："),
                     (0.50, "2010")]),
    ]
    _f, items, _w = extract_fields([analyse(_cert_page(rows))], "inspection_certificate")
    # Read as labelled blocks: one item, not "Trumpf" as a second item's model.
    assert len(items) == 1
    assert _value(items[0], "model") == "TRULASER 3030"
    assert _value(items[0], "brand") == "Trumpf"


def test_bilingual_labels_without_a_colon_and_twin_halves() -> None:
    rows = [
        (0.05, 1.4, [(0.35, "COMMERCIAL INVOICE")]),
        (0.10, 1.0, [(0.06, "To Messrs. 致:"), (0.50, "Inv. No. 发票编号"), (0.72, "20251227-27")]),
        (0.115, 1.0, [(0.06, "Xiamen Ruifeng Heavy Industry Equipment Co."),
                      (0.50, "Date of Invoice 发票日期"), (0.72, "2025年12月27日")]),
        (0.13, 1.0, [(0.50, "Order No. 订单号"), (0.72, "HMT-XRH-25114")]),
        # The English half of "To 至:" printed after the loading port.
        (0.17, 1.0, [(0.06, "Shipped from 起运港:"), (0.23, "SOUTHAMPTON To"), (0.38, "至:"),
                     (0.43, "SHANGHAI Shipped per 运输工具: VESSEL MSC LORETO")]),
        (0.20, 1.0, [(0.06, "签字 Signature:"), (0.20, "徐海峰")]),
    ]
    fields, _i, _w = extract_fields([analyse(_cert_page(rows))], "invoice")
    assert _v(fields, "document_number") == "20251227-27"
    assert _v(fields, "document_date") == "2025-12-27"
    assert _v(fields, "contract_number") == "HMT-XRH-25114"
    assert _v(fields, "port_of_loading") == "SOUTHAMPTON"
    assert _v(fields, "port_of_discharge") == "SHANGHAI"
    cert, _i, _w = extract_fields([analyse(_cert_page(rows))], "inspection_certificate")
    # "Signature" alone ends a value; after "签字" it is that label's translation.
    assert _v(cert, "authorized_signatory") == "徐海峰"


def test_a_tall_heading_does_not_glue_a_caption_to_the_value_under_it() -> None:
    words = [
        # The carrier's name, set large to the left, spans the caption and the value.
        Word("EVERGREEN", (0.053, 0.069, 0.15, 0.088)),
        Word("MARINE", (0.155, 0.069, 0.22, 0.088)),
        Word("NON-NEGOTIABLE", (0.39, 0.062, 0.54, 0.082)),
        Word("EXPRESS", (0.547, 0.062, 0.624, 0.082)),
        Word("BILL", (0.629, 0.062, 0.665, 0.082)),
        Word("B/L", (0.686, 0.060, 0.699, 0.070)),
        Word("No.", (0.701, 0.060, 0.715, 0.070)),
        Word("EGLVKCKX19989734", (0.688, 0.076, 0.819, 0.091)),
        Word("OF", (0.481, 0.085, 0.504, 0.104)),
        Word("LADING", (0.509, 0.085, 0.574, 0.104)),
    ]
    texts = [" ".join(w.text for w in ln) for ln in group_lines(words)]
    assert not any("B/L" in t and "EGLV" in t for t in texts)
    assert any(t.endswith("B/L No.") for t in texts)
    # The heading wrapped in its box is one title over two lines.
    page = Page(1, 842, 595, "pdf", words)
    assert "bill_of_lading" in title_votes([analyse(page)])


def test_a_count_of_containers_is_no_count_of_packages() -> None:
    assert _parse_int("TWO (2) CONTAINERS CONTAINING ONE (1) CASE ONLY") == 1
    assert _parse_int("2 X 40HQ CONTAINERS 14 CASES") == 14
    assert _parse_int("3 个集装箱 12 件") == 12
    assert _parse_int("5 PKGS") == 5


def test_seals_in_their_own_column_and_a_date_wrapped_in_its_box() -> None:
    rows = [
        (0.05, 1.4, [(0.40, "BILL OF LADING")]),
        (0.10, 0.8, [(0.06, "Container Number"), (0.20, "Seal Number"), (0.32, "Cntr Type"),
                     (0.45, "Description of Goods")]),
        (0.12, 1.0, [(0.06, "APZU 5721550"), (0.20, "MG8116107"), (0.32, "40'FR"),
                     (0.45, "1 UNIT USED CNC LATHE ST-20")]),
        (0.14, 1.0, [(0.06, "APZU 9196980"), (0.20, "M6415317"), (0.32, "40'FR")]),
        (0.20, 0.8, [(0.06, "Freight Payable at"), (0.30, "Place and Date of Issue")]),
        (0.215, 1.0, [(0.06, "SAN ANTONIO"), (0.30, "SHEKOU, September 13,")]),
        (0.228, 1.0, [(0.30, "2026")]),
    ]
    rules = [Rule(x, 0.195, x, 0.245) for x in (0.05, 0.28, 0.50)]
    fields, _i, _w = extract_fields([analyse(_cert_page(rows, rules))], "bill_of_lading")
    assert _v(fields, "seal_numbers") == ["MG8116107", "M6415317"]
    assert _v(fields, "document_date") == "2026-09-13"
