"""Canonical value -> printed text, in the many ways real issuers print it.

Each function takes the canonical value (FIELDS.md) and a style key; the renderers only ever
print through these, so the raw text of a document always follows from truth + style.
"""

from __future__ import annotations

from datetime import date

from .shipment import pools

DATE_FORMATS = ["ordinal", "iso", "dmy_slash", "mdy_long", "d_mon_y", "dmy_dot", "d_mon_y_dash",
                "ymd_slash", "zh"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def fmt_date(iso: str, style: str) -> str:
    """Print an ISO date the way ``style`` says (all forms are day-first or unambiguous);
    ``d_mon_y_caps`` ("08 DEC 2026", as carriers and some invoices print it) is not among the
    seeded DATE_FORMATS: only the unseen families of unseen7.py choose it."""
    d = date.fromisoformat(iso)
    month = _MONTHS[d.month - 1]
    return {
        "ordinal": f"{_ordinal(d.day)} {month} {d.year}",
        "iso": d.isoformat(),
        "dmy_slash": f"{d.day:02d}/{d.month:02d}/{d.year}",
        "mdy_long": f"{month} {d.day}, {d.year}",
        "d_mon_y": f"{d.day} {month[:3]} {d.year}",
        "dmy_dot": f"{d.day:02d}.{d.month:02d}.{d.year}",
        "d_mon_y_dash": f"{d.day:02d}-{month[:3].upper()}-{d.year}",
        "d_mon_y_caps": f"{d.day:02d} {month[:3].upper()} {d.year}",
        "ymd_slash": f"{d.year}/{d.month:02d}/{d.day:02d}",
        "zh": f"{d.year}年{d.month}月{d.day}日",
    }[style]


def fmt_number(x: float, decimals: int, numfmt: str) -> str:
    """Group thousands: ``en`` 1,250.00, ``eu`` 1.250,00, ``plain`` 1250.00, ``space`` 1 250,00."""
    s = f"{x:,.{decimals}f}"
    if numfmt == "eu":
        return s.replace(",", "_").replace(".", ",").replace("_", ".")
    if numfmt == "plain":
        return s.replace(",", "")
    if numfmt == "space":
        return s.replace(",", " ").replace(".", ",")
    return s


_SYMBOLS = {"USD": "US$", "EUR": "€", "JPY": "¥", "CNY": "¥"}
_ZH_CUR = {"USD": "美元", "EUR": "欧元", "JPY": "日元", "CNY": "人民币"}


def money_decimals(currency: str) -> int:
    """JPY is printed without decimals."""
    return 0 if currency == "JPY" else 2


def fmt_money(x: float, currency: str, money_style: str, numfmt: str) -> str:
    """Print an amount: ``code`` USD 1,250.00, ``symbol`` US$1,250.00, ``suffix`` 1,250.00 USD,
    ``zh`` 1,250.00美元, ``bare`` 1,250.00 (currency stated in the column header)."""
    n = fmt_number(x, money_decimals(currency), numfmt)
    if money_style == "code":
        return f"{currency} {n}"
    if money_style == "symbol":
        return f"{_SYMBOLS[currency]}{n}"
    if money_style == "suffix":
        return f"{n} {currency}"
    if money_style == "zh":
        return f"{n}{_ZH_CUR[currency]}"
    return n


def currency_label(currency: str, money_style: str) -> str:
    """How the currency itself is named in headers and totals lines."""
    if money_style == "zh":
        return _ZH_CUR[currency]
    if money_style == "symbol":
        return _SYMBOLS[currency] if currency != "USD" else "USD"
    return currency


_UNIT_FORMS = {
    "set": {"upper": ("SET", "SETS"), "lower": ("set", "sets"), "zh": ("套", "套"),
            "paren": ("SET(S)", "SET(S)"), "title": ("Set", "Sets")},
    "unit": {"upper": ("UNIT", "UNITS"), "lower": ("unit", "units"), "zh": ("台", "台"),
             "paren": ("UNIT(S)", "UNIT(S)"), "title": ("Unit", "Units")},
    "piece": {"upper": ("PC", "PCS"), "lower": ("pc", "pcs"), "zh": ("件", "件"),
              "paren": ("PC(S)", "PC(S)"), "title": ("Pc", "Pcs")},
}


def fmt_unit(unit: str, qty: float, unit_style: str) -> str:
    """Unit word, singular or plural; Chinese uses 台 for units and 套 for sets."""
    one, many = _UNIT_FORMS[unit][unit_style]
    return one if qty == 1 else many


def fmt_country(cc: str, country_style: str) -> str:
    """Country name: ``title`` Japan, ``upper`` JAPAN, ``zh`` 日本, ``made_in`` Made in Japan."""
    c = pools()["countries"].get(cc)
    if c is None:
        return cc
    if country_style == "upper":
        return c["en"].upper()
    if country_style == "zh":
        return c["zh"]
    if country_style == "made_in":
        return f"Made in {c['en']}"
    if country_style == "code":
        return cc
    return c["en"]


def fmt_weight(kg: float, weight_style: str, numfmt: str) -> str:
    """Weight with its unit: ``kgs`` 12,500 KGS, ``kg_dec`` 12,500.00 KG, ``mt`` 12.5 MT,
    ``kg`` 12,500 kg, ``zh`` 12,500千克, ``bare`` 12,500 (unit in a header)."""
    if weight_style == "mt" and numfmt != "eu":
        t = kg / 1000
        dec = 3 if round(t, 3) != round(t, 1) else 1
        if round(t, 3) != t:
            return fmt_weight(kg, "kgs", numfmt)
        return f"{fmt_number(t, dec, numfmt)} MT"
    decimals = 2 if weight_style == "kg_dec" or numfmt == "eu" else 0
    if kg != int(kg):
        decimals = 2
    n = fmt_number(kg, decimals, numfmt)
    return {
        "kgs": f"{n} KGS",
        "kg_dec": f"{n} KG",
        "kg": f"{n} kg",
        "zh": f"{n}千克",
        "bare": n,
    }.get(weight_style, f"{n} KGS")


def fmt_volume(cbm: float, volume_style: str, numfmt: str) -> str:
    """Volume: ``cbm`` 36.00 CBM, ``m3`` 36.000 M3, ``zh`` 36.00立方米, ``bare`` 36.00."""
    if volume_style == "m3":
        return f"{fmt_number(cbm, 3, numfmt)} M3"
    n = fmt_number(cbm, 2, numfmt)
    return {"cbm": f"{n} CBM", "zh": f"{n}立方米", "bare": n}.get(volume_style, f"{n} CBM")


def fmt_hs(code: str, hs_style: str) -> str:
    """HS code: ``plain`` 8429521200, ``dotted`` 8429.52.1200, ``dotted4`` 8429.5212.00."""
    if hs_style == "dotted" and len(code) == 10:
        return f"{code[:4]}.{code[4:6]}.{code[6:]}"
    if hs_style == "dotted4" and len(code) == 10:
        return f"{code[:4]}.{code[4:8]}.{code[8:]}"
    return code


def fmt_case(text: str, casing: str) -> str:
    """Upper or title case for names and ports (truth keeps what the style prints)."""
    return text.upper() if casing == "upper" else text


_ONES = ["", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
         "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN", "SEVENTEEN",
         "EIGHTEEN", "NINETEEN"]
_TENS = ["", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"]


def _words_999(n: int) -> str:
    parts = []
    if n >= 100:
        parts.append(f"{_ONES[n // 100]} HUNDRED")
        n %= 100
    if n >= 20:
        parts.append(_TENS[n // 10] + (f"-{_ONES[n % 10]}" if n % 10 else ""))
    elif n:
        parts.append(_ONES[n])
    return " ".join(parts)


def amount_in_words(x: float, currency: str) -> str:
    """'SAY US DOLLARS ... ONLY', the line every trade invoice carries under its total."""
    whole = int(x)
    cents = round((x - whole) * 100)
    chunks = []
    for div, name in ((10**9, "BILLION"), (10**6, "MILLION"), (1000, "THOUSAND"), (1, "")):
        if whole >= div:
            chunks.append((_words_999(whole // div) + " " + name).strip())
            whole %= div
    words = " ".join(chunks) or "ZERO"
    cur = {"USD": "US DOLLARS", "EUR": "EUROS", "JPY": "JAPANESE YEN"}.get(currency, currency)
    tail = f" AND CENTS {_words_999(cents)}" if cents else ""
    return f"SAY {cur} {words}{tail} ONLY"
