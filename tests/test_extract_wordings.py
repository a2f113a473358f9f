"""Label conventions of layouts first met in the third unseen group (2026-12-07), read from
hand-placed words: a label's printed note in parentheses, a combined "number and date" box,
a slash joining two wordings of one field, seals under their containers, a validity given as
a period, a seal caption after the agency's name. Each stands for a habit of real issuers."""

from __future__ import annotations

import dataclasses

from docproc import data
from docproc.classify import _contained_title, _paired_title
from docproc.extract import _parse_ref, _parse_until, extract_fields, norm
from docproc.layout import analyse
from docproc.model import Page
from docproc.prose import prose_fields
from tests.test_extract_forms import _extract, _v
from tests.test_extract_tables import _words
from tests.test_prose import _page


def _cfg() -> dict:
    return data.load("doctypes.yaml")["title_match"]


def test_a_heading_of_two_titles_of_one_type() -> None:
    got = _paired_title("PROFORMA INVOICE / SALES CONFIRMATION", _cfg())
    assert got is not None and got[0] == "contract"
    assert _paired_title("PACKING LIST / COMMERCIAL INVOICE", _cfg()) is None  # two types


def test_a_long_title_inside_a_big_heading() -> None:
    text = norm("BILL OF LADING FOR OCEAN TRANSPORT (NOT NEGOTIABLE UNLESS CONSIGNED TO ORDER)")
    got = _contained_title(text, _cfg())
    assert got is not None and got[0] == "bill_of_lading"
    assert _contained_title(norm("Invoice No. 2026-118 of the seller"), _cfg()) is None


def test_ports_of_a_shipment_clause_and_a_deadline_by_a_date() -> None:
    got = prose_fields(_page([
        "SALES CONFIRMATION",
        "(B) Delivery: To be effected from Gothenburg to Nansha by 20th May 2026 at the latest.",
    ]), "contract")
    assert got["port_of_loading"]["value"] == "GOTHENBURG"
    assert got["port_of_discharge"]["value"] == "NANSHA"
    assert got["latest_shipment_date"]["value"] == "2026-05-20"


def test_from_to_without_shipment_is_no_port() -> None:
    got = prose_fields(_page([
        "SALES CONFIRMATION",
        "The prices are valid from Monday to Friday of the week of signing.",
    ]), "contract")
    assert "port_of_loading" not in got and "port_of_discharge" not in got


BL = [
    (0.05, [(0.05, "Shipper / Exporter"), (0.55, "MTD No.")]),
    (0.065, [(0.05, "SUMMIT EQUIPMENT RESALE INC."), (0.55, "LOS07198611")]),
    (0.10, [(0.05, "Notify Party (no claim shall attach for failure to notify)")]),
    (0.115, [(0.05, "GUANGZHOU YUANDA MACHINE TOOL CO.")]),
    (0.20, [(0.05, "Container and Seal No."), (0.30, "Said to Contain"), (0.62, "Cargo Weight"),
            (0.80, "Measurement")]),
    (0.215, [(0.05, "MEDU 454959-0 1X40HC /"), (0.30, "SAID TO CONTAIN:"),
             (0.62, "75,740 KGS"), (0.80, "170.980 CBM")]),
    (0.23, [(0.05, "TF8755641"), (0.30, "1 UNIT USED CRAWLER CRANE SCX700")]),
    (0.30, [(0.05, "Total Number of Containers or Packages (in words): SEVEN (7) PACKAGES ONLY")]),
]


def test_bill_of_lading_wordings_of_a_multimodal_carrier() -> None:
    fields, _ = _extract(BL, "bill_of_lading")
    assert _v(fields, "document_number") == "LOS07198611"  # "MTD No."
    # The label's note in parentheses is part of the label.
    assert _v(fields, "notify_party") == "GUANGZHOU YUANDA MACHINE TOOL CO."
    assert _v(fields, "gross_weight_kg") == 75740.0  # "Cargo Weight"
    # The weight beside "SAID TO CONTAIN:" is no description of the goods.
    assert _v(fields, "goods_description") != "75,740 KGS"
    # A parenthesis closed before the colon: "(in words):".
    assert _v(fields, "total_packages") == 7
    # The seal printed on the line under its container.
    assert _v(fields, "seal_numbers") == ["TF8755641"]


INVOICE = [
    (0.05, [(0.30, "EXPORT COMMERCIAL INVOICE")]),
    (0.10, [(0.05, "(1) SHIPPER / EXPORTER"), (0.50, "(2) INVOICE NUMBER AND DATE")]),
    (0.115, [(0.05, "Summit Equipment Resale Inc."), (0.50, "SER259217")]),
    (0.13, [(0.05, "1800 E Harbor Blvd, Long Beach, CA 90802"), (0.50, "11th June 2025")]),
    (0.16, [(0.50, "(3) BUYER'S REFERENCE")]),
    (0.175, [(0.50, "25GYM-US279")]),
    (0.22, [(0.05, "(14) PORT OF ENTRY / DISCHARGE"), (0.50, "(15) EXPORTING CARRIER")]),
    (0.235, [(0.05, "NANSHA"), (0.50, "MSC AMBRA")]),
]


def test_a_number_and_date_box_and_a_slash_between_wordings() -> None:
    fields, _ = _extract(INVOICE, "invoice")
    assert _v(fields, "document_number") == "SER259217"
    assert _v(fields, "document_date") == "2025-06-11"  # under the number, same box
    assert _v(fields, "contract_number") == "25GYM-US279"
    assert _v(fields, "port_of_discharge") == "NANSHA"  # not "DISCHARGE"


def test_a_reference_and_its_date_on_one_line() -> None:
    assert _parse_ref("NM/26/808 dd. 16/05/2026") == "NM/26/808"
    assert _parse_ref("SER259217 / 11th June 2025") == "SER259217"
    assert _parse_ref("PL/2026/05/16") == "PL/2026/05/16"  # a date inside a reference stays


def test_a_validity_given_as_a_period_ends_at_its_last_date() -> None:
    assert _parse_until("自签发之日（2026年7月29日）起至2027年1月23日止") == "2027-01-23"
    assert _parse_until("valid from 16/06/2025 to 30/10/2025") == "2025-10-30"
    assert _parse_until("2026-10-30") == "2026-10-30"


CERT = [
    (0.05, [(0.30, "进口旧机电产品装运前检验证书")]),
    (0.10, [(0.05, "收货人（申请人）"), (0.20, "Guangzhou Yuanda Machine Tool Co.")]),
    (0.13, [(0.05, "出口商"), (0.20, "Summit Equipment Resale Inc.")]),
    (0.16, [(0.05, "贸易合同号"), (0.20, "25GYM-US279"), (0.50, "提/运单号"),
            (0.65, "MEDUFEL2685730")]),
    (0.19, [(0.05, "装运前检验地点"), (0.20, "英国费利克斯托港集装箱堆场")]),
    (0.22, [(0.05, "本证书有效期：自签发之日（2026年7月29日）起至2027年1月23日止")]),
    (0.25, [(0.05, "签证机构"), (0.20, "中国检验认证集团上海有限公司（盖"), (0.60, "签字"),
            (0.70, "徐海峰")]),
    (0.265, [(0.20, "章）")]),
    (0.28, [(0.05, "Issuing Agency"), (0.20, "Signature")]),
]


def test_certificate_drawn_as_one_table_of_label_cells() -> None:
    page = Page(1, 595, 842, "pdf", _words(CERT))
    fields, _items, _w = extract_fields([analyse(page)], "inspection_certificate")
    # The importer applies; the exporter printed beside is not the applicant.
    assert _v(fields, "applicant") == "Guangzhou Yuanda Machine Tool Co."
    assert _v(fields, "contract_number") == "25GYM-US279"
    assert _v(fields, "bl_number") == "MEDUFEL2685730"
    assert _v(fields, "inspection_place") == "英国费利克斯托港集装箱堆场"
    assert _v(fields, "valid_until") == "2027-01-23"
    # The seal's caption after the name is no part of it; "Signature" is no agency.
    assert _v(fields, "issuing_agency") == "中国检验认证集团上海有限公司"
    assert _v(fields, "authorized_signatory") == "徐海峰"


def test_per_package_columns_beside_the_row_totals() -> None:
    rows = [
        (0.05, [(0.30, "PACKING LIST")]),
        (0.20, [(0.05, "Item No."), (0.15, "Description"), (0.45, "Qty/Ctn"), (0.55, "Total Qty"),
                (0.67, "N.W./Ctn"), (0.80, "Ttl N.W.")]),
        (0.22, [(0.05, "1"), (0.15, "VERTICAL MACHINING CENTRE"), (0.45, "1"), (0.55, "2 Set"),
                (0.67, "4,280.00"), (0.80, "8,560.00")]),
    ]
    _fields, items = _extract(rows, "packing_list")
    assert len(items) == 1
    assert items[0]["quantity"]["value"] == 2  # the row's total, not the carton's
    assert items[0]["net_weight_kg"]["value"] == 8560.0


def test_a_header_row_of_many_cells_is_no_sentence() -> None:
    # Four lower-case words ("of", "of", "per", "of") in a row of nine headings.
    rows = [
        (0.05, [(0.30, "COMMERCIAL INVOICE")]),
        (0.20, [(0.04, "Marks / Nos."), (0.12, "No. of Packages"),
                (0.25, "Full Description of Goods"), (0.45, "Model"), (0.55, "Qty."),
                (0.62, "Unit of Measure"), (0.74, "Price per Unit"), (0.87, "Line Value")]),
        (0.22, [(0.04, "N/M"), (0.12, "1"), (0.25, "CRAWLER CRANE"), (0.45, "SCX700"),
                (0.55, "1"), (0.62, "UNIT"), (0.74, "231,000.00"), (0.87, "231,000.00")]),
    ]
    _fields, items = _extract(rows, "invoice")
    assert [it["model"]["value"] for it in items] == ["SCX700"]
    assert items[0]["amount"]["value"] == 231000.0


def test_certificate_drafted_as_an_official_letter() -> None:
    got = prose_fields(_page([
        "中国检验认证集团北美有限公司",
        "装运前检验证明",
        "致：Shanghai Jinlong Industrial Equipment Trading Corporation Limited",
        "受贵单位委托，我机构依据《进口旧机电产品检验监督管理办法》（海关总署令第240号），于2026年6月7日在",
        "萨凡纳，美国，对贵单位与Lone Star Industrial Assets Inc.签订的贸易合同"
        "（合同号：PA/2025/462；发票编号：",
        "20251029-15；提运单号：ONEYQFBR19394947）项下的进口旧机电产品实施了装运前检验。",
        "有效期：自签发之日起至2026年5月13日止。",
        "中国检验认证集团北美有限公司（盖章）",
        "2025-11-09",
    ]), "inspection_certificate")
    values = {k: v["value"] for k, v in got.items()}
    assert values == {
        "applicant": "Shanghai Jinlong Industrial Equipment Trading Corporation Limited",
        "inspection_basis": "《进口旧机电产品检验监督管理办法》（海关总署令第240号）",
        "inspection_date": "2026-06-07",
        "inspection_place": "萨凡纳，美国",
        "contract_number": "PA/2025/462",
        "invoice_number": "20251029-15",
        "bl_number": "ONEYQFBR19394947",
        "valid_until": "2026-05-13",
        "document_date": "2025-11-09",
    }


def test_a_reference_inside_a_sentence_ends_at_its_bracket() -> None:
    assert _parse_ref("BRE82648836）项下的进口旧机电产品实施了装运前检验。") == "BRE82648836"
    assert _parse_ref("SC-2026-01 (rev. 2)") == "SC-2026-01 (REV. 2)"  # its own bracket stays
    # A scan's contract number: "S" read twice as "$S", a neighbour's glyphs after it.
    assert _parse_ref("$SC-2025-FR-0338 下 -0338") == "SC-2025-FR-0338"
    assert _parse_ref("沪检2025-001号") == "沪检2025-001号"  # Han inside a reference stays


BL_TOTALS = [
    (0.05, [(0.05, "Exporter"), (0.55, "B/L No.")]),
    (0.065, [(0.05, "RHEINLAND BAUMASCHINEN GMBH"), (0.55, "MEDUBRE5362298")]),
    (0.20, [(0.05, "Container No. / Seal No."), (0.25, "Quantity"), (0.40, "Description"),
            (0.70, "Gross Weight"), (0.85, "Volume")]),
    (0.215, [(0.05, "MSDU6019528"), (0.25, "2 PKGS"), (0.40, "2 UNITS USED OFFSET PRESS"),
             (0.70, "31105 KGS"), (0.85, "81.270 CBM")]),
    (0.23, [(0.05, "SEAL AE5250381"), (0.40, "R706 LV")]),
    (0.26, [(0.05, "MSDU1489616"), (0.25, "3 PKGS"), (0.70, "31105 KGS"), (0.85, "81.270 CBM")]),
    (0.275, [(0.05, "SEAL M0295656")]),
    (0.30, [(0.05, "TOTAL"), (0.25, "5 PKGS"), (0.70, "62210 KGS"), (0.85, "162.540 CBM")]),
]


def test_particulars_totals_and_seals_captioned_under_their_containers() -> None:
    fields, _ = _extract(BL_TOTALS, "bill_of_lading")
    assert _v(fields, "shipper") == "RHEINLAND BAUMASCHINEN GMBH"  # "Exporter" on a B/L
    # The TOTAL line, not the first container's row under the headings.
    assert _v(fields, "gross_weight_kg") == 62210.0
    assert _v(fields, "volume_cbm") == 162.54
    assert _v(fields, "total_packages") == 5
    assert _v(fields, "seal_numbers") == ["AE5250381", "M0295656"]


def test_a_big_heading_sharing_the_letterhead_line_classifies() -> None:
    from docproc.classify import title_votes
    from docproc.model import Word

    words = []
    x = 0.08
    for tok in "Qingdao Zhongtai Industrial Equipment Trading Ltd.".split():
        words.append(Word(tok, (x, 0.050, x + 0.012 * len(tok), 0.0654)))
        x += 0.012 * (len(tok) + 1)
    x = 0.55
    for tok in "PURCHASE ORDER / CONTRACT".split():  # set in bigger type, same line
        words.append(Word(tok, (x, 0.048, x + 0.015 * len(tok), 0.067)))
        x += 0.015 * (len(tok) + 1)
    for k, tok in enumerate(["Room 1405, No. 520 Zhangyang Road", "PO # PA/2026/192"]):
        words.append(Word(tok, (0.08, 0.10 + 0.02 * k, 0.40, 0.109 + 0.02 * k)))
    votes = title_votes([analyse(Page(1, 595, 842, "text", words))])
    assert max(votes, key=lambda k: votes[k]) == "contract"


def test_purchase_order_wordings_of_a_contract() -> None:
    rows = [
        (0.05, [(0.55, "PURCHASE ORDER")]),
        (0.10, [(0.55, "PO No."), (0.75, "PO Date")]),
        (0.115, [(0.55, "PA/2026/192"), (0.75, "9 Jan 2026")]),
        (0.40, [(0.55, "Merchandise Total"), (0.80, "254,200.00")]),
    ]
    fields, _ = _extract(rows, "contract")
    assert _v(fields, "document_number") == "PA/2026/192"
    assert _v(fields, "document_date") == "2026-01-09"
    assert _v(fields, "total_amount") == 254200.0


def test_labels_read_with_their_first_glyph_wrong() -> None:
    # A 300-dpi scan: "签发日期" read "短发日期", "Invoice Date:" read "mvoice Dake:".
    cert = [(0.05, [(0.30, "进口旧机电产品装运前检验证书")]),
            (0.30, [(0.05, "短发日期"), (0.15, ":"), (0.20, "2025/12/26")])]
    fields, _ = _extract(cert, "inspection_certificate")
    assert _v(fields, "document_date") == "2025-12-26"
    inv = [(0.05, [(0.30, "COMMERCIAL INVOICE")]),
           (0.10, [(0.52, "mvoice Dake:"), (0.70, "01/04/2026")]),
           (0.13, [(0.52, "Mooncake Daze:"), (0.70, "Tasty")])]
    ocr = [dataclasses.replace(w, conf=0.9) for w in _words(inv)]
    fields, _items, _w = extract_fields([analyse(Page(1, 595, 842, "ocr", ocr))], "invoice")
    assert _v(fields, "document_date") == "2026-04-01"  # the date vouches for the label
    # On a text layer nothing is misread: a near wording is another label.
    fields, _ = _extract(inv, "invoice")
    assert "document_date" not in fields


def test_a_condition_word_run_into_the_model_cell_is_no_part_of_it() -> None:
    from docproc.extract import _cell_value

    assert _cell_value("model", "USED SQR7151J6T2") == "SQR7151J6T2"
    assert _cell_value("model", "二手 PC210LC-10") == "PC210LC-10"
    assert _cell_value("model", "USEDMAX 3000") == "USEDMAX 3000"  # a model's own letters stay


def test_a_chinese_origin_cut_at_the_line_end() -> None:
    from docproc.extract import _cell_value

    assert _cell_value("origin", "日") == "JP"  # 日本 lost its second glyph at the margin
    assert _cell_value("origin", "中") is None  # 中国, 中国香港 … : no single country


def test_goods_block_with_colons_glued_to_the_next_word() -> None:
    # A 300-dpi scan of "数量：1 台；产地：日本" wrapped after 日: OCR glued each colon and
    # semicolon to the word after it.
    rows = [
        (0.05, [(0.30, "进口旧机电产品装运前检验证书")]),
        (0.49, [(0.10, "1. 名称 : 液压挖掘机 ; 规格型号 : PC210LC-10 ; 数量 :1 台 ;产地 :日")]),
        (0.51, [(0.10, "本 ; 制造年份 : 2009 ; 出厂编号 : 68596")]),
    ]
    _fields, items = _extract(rows, "inspection_certificate")
    assert [(it["model"]["value"], it["quantity"]["value"], it["origin"]["value"])
            for it in items] == [("PC210LC-10", 1, "JP")]


def test_a_seal_caption_is_no_label() -> None:
    # A 300-dpi scan: the caption "(检验机构盖章 Inspection Body Seal)" under the seal, its
    # 盖章 misread, had made "Inspection" the issuing agency.
    cert = [(0.04, [(0.35, "中国检验认证集团上海有限公司")]),
            (0.08, [(0.40, "装运前检验证书")]),
            (0.50, [(0.61, "(检验机构"), (0.70, "Inspection"), (0.80, "盖间 )")])]
    fields, _ = _extract(cert, "inspection_certificate")
    assert _v(fields, "issuing_agency") == "中国检验认证集团上海有限公司"
    # A bracketed wording the label closes still counts: "(Applicant):".
    form = [(0.05, [(0.40, "装运前检验证书")]),
            (0.10, [(0.05, "(Applicant):"), (0.25, "Guangzhou Yuanda Machine Tool Co.")])]
    fields, _ = _extract(form, "inspection_certificate")
    assert _v(fields, "applicant") == "Guangzhou Yuanda Machine Tool Co."


def test_low_confidence_ocr_words_do_not_vote_on_the_languages() -> None:
    """A scanned Chinese contract: Tesseract read a blurred Chinese paragraph as Latin
    letters at low confidence; the document is Chinese with a few English names, not
    bilingual."""
    from docproc.model import ReadDocument, Word
    from docproc.pipeline import extract_read

    def word(text: str, x: float, y: float, conf: float) -> Word:
        return Word(text, (x, y, x + 0.1, y + 0.015), conf)

    words = [word("购销合同", 0.4, 0.05, 0.95), word("卖方：", 0.05, 0.10, 0.92),
             word("Nordmark", 0.15, 0.10, 0.93), word("AG", 0.26, 0.10, 0.93),
             word("买方：", 0.05, 0.13, 0.92), word("广州中泰机床有限公司", 0.15, 0.13, 0.9)]
    junk = ["RRA", "Sees", "wee", "FAW", "Fes", "mia", "RRA", "Sees", "Ria", "Tes"]
    words += [word(t, 0.05 + 0.09 * k, 0.30, 0.35) for k, t in enumerate(junk)]
    page = Page(1, 595, 842, "ocr", words)
    doc = ReadDocument("c.png", "0" * 64, "image/png", [page], False)
    assert extract_read(doc, "contract")["fields"]["languages"]["value"] == ["zh"]
