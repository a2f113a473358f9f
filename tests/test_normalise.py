"""Table-driven and property tests for docproc.normalise."""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from docproc import normalise as n

# ---------------------------------------------------------------------------- dates

DATES = [
    ("12th March 2026", "2026-03-12"),
    ("March 12, 2026", "2026-03-12"),
    ("12 Mar 2026", "2026-03-12"),
    ("12-MAR-2026", "2026-03-12"),
    ("12-MAR-26", "2026-03-12"),
    ("Mar. 12th, 2026", "2026-03-12"),
    ("12th of March, 2026", "2026-03-12"),
    ("1st Sept 2025", "2025-09-01"),
    ("2026-Mar-12", "2026-03-12"),
    ("2026-03-12", "2026-03-12"),
    ("2026/03/12", "2026-03-12"),
    ("2026.3.12", "2026-03-12"),
    ("12/03/2026", "2026-03-12"),
    ("03/25/2026", "2026-03-25"),
    ("25/03/2026", "2026-03-25"),
    ("12.03.2026", "2026-03-12"),
    ("12-03-2026", "2026-03-12"),
    ("20260312", "2026-03-12"),
    ("2026年3月12日", "2026-03-12"),
    ("2026年03月12日", "2026-03-12"),
    ("2026 年 3 月 12 日", "2026-03-12"),
    ("２０２６年３月１２日", "2026-03-12"),
    ("二〇二六年三月十二日", "2026-03-12"),
    ("二〇二五年十月一日", "2025-10-01"),
    ("二○二六年十二月三十一日", "2026-12-31"),
    ("2O26-03-12", "2026-03-12"),
    ("l2/03/2026", "2026-03-12"),
    ("2026-O3-l2", "2026-03-12"),
    ("Date: 12/03/2026 Shanghai", "2026-03-12"),
    ("日期：2026年3月12日 上海", "2026-03-12"),
    ("Issued 2026-03-12, valid until 2026-06-12", "2026-03-12"),
    ("INVOICE DATE: MAR 12, 2026", "2026-03-12"),
    ("29/02/2024", "2024-02-29"),
]

NOT_DATES = ["", "   ", "hello", "31/02/2026", "2026-02-30", "29/02/2025", "32.01.2026",
             "2026-13-01", "1,250.00", "8429.52.1200", "INV-2026-001", "PC200-8",
             "二〇二六年十三月一日", "May", "12345678901"]


@pytest.mark.parametrize(("text", "iso"), DATES)
def test_parse_date(text: str, iso: str) -> None:
    assert n.parse_date(text) == iso


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_date_rejects(text: str) -> None:
    assert n.parse_date(text) is None


def test_parse_date_dayfirst_only_settles_ambiguous_dates() -> None:
    assert n.parse_date("03/04/2026") == "2026-04-03"
    assert n.parse_date("03/04/2026", dayfirst=False) == "2026-03-04"
    assert n.parse_date("25/03/2026", dayfirst=False) == "2026-03-25"
    assert n.parse_date("2026-03-04", dayfirst=False) == "2026-03-04"


def test_parse_date_never_raises_on_non_strings() -> None:
    assert n.parse_date(None) is None  # type: ignore[arg-type]
    assert n.parse_date(20260312) is None  # type: ignore[arg-type]


def _ordinal(d: int) -> str:
    if 10 <= d % 100 <= 20:
        return f"{d}th"
    return f"{d}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th') }"


_HAN = "〇一二三四五六七八九"


def _han_small(v: int) -> str:
    tens, ones = divmod(v, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _HAN[tens] + "十")) + (
        _HAN[ones] if ones else "")


DATE_STYLES = {
    "iso": lambda d: d.isoformat(),
    "ymd_slash": lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}",
    "dmy_slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "dmy_dot": lambda d: f"{d.day}.{d.month}.{d.year}",
    "compact": lambda d: f"{d.year}{d.month:02d}{d.day:02d}",
    "ordinal": lambda d: f"{_ordinal(d.day)} {d.strftime('%B')} {d.year}",
    "us_long": lambda d: f"{d.strftime('%B')} {d.day}, {d.year}",
    "abbr": lambda d: f"{d.day} {d.strftime('%b')} {d.year}",
    "abbr_dash": lambda d: f"{d.day:02d}-{d.strftime('%b').upper()}-{d.year}",
    "cn": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "cn_spaced": lambda d: f"{d.year} 年 {d.month} 月 {d.day} 日",
    "cn_han": lambda d: "".join(_HAN[int(c)] for c in str(d.year))
    + f"年{_han_small(d.month)}月{_han_small(d.day)}日",
    "in_sentence": lambda d: f"Date of issue: {d.day:02d}/{d.month:02d}/{d.year} at Shanghai",
}


@settings(max_examples=300, deadline=None)
@given(st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(list(DATE_STYLES)))
def test_date_round_trip(d: dt.date, style: str) -> None:
    assert n.parse_date(DATE_STYLES[style](d)) == d.isoformat()


@settings(max_examples=100, deadline=None)
@given(st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)))
def test_date_round_trip_month_first(d: dt.date) -> None:
    text = f"{d.month:02d}/{d.day:02d}/{d.year}"
    assert n.parse_date(text, dayfirst=False) == d.isoformat()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_date_never_raises(text: str) -> None:
    result = n.parse_date(text)
    assert result is None or dt.date.fromisoformat(result)


# ---------------------------------------------------------------------------- numbers

NUMBERS = [
    ("1,250.00", 1250.0),
    ("1.250,00", 1250.0),
    ("1 250,00", 1250.0),
    ("1\u00a0250,00", 1250.0),
    ("1250", 1250.0),
    ("1250,5", 1250.5),
    ("0,125", 0.125),
    ("USD 1,250.00", 1250.0),
    ("US$1,250.00", 1250.0),
    ("¥1,250", 1250.0),
    ("￥１，２５０．００", 1250.0),
    ("(1,250.00)", -1250.0),
    ("(USD 1,250.00)", -1250.0),
    ("-35.5", -35.5),
    ("l,25O.00", 1250.0),
    ("1,250,000.50", 1250000.5),
    ("1.250.000,50", 1250000.5),
    ("1'250.50", 1250.5),
    ("36.000", 36.0),
    ("EUR 12.345,67", 12345.67),
    ("Total: 2,500.00 USD", 2500.0),
    ("INV-2026", 2026.0),
    ("9.550.00", 9550.0),  # a photo read the decimal comma of "9.550,00" as a full stop
    ("12,500,50", 12500.5),
]


@pytest.mark.parametrize(("text", "value"), NUMBERS)
def test_parse_number(text: str, value: float) -> None:
    assert n.parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "USD", "N/A", "-", "Oil", None])
def test_parse_number_none(text: str) -> None:
    assert n.parse_number(text) is None


def test_parse_int() -> None:
    assert n.parse_int("2") == 2
    assert n.parse_int("2.00 SETS") == 2
    assert n.parse_int("1,250") == 1250
    assert n.parse_int("2.5") is None
    assert n.parse_int("none") is None


def _group(int_part: int, sep: str) -> str:
    return f"{int_part:,}".replace(",", sep)


NUMBER_STYLES = {
    "english": lambda c: f"{_group(c // 100, ',')}.{c % 100:02d}",
    "european": lambda c: f"{_group(c // 100, '.')},{c % 100:02d}",
    "french": lambda c: f"{_group(c // 100, ' ')},{c % 100:02d}",
    "swiss": lambda c: f"{_group(c // 100, chr(39))}.{c % 100:02d}",
    "plain": lambda c: f"{c // 100}.{c % 100:02d}",
    "usd": lambda c: f"USD {_group(c // 100, ',')}.{c % 100:02d}",
    "us_dollar": lambda c: f"US${_group(c // 100, ',')}.{c % 100:02d}",
    "suffix": lambda c: f"{_group(c // 100, ',')}.{c % 100:02d} EUR",
    "negative": lambda c: f"({_group(c // 100, ',')}.{c % 100:02d})",
}


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**12), st.sampled_from(list(NUMBER_STYLES)))
def test_number_round_trip(cents: int, style: str) -> None:
    expected = cents / 100 * (-1 if style == "negative" else 1)
    assert n.parse_number(NUMBER_STYLES[style](cents)) == pytest.approx(expected)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_number_never_raises(text: str) -> None:
    n.parse_number(text)
    n.parse_amount(text)
    n.parse_quantity(text)
    n.parse_weight_kg(text)


# ---------------------------------------------------------------------------- currency

CURRENCIES = [
    ("US$", "USD"), ("USD", "USD"), ("U.S. DOLLARS", "USD"), ("US DOLLARS", "USD"),
    ("SAY U.S. DOLLARS ONE HUNDRED ONLY", "USD"), ("美元", "USD"), ("$", "USD"),
    ("RMB", "CNY"), ("人民币", "CNY"), ("CNY", "CNY"), ("人 民 币", "CNY"),
    ("￥", "CNY"), ("¥", "CNY"), ("¥1,250", "CNY"), ("RMB¥1,000", "CNY"),
    ("¥1,250 (JPY)", "JPY"), ("¥ 1,250 YEN", "JPY"), ("日元 ¥1,250", "JPY"),
    ("EUR", "EUR"), ("€", "EUR"), ("欧元", "EUR"), ("Euro", "EUR"),
    ("JPY", "JPY"), ("日元", "JPY"), ("GBP", "GBP"), ("£", "GBP"), ("英镑", "GBP"),
    ("KRW", "KRW"), ("₩", "KRW"), ("韩元", "KRW"), ("HK$", "HKD"), ("港币", "HKD"),
    ("港元", "HKD"), ("澳元", "AUD"), ("澳门元", "MOP"), ("CHF", "CHF"),
    ("Currency: usd", "USD"), ("1,250.00 USD", "USD"),
]


@pytest.mark.parametrize(("text", "code"), CURRENCIES)
def test_parse_currency(text: str, code: str) -> None:
    assert n.parse_currency(text) == code


@pytest.mark.parametrize("text", ["", "EUROPE", "1,250.00", "MUSDA", "hello", None])
def test_parse_currency_none(text: str) -> None:
    assert n.parse_currency(text) is None


@pytest.mark.parametrize(("text", "amount"), [
    ("USD 1,250.00", (1250.0, "USD")),
    ("US$1,250.00", (1250.0, "USD")),
    ("EUR 1.250,00", (1250.0, "EUR")),
    ("¥1,250", (1250.0, "CNY")),
    ("人民币 12,500.00 元", (12500.0, "CNY")),
    ("1,250.00", (1250.0, None)),
    ("USD", (None, "USD")),
    ("", (None, None)),
])
def test_parse_amount(text: str, amount: tuple[float | None, str | None]) -> None:
    assert n.parse_amount(text) == amount


# ---------------------------------------------------------------------------- units

UNITS = [
    ("SETS", "set"), ("SET(S)", "set"), ("set", "set"), ("套", "set"), ("UNITS", "unit"),
    ("UNIT", "unit"), ("台", "unit"), ("辆", "unit"), ("VEHICLES", "unit"), ("PCS", "piece"),
    ("PC", "piece"), ("Pcs.", "piece"), ("件", "piece"), ("个", "piece"), ("NOS", "piece"),
    ("CTNS", "carton"), ("CARTONS", "carton"), ("箱", "carton"), ("纸箱", "carton"),
    ("木箱", "case"), ("CASES", "case"), ("PLTS", "pallet"), ("PALLETS", "pallet"),
    ("托", "pallet"), ("PKGS", "package"), ("PACKAGE(S)", "package"), ("包", "package"),
    ("BUNDLES", "package"), ("KGS", "kg"), ("K.G.", "kg"), ("公斤", "kg"), ("MT", "tonne"),
    ("M/T", "tonne"), ("吨", "tonne"), ("METRES", "metre"), ("米", "metre"), ("LTRS", "litre"),
    ("升", "litre"), ("PAIRS", "pair"), ("双", "pair"),
]


@pytest.mark.parametrize(("text", "unit"), UNITS)
def test_parse_unit(text: str, unit: str) -> None:
    assert n.parse_unit(text) == unit


@pytest.mark.parametrize("text", ["", "36 M3", "SETTING", "hello", "CBM"])
def test_parse_unit_none(text: str) -> None:
    assert n.parse_unit(text) is None


@pytest.mark.parametrize(("text", "qty"), [
    ("2 SETS", (2.0, "set")), ("2台", (2.0, "unit")), ("2.00 UNITS", (2.0, "unit")),
    ("1 SET", (1.0, "set")), ("l SET", (1.0, "set")), ("10 PCS", (10.0, "piece")),
    ("5 CTNS", (5.0, "carton")), ("PC200-8 2 SETS", (2.0, "set")), ("3辆", (3.0, "unit")),
    ("QTY: 2", (2.0, None)), ("SETS", (None, "set")), ("1,000 KGS", (1000.0, "kg")),
    # The Chinese model reads a 1 beside a Han unit as 工; only before a unit.
    ("工台", (1.0, "unit")), ("丨套", (1.0, "set")), ("工程机械", (None, None)),
])
def test_parse_quantity(text: str, qty: tuple[float | None, str | None]) -> None:
    assert n.parse_quantity(text) == qty


@pytest.mark.parametrize(("text", "kg"), [
    ("12,500 KGS", 12500.0), ("12.5 MT", 12500.0), ("12.5 tonnes", 12500.0),
    ("12500公斤", 12500.0), ("12.5吨", 12500.0), ("N.W. 1,200 kg", 1200.0),
    ("G.W.: 1,200.50 KGS", 1200.5), ("N.W.(KGS): 1,200", 1200.0), ("12.5 M/T", 12500.0),
    ("2 PLTS, G.W. 1,200 KGS", 1200.0), ("毛重：1200千克", 1200.0), ("1200", 1200.0),
    ("1,000 LBS", 453.59237), ("500 G", 0.5),
])
def test_parse_weight_kg(text: str, kg: float) -> None:
    assert n.parse_weight_kg(text) == pytest.approx(kg)


def test_parse_weight_default_unit() -> None:
    assert n.parse_weight_kg("12.5", default_unit="MT") == 12500.0
    assert n.parse_weight_kg("12.5 KGS", default_unit="MT") == 12.5
    assert n.parse_weight_kg("no weight") is None


@pytest.mark.parametrize(("text", "cbm"), [
    ("36 CBM", 36.0), ("36.000 M3", 36.0), ("36 m³", 36.0), ("36立方米", 36.0),
    ("36 CU.M.", 36.0), ("MEAS: 36.5CBM", 36.5), ("36", 36.0), ("1000 L", 1.0),
])
def test_parse_volume_cbm(text: str, cbm: float) -> None:
    assert n.parse_volume_cbm(text) == pytest.approx(cbm)


@pytest.mark.parametrize(("text", "hours"), [
    ("8,500 H", 8500.0), ("8500小时", 8500.0), ("8500 HRS", 8500.0), ("8,500 hours", 8500.0),
    ("工作小时：8500", 8500.0), ("8500", 8500.0), ("none", None),
])
def test_parse_hours(text: str, hours: float | None) -> None:
    assert n.parse_hours(text) == hours


# ---------------------------------------------------------------------------- codes

@pytest.mark.parametrize(("text", "hs"), [
    ("8429.52.1200", "8429521200"), ("HS CODE: 8429 52 12 00", "8429521200"),
    ("842952", "842952"), ("84295212", "84295212"), ("8429.52", "842952"),
    ("HS: 84O9.52", "840952"), ("Tariff 8429.5212.00", "8429521200"),
    ("HS 8429.52 2 SETS", "842952"), ("H.S.CODE:8429521200", "8429521200"),
])
def test_parse_hs_code(text: str, hs: str) -> None:
    assert n.parse_hs_code(text) == hs


@pytest.mark.parametrize("text", ["", "8429", "2026-03-12", "1234567", "HS CODE", "PC200-8"])
def test_parse_hs_code_none(text: str) -> None:
    assert n.parse_hs_code(text) is None


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=string.digits, min_size=10, max_size=10))
def test_hs_round_trip(digits: str) -> None:
    for text in (digits, f"{digits[:4]}.{digits[4:6]}.{digits[6:]}",
                 f"HS CODE: {digits[:4]} {digits[4:6]} {digits[6:8]} {digits[8:]}"):
        assert n.parse_hs_code(text) == digits


COUNTRIES = [
    ("Japan", "JP"), ("JAPAN", "JP"), ("Japanese", "JP"), ("Made in Japan", "JP"),
    ("U.S.A.", "US"), ("USA", "US"), ("United States of America", "US"), ("Korea", "KR"),
    ("Republic of Korea", "KR"), ("KOREA, REPUBLIC OF", "KR"), ("South Korea", "KR"),
    ("North Korea", "KP"), ("Germany", "DE"), ("W. Germany", "DE"), ("West Germany", "DE"),
    ("日本", "JP"), ("德国", "DE"), ("韩国", "KR"), ("美国", "US"), ("中国", "CN"),
    ("意大利", "IT"), ("中国香港", "HK"), ("P.R. China", "CN"), ("Chinese Taipei", "TW"),
    ("印度尼西亚", "ID"), ("印度", "IN"), ("UK", "GB"), ("Made in U.K.", "GB"),
    ("Holland", "NL"), ("Norway", "NO"), ("origin: italy", "IT"), ("JP", "JP"),
    ("Türkiye", "TR"), ("Viet Nam", "VN"), ("澳大利亚", "AU"), ("俄罗斯", "RU"),
    ("白俄罗斯", "BY"), ("UAE", "AE"), ("Swedish", "SE"), ("原产地：日本", "JP"),
]


@pytest.mark.parametrize(("text", "code"), COUNTRIES)
def test_parse_country(text: str, code: str) -> None:
    assert n.parse_country(text) == code


@pytest.mark.parametrize("text", ["", "XX", "12-MAR-2026", "ROMANCE", "hello"])
def test_parse_country_none(text: str) -> None:
    assert n.parse_country(text) is None


def test_countries_cover_sixty_trading_nations() -> None:
    from docproc import data

    table = data.load("countries.yaml")["countries"]
    assert len(table) >= 60
    assert all(isinstance(code, str) and len(code) == 2 for code in table)
    assert all(row.get("zh") for row in table.values())


@pytest.mark.parametrize(("text", "code"), [
    ("MSCU 123456-5", "MSCU1234565"), ("CSQU3054383", "CSQU3054383"),
    ("CSQU 305438 3", "CSQU3054383"), ("CSQU 305438-3", "CSQU3054383"),
    ("csqu3054383", "CSQU3054383"), ("CSQU3O54383", "CSQU3054383"),
    ("C5QU3054383", "CSQU3054383"), ("CSQU 3O5438(3)", "CSQU3054383"),
    ("CSQU 30543B-3", "CSQU3054383"), ("CONTAINER NO.: CSQU3054383/40HC", "CSQU3054383"),
])
def test_parse_container(text: str, code: str) -> None:
    assert n.parse_container(text) == code


@pytest.mark.parametrize("text", ["", "hello", "CSQU30543", "12345678901", "INVOICE NUMBER"])
def test_parse_container_none(text: str) -> None:
    assert n.parse_container(text) is None


def test_container_check_digit_known_examples() -> None:
    assert n.container_check_digit_ok("CSQU3054383")
    assert n.container_check_digit_ok("CSQU 305438-3")
    assert n.container_check_digit_ok("MSKU9070323")  # check digit printed on Maersk boxes
    assert not n.container_check_digit_ok("CSQU3054384")
    assert not n.container_check_digit_ok("CSQU305438")
    assert not n.container_check_digit_ok("")


def test_find_containers() -> None:
    text = ("CONTAINER/SEAL: CSQU3054383/SL123456, MSKU 907032-3 / SL7; "
            "CSQU3054383 again; TOTAL SHIPPED 2 X 40HC")
    assert n.find_containers(text) == ["CSQU3054383", "MSKU9070323"]
    assert n.find_containers("no boxes here") == []


_LETTERS = string.ascii_uppercase


def _with_check(owner: str, serial: str) -> str:
    for d in "0123456789":
        if n.container_check_digit_ok(owner + serial + d):
            return owner + serial + d
    raise AssertionError("no check digit")


CONTAINER_STYLES = [
    lambda c: c, lambda c: f"{c[:4]} {c[4:10]}-{c[10]}", lambda c: f"{c[:4]} {c[4:10]} {c[10]}",
    lambda c: f"{c[:4]}{c[4:10]}({c[10]})", lambda c: f"{c[:4]} {c[4:7]} {c[7:10]} {c[10]}",
    lambda c: f"CNTR NO. {c}/40'HC", lambda c: c.lower(),
]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=3, max_size=3), st.sampled_from("UJZ"),
       st.text(alphabet=string.digits, min_size=6, max_size=6),
       st.integers(0, len(CONTAINER_STYLES) - 1))
def test_container_round_trip(owner: str, cat: str, serial: str, style: int) -> None:
    code = _with_check(owner + cat, serial)
    text = CONTAINER_STYLES[style](code)
    assert n.parse_container(text) == code
    assert n.find_containers(f"xx {text} yy") == [code]
    # an OCR slip of 0 -> O in the serial is repaired (the check digit confirms it)
    if "0" in serial:
        assert n.find_containers(code[:4] + code[4:].replace("0", "O")) == [code]


VINS = [
    ("1M8GDM9AXKP042788", "1M8GDM9AXKP042788"),
    ("VIN: LSVAB41Z2N2123456", "LSVAB41Z2N2123456"),
    ("1M8GDM9AXKPO42788", "1M8GDM9AXKP042788"),
    ("1m8gdm9axkp042788", "1M8GDM9AXKP042788"),
    ("1M8 GDM9AX KP042788", "1M8GDM9AXKP042788"),
    ("车架号：LFV2A21K6D3I23456", "LFV2A21K6D3123456"),
    ("JTDBT923X81Q12345", "JTDBT923X81012345"),
    # 'VV' read as one 'W' (a scan): the only split that carries the check digit
    ("LWL7GDUXRFO36695", "LVVL7GDUXRF036695"),
]


@pytest.mark.parametrize(("text", "vin"), VINS)
def test_parse_vin(text: str, vin: str) -> None:
    assert n.parse_vin(text) == vin


@pytest.mark.parametrize("text", ["", "hello", "1M8GDM9AXKP04278", "ABCDEFGHJKLMNPRST",
                                  "12345678901234567"])
def test_parse_vin_none(text: str) -> None:
    assert n.parse_vin(text) is None


def test_vin_check_digit_known_examples() -> None:
    assert n.vin_check_digit_ok("1M8GDM9AXKP042788")  # the ISO 3779 textbook example
    assert n.vin_check_digit_ok("11111111111111111")
    assert n.vin_check_digit_ok("1HGCM82633A004352")
    assert not n.vin_check_digit_ok("1M8GDM9A1KP042788")
    assert not n.vin_check_digit_ok("1M8GDM9AXKP04278")
    assert not n.vin_check_digit_ok("IM8GDM9AXKP042788")  # I is never used


_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_VIN_CHARS, min_size=16, max_size=16))
def test_vin_check_digit_property(body: str) -> None:
    candidates = [body[:8] + c + body[8:] for c in "0123456789X"]
    valid = [v for v in candidates if n.vin_check_digit_ok(v)]
    assert len(valid) == 1


# ---------------------------------------------------------------------------- text values

def test_normalise_code() -> None:
    assert n.normalise_code("  pc200-8 ") == "PC200-8"
    assert n.normalise_code("ZX 200 - 3") == "ZX 200 - 3"
    assert n.normalise_code("ｐｃ２００－８") == "PC200-8"
    assert n.normalise_code("SN:\tKMTPC123\n45") == "SN: KMTPC123 45"
    assert n.normalise_code("   ") is None
    # Glyphs no code holds, as a 300-dpi scan read S and E: the capital they stand for.
    assert n.normalise_code("$C7154BA6") == "SC7154BA6"
    assert n.normalise_code("£§6336115") == "ES6336115"
    assert n.normalise_code("$ 100") == "$ 100"
    # A capital read twice, small then capital, on a scan: the small echo goes.
    assert n.normalise_code("SCxX700") == "SCX700"
    assert n.normalise_code("DEUTZ bF6L913") == "DEUTZ BF6L913"  # no twin: kept
    # A small 'l' among capitals is the sans-serif capital I, not an L.
    assert n.normalise_code("Cl-2511-938") == "CI-2511-938"
    assert n.normalise_code("ZX200LC") == "ZX200LC"
    assert n.normalise_code("model l2") == "MODEL L2"  # no capitals: as printed


def test_normalise_party() -> None:
    assert n.normalise_party("  ABC  MACHINERY\nCO., LTD.,  ") == "ABC MACHINERY CO., LTD."
    assert n.normalise_party("上海某某进出口有限公司；") == "上海某某进出口有限公司"
    assert n.normalise_party("：XYZ Trading GmbH -") == "XYZ Trading GmbH"
    assert n.normalise_party(" , ") is None
    assert n.normalise_party(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "value"), [
    ("yes", True), ("YES", True), ("Y", True), ("true", True), ("是", True), ("有", True),
    ("☑", True), ("no", False), ("No.", False), ("false", False), ("否", False), ("无", False),
    ("☐", False), ("maybe", None), ("", None), (True, True), (False, False),
])
def test_parse_bool(text: str | bool, value: bool | None) -> None:
    assert n.parse_bool(text) is value


@pytest.mark.parametrize(("text", "year"), [
    ("2018", 2018), ("2018年", 2018), ("MFG: 12/03/2018", 2018), ("20180312", 2018),
    ("Year: 2O18", 2018), ("1949", None), ("2036", None), ("abc", None), ("1950", 1950),
])
def test_parse_year(text: str, year: int | None) -> None:
    assert n.parse_year(text) == year


@pytest.mark.parametrize(("text", "value"), [
    ("符合", "conforming"), ("合格", "conforming"), ("conform", "conforming"),
    ("The goods conform to the contract.", "conforming"),
    ("经检验，该批货物符合合同要求。", "conforming"), ("In conformity", "conforming"),
    ("不符合", "non_conforming"), ("不合格", "non_conforming"),
    ("does not conform", "non_conforming"), ("non-conforming", "non_conforming"),
    ("NON CONFORMING", "non_conforming"), ("经检验，该批货物不符合要求", "non_conforming"),
    ("found not to conform to GB 7258", "non_conforming"), ("", None), ("see attached", None),
])
def test_parse_conclusion(text: str, value: str | None) -> None:
    assert n.parse_conclusion(text) == value


@pytest.mark.parametrize(
    ("read", "want"),
    [
        ("数控折奇机", "数控折弯机"),  # one misread character
        ("光插激光切审机", "光纤激光切割机"),  # two in seven
        ("数控折弯机", None),  # already a glossary name
        ("二手乘用车", None),  # no glossary name close enough
        ("CNC LATHE", None),  # only Chinese names are snapped
        ("叉车", None),  # too short to be sure
    ],
)
def test_ocr_misread_chinese_goods_names_snap_to_the_glossary(read: str, want: str | None) -> None:
    assert n.snap_chinese_goods_name(read) == want


def test_vin_letters_in_the_last_four_places_are_misread_digits() -> None:
    # ISO 3779: the last four characters are numeric; S/B/G there are OCR's 5/8/6.
    assert n.parse_vin("LSVAB41Z4N21234S6") == "LSVAB41Z4N2123456"
    assert n.parse_vin("LSVAB41Z4N2123B5G") == "LSVAB41Z4N2123856"
    # Elsewhere a letter stays: position 12 may be a letter, and no check-digit guessing.
    assert n.parse_vin("LSVAB41Z4N2S23456") == "LSVAB41Z4N2S23456"


def test_vin_with_one_glyph_read_twice() -> None:
    # A 300-dpi scan read the 5 of LS5TB8KK0TB939014 as "S5": of the VINs one dropped glyph
    # gives, only the one from the doubled S carries its check digit.
    assert n.parse_vin("LSS5TB8KKOTB939014") == "LS5TB8KK0TB939014"
    # Eighteen characters with no doubled or look-alike pair, or no candidate with a valid
    # check digit, stay unread: nothing tells the candidates apart.
    assert n.parse_vin("LXS5TB8KQ2TB939014") is None
    assert n.parse_vin("ABCDEFGH1234567890") is None


def test_code_edge_specks_are_no_part_of_it() -> None:
    """A stroke or speck a scan read at a model's end is not part of the model."""
    assert n.normalise_code("GTM7250GB_") == "GTM7250GB"
    assert n.normalise_code("TRULASER 3030.") == "TRULASER 3030"
    assert n.normalise_code("| R90N") == "R90N"
    assert n.normalise_code("V33I-37499") == "V33I-37499"


def test_bar_before_a_unit_is_one() -> None:
    """'QTY: | UNIT': the 1 read as a bar."""
    assert n.parse_quantity("| UNIT") == (1.0, "unit")
    assert n.parse_quantity("| 5") == (5.0, None)
