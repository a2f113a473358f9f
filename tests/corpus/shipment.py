"""Random but internally consistent shipments of used machinery (or one used car).

One :class:`Shipment` is the single source of truth from which every document of a case is
derived, so that a clean case cross-checks without findings and a mutation of one document is
the only inconsistency. Everything is drawn from ``random.Random(seed)``: the same seed gives
the same shipment on every machine.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"

# Approximate exchange rates, only to keep prices plausible in each currency.
_RATES = {"USD": 1.0, "EUR": 0.92, "JPY": 150.0}


@cache
def pools() -> dict[str, Any]:
    """Load the name/goods/port pools once (YAML, so non-programmers can extend them)."""
    with open(DATA_DIR / "pools.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --------------------------------------------------------------------------- check digits


def _iso6346_letter_values() -> dict[str, int]:
    """Letter values of ISO 6346: 10 upwards, skipping multiples of 11."""
    values: dict[str, int] = {}
    v = 10
    for ch in string.ascii_uppercase:
        if v % 11 == 0:
            v += 1
        values[ch] = v
        v += 1
    return values


_ISO6346 = _iso6346_letter_values()


def container_check_digit(prefix10: str) -> int:
    """ISO 6346 check digit of owner code + category + 6-digit serial (10 characters)."""
    total = 0
    for i, ch in enumerate(prefix10.upper()):
        val = _ISO6346[ch] if ch.isalpha() else int(ch)
        total += val * (2**i)
    return total % 11 % 10


def container_valid(number: str) -> bool:
    """True when an 11-character container number carries a correct check digit."""
    n = number.replace(" ", "").replace("-", "").upper()
    if len(n) != 11 or not n[:4].isalpha() or not n[4:].isdigit():
        return False
    return container_check_digit(n[:10]) == int(n[10])


_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_VIN_YEAR = {2018: "J", 2019: "K", 2020: "L", 2021: "M", 2022: "N", 2023: "P", 2024: "R",
             2025: "S", 2026: "T"}


def vin_check_digit(vin: str) -> str:
    """ISO 3779 / FMVSS 565 check digit (position 9) of a 17-character VIN."""
    total = sum(_VIN_VALUES[c] * w for c, w in zip(vin.upper(), _VIN_WEIGHTS, strict=True))
    r = total % 11
    return "X" if r == 10 else str(r)


def vin_valid(vin: str) -> bool:
    """True when a VIN has 17 legal characters and a correct check digit."""
    v = vin.upper()
    return len(v) == 17 and all(c in VIN_CHARS for c in v) and vin_check_digit(v) == v[8]


# --------------------------------------------------------------------------- model


@dataclass
class Party:
    """A trading party as it appears on the documents."""

    name: str
    address: str
    country: str  # alpha-2
    name_zh: str | None = None


@dataclass
class GoodsLine:
    """One goods line, identical on every document that lists it."""

    description_en: str
    description_zh: str
    hs_code: str
    brand: str
    model: str
    quantity: int
    unit: str
    unit_price: float
    amount: float
    origin: str
    manufacture_year: int
    serial_number: str
    hours_used: int | None
    condition: str
    packages: int
    net_weight_kg: float
    gross_weight_kg: float
    volume_cbm: float
    construction: bool = False


@dataclass
class Inspection:
    """Pre-shipment inspection and the certificate that records it."""

    certificate_no: str
    agency: str
    inspection_date: date
    inspection_place: str
    basis: str
    signatory: str
    issue_date: date
    valid_until: date
    conclusion: str = "conforming"


@dataclass
class Vehicle:
    """The used car of a used-car export case and its vehicle documents."""

    vin: str
    brand_zh: str
    brand_en: str
    model: str
    name_en: str
    manufacturer: str
    registration_no: str
    registration_date: date
    transfer_registration_date: date
    owner: str
    export_country: str
    service_outlets: list[str]
    application_no: str
    application_date: date
    letter_no: str
    letter_date: date
    letter_required: bool
    has_letter: bool


@dataclass
class Shipment:
    """Everything the documents of one case say, in canonical form."""

    seed: int
    used_car: bool
    seller: Party
    buyer: Party
    contract_no: str
    contract_date: date
    invoice_no: str
    invoice_date: date
    packing_list_no: str
    bl_no: str
    currency: str
    incoterm: str
    trade_terms: str
    port_of_loading: str
    port_of_discharge: str
    loading_country: str
    discharge_country: str
    latest_shipment_date: date
    carrier: dict[str, Any]
    vessel: str
    voyage: str
    on_board_date: date
    containers: list[str]
    seals: list[str]
    goods: list[GoodsLine]
    packages: int
    net_weight_kg: float
    gross_weight_kg: float
    volume_cbm: float
    payment_terms: str
    inspection: Inspection | None = None
    vehicle: Vehicle | None = None
    notify_party: str = "SAME AS CONSIGNEE"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_amount(self) -> float:
        """Sum of line amounts, rounded like money."""
        return round(sum(g.amount for g in self.goods), 2)

    @property
    def origins(self) -> list[str]:
        """Distinct countries of origin in line order."""
        return list(dict.fromkeys(g.origin for g in self.goods))


# --------------------------------------------------------------------------- generators


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def make_container(rng: random.Random, owner: str) -> str:
    """A container number with a valid ISO 6346 check digit (owner code + U + serial)."""
    base = owner[:3].upper() + "U" + _digits(rng, 6)
    return base + str(container_check_digit(base))


def make_vin(rng: random.Random, wmi: str, year: int) -> str:
    """A VIN with a valid check digit for the manufacturer's WMI and model year."""
    safe = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    vds = "".join(rng.choice(safe) for _ in range(5))
    tail = _VIN_YEAR.get(year, "S") + rng.choice("ABCDEFGH0123456789") + _digits(rng, 6)
    draft = wmi + vds + "0" + tail
    return draft[:8] + vin_check_digit(draft) + draft[9:]


def _abbr(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w[0].isalpha()).upper()[:3]


def _invoice_no(rng: random.Random, d: date, seller: Party) -> str:
    ab = _abbr(seller.name) or "EX"
    forms = [
        f"INV-{d.year}-{rng.randint(1, 999):04d}",
        f"{ab[:2]}/{d:%y}/{rng.randint(100, 999)}",
        f"{d:%Y%m%d}-{rng.randint(1, 30):02d}",
        f"{ab}{d:%y}{rng.randint(1, 9999):04d}",
        f"CI-{d:%y%m}-{rng.randint(1, 999):03d}",
        f"No.{d:%y}E{rng.randint(100, 9999)}",
    ]
    return rng.choice(forms)


def _contract_no(rng: random.Random, d: date, seller: Party, buyer: Party) -> str:
    ab = _abbr(buyer.name)
    forms = [
        f"SC-{d.year}-{seller.country}-{rng.randint(1, 999):04d}",
        f"HT{d:%Y%m%d}{rng.randint(1, 99):02d}",
        f"{d:%y}{ab}-{seller.country}{rng.randint(1, 300):03d}",
        f"{ab}{d:%Y}{rng.randint(1, 999):03d}",
        f"PA/{d.year}/{rng.randint(10, 999)}",
        f"{_abbr(seller.name)}-{ab}-{d:%y%m}{rng.randint(1, 9)}",
    ]
    return rng.choice(forms)


def _party_name(rng: random.Random, pool: dict[str, Any]) -> str:
    return f"{rng.choice(pool['first'])} {rng.choice(pool['second'])} {rng.choice(pool['suffix'])}"


def _seller(rng: random.Random) -> Party:
    p = pools()
    country = rng.choice(["JP", "JP", "JP", "DE", "DE", "KR", "KR", "US", "IT", "GB", "FR", "NL",
                          "BE", "SE"])
    sp = p["sellers"][country]
    addr = rng.choice(sp["streets"]) + ", " + p["countries"][country]["en"]
    return Party(_party_name(rng, sp), addr, country)


def _buyer(rng: random.Random) -> tuple[Party, str]:
    b = pools()["buyers"]
    city = rng.choice(b["cities"])
    name = f"{city['city']} {rng.choice(b['first'])} {rng.choice(b['second'])} " + rng.choice(
        b["suffix"]
    )
    room = rng.choice([f"Room {rng.randint(2, 28)}{rng.randint(1, 20):02d}, ",
                       f"Floor {rng.randint(2, 20)}, ", ""])
    addr = (
        f"{room}No. {rng.randint(1, 2999)} {rng.choice(b['roads'])}, "
        f"{rng.choice(city['district'])}, {city['city']} "
        f"{city['zip']}{rng.randint(0, 99):02d}, China"
    )
    return Party(name, addr, "CN"), city["port"]


def _round_price(value_usd: float, currency: str, rng: random.Random) -> float:
    v = value_usd * _RATES[currency]
    if currency == "JPY":
        return float(round(v / 10000) * 10000)
    step = rng.choice([100, 500, 1000, 50])
    return float(max(step, round(v / step) * step))


def _serial(rng: random.Random, brand: str, model: str) -> str:
    forms = [
        f"{_digits(rng, 5)}",
        f"{_digits(rng, 6)}",
        f"{_letters(rng, 2)}{_digits(rng, 5)}",
        f"{model.split('-')[0].replace(' ', '')[:4].upper()}-{_digits(rng, 5)}",
        f"{_letters(rng, 1)}{_digits(rng, 7)}",
        f"{brand[:3].upper()}{_digits(rng, 6)}",
    ]
    return rng.choice(forms)


def _goods_lines(rng: random.Random, currency: str, year_now: int) -> list[GoodsLine]:
    p = pools()
    n = rng.choices([1, 2, 3, 4, 5, 6], weights=[28, 26, 18, 12, 9, 7])[0]
    lines: list[GoodsLine] = []
    used_models: set[str] = set()
    for _ in range(n):
        g = rng.choice(p["goods"])
        brand, origin, models = rng.choice(g["models"])
        model = str(rng.choice(models))
        if model in used_models:
            continue
        used_models.add(model)
        construction = bool(g["construction"])
        qty = 1 if construction or rng.random() < 0.6 else rng.randint(2, 3)
        serials = ", ".join(_serial(rng, brand, model) for _ in range(qty))
        price = _round_price(rng.uniform(*g["price_usd"]), currency, rng)
        year = rng.randint(year_now - 16, year_now - 2)
        unit_w = round(rng.uniform(*g["weight"]) / 10) * 10
        net = float(unit_w * qty)
        gross = float(net + (0 if construction else rng.randint(1, 6) * 50 * qty))
        vol = round(net / 1000 * rng.uniform(2.2, 3.6), 2)
        lines.append(
            GoodsLine(
                description_en=g["en"],
                description_zh=g["zh"],
                hs_code=str(g["hs"]),
                brand=brand,
                model=str(model).upper(),
                quantity=qty,
                unit=g["unit"],
                unit_price=price,
                amount=round(price * qty, 2),
                origin=origin if rng.random() < 0.85 else rng.choice(["JP", "DE", "US", "KR"]),
                manufacture_year=year,
                serial_number=serials.upper(),
                hours_used=rng.randint(1500, 18000) if construction else None,
                condition="used",
                packages=qty if construction else qty * rng.choice([1, 1, 2]),
                net_weight_kg=net,
                gross_weight_kg=gross,
                volume_cbm=vol,
                construction=construction,
            )
        )
    return lines


def _bl_no(rng: random.Random, carrier: dict[str, Any], port: str) -> str:
    pre = carrier["prefix"]
    forms = [
        f"{pre}{port[:3]}{_digits(rng, 7)}",
        f"{pre}{_digits(rng, 10)}",
        f"{pre}{_letters(rng, 4)}{_digits(rng, 8)}",
        f"{port[:3]}{_digits(rng, 8)}",
    ]
    return rng.choice(forms)


def _containers(rng: random.Random, carrier: dict[str, Any], volume: float) -> list[str]:
    n = max(1, min(5, int(volume // 60) + rng.choice([0, 0, 1])))
    return [make_container(rng, rng.choice(carrier["container"])) for _ in range(n)]


def _cert_no(rng: random.Random, country: str, d: date) -> str:
    forms = [
        f"{country}{d:%y}{_digits(rng, 6)}",
        f"CCIC{country}-{d.year}-{_digits(rng, 5)}",
        f"{_digits(rng, 15)}",
        f"{country}-{d:%Y%m}-{_digits(rng, 4)}",
        f"NO.{country}{d:%y}{rng.choice('ABCDE')}{_digits(rng, 5)}",
    ]
    return rng.choice(forms)


def _inspection(rng: random.Random, s: dict[str, Any], goods: list[GoodsLine]) -> Inspection:
    p = pools()
    country = s["seller"].country
    agencies = p["agencies"]["by_country"].get(country, []) + p["agencies"]["any"][:1]
    if rng.random() < 0.15:
        agencies = p["agencies"]["any"]
    port = s["port_of_loading"]
    czh = p["countries"][country]["zh"]
    pzh = p["port_zh"].get(port, port.title())
    place = rng.choice([f"{czh}{pzh}", f"{czh}{pzh}港集装箱堆场", f"{czh}{pzh}卖方仓库",
                        f"{czh} {pzh}", f"{pzh}，{czh}"])
    basis_pool = p["inspection_basis"]
    basis = rng.choice(basis_pool[:3])
    if rng.random() < 0.5:
        extra = rng.choice(basis_pool[3:])
        basis = f"{basis}、{extra}"
    return Inspection(
        certificate_no=_cert_no(rng, country, s["issue_date"]),
        agency=rng.choice(agencies),
        inspection_date=s["inspection_date"],
        inspection_place=place,
        basis=basis,
        signatory=rng.choice(p["signatories"]),
        issue_date=s["issue_date"],
        valid_until=s["issue_date"] + timedelta(days=rng.randint(60, 364)),
    )


def _service_outlets(rng: random.Random, brand: str, buyer: dict[str, Any]) -> list[str]:
    city = buyer["port"].title()
    n = rng.randint(1, 3)
    names = ["Service Centre", "Authorized Workshop", "Parts & Service Station",
             "After-Sales Point"]
    return [
        f"{brand.title()} {rng.choice(names)} {city} No.{i + 1}, {rng.randint(1, 300)} "
        f"{rng.choice(['Main Street', 'Industrial Road', 'Ring Road', 'Airport Road'])}"
        for i in range(n)
    ]


def make_shipment(seed: int, *, used_car: bool = False) -> Shipment:
    """Draw one consistent shipment; ``used_car`` makes a Chinese used-car export instead."""
    rng = random.Random(f"shipment-{seed}-{used_car}")
    p = pools()
    if used_car:
        return _used_car_shipment(rng, seed)

    seller = _seller(rng)
    buyer, pod = _buyer(rng)
    cinfo = p["countries"][seller.country]
    currency = rng.choice(cinfo["currency"])
    pol = rng.choice(cinfo["ports"])
    contract_date = date(2025, 5, 1) + timedelta(days=rng.randint(0, 480))
    invoice_date = contract_date + timedelta(days=rng.randint(3, 45))
    inspection_date = invoice_date + timedelta(days=rng.randint(0, 10))
    issue_date = inspection_date + timedelta(days=rng.randint(1, 6))
    on_board = issue_date + timedelta(days=rng.randint(2, 20))
    latest = on_board + timedelta(days=rng.randint(5, 45))
    goods = _goods_lines(rng, currency, contract_date.year)
    incoterm = rng.choice(["CIF", "CIF", "CFR", "FOB"])
    trade_terms = f"{incoterm} {pod if incoterm != 'FOB' else pol}"
    carrier = rng.choice(p["carriers"])
    volume = round(sum(g.volume_cbm for g in goods), 2)
    s = {"seller": seller, "port_of_loading": pol, "inspection_date": inspection_date,
         "issue_date": issue_date}
    inspection = _inspection(rng, s, goods)
    containers = _containers(rng, carrier, volume)
    return Shipment(
        seed=seed,
        used_car=False,
        seller=seller,
        buyer=buyer,
        contract_no=_contract_no(rng, contract_date, seller, buyer),
        contract_date=contract_date,
        invoice_no=_invoice_no(rng, invoice_date, seller),
        invoice_date=invoice_date,
        packing_list_no=rng.choice(["", "PL-", "P"])
        + f"{invoice_date:%y%m}{rng.randint(1, 999):03d}",
        bl_no=_bl_no(rng, carrier, pol),
        currency=currency,
        incoterm=incoterm,
        trade_terms=trade_terms,
        port_of_loading=pol,
        port_of_discharge=pod,
        loading_country=seller.country,
        discharge_country="CN",
        latest_shipment_date=latest,
        carrier=carrier,
        vessel=rng.choice(carrier["vessels"]),
        voyage=f"{rng.randint(100, 999)}{rng.choice(['E', 'N', 'W', 'A', 'S'])}"
        if rng.random() < 0.6 else f"{_letters(rng, 2)}{rng.randint(10, 99)}{rng.choice('EWAN')}",
        on_board_date=on_board,
        containers=containers,
        seals=[f"{_letters(rng, rng.choice([1, 2]))}{_digits(rng, 7)}" for _ in containers],
        goods=goods,
        packages=sum(g.packages for g in goods),
        net_weight_kg=float(sum(g.net_weight_kg for g in goods)),
        gross_weight_kg=float(sum(g.gross_weight_kg for g in goods)),
        volume_cbm=volume,
        payment_terms=rng.choice(["T/T 30% IN ADVANCE, 70% BEFORE SHIPMENT",
                                  "100% T/T BEFORE SHIPMENT",
                                  "L/C AT SIGHT", "T/T 100% AGAINST COPY OF B/L",
                                  "IRREVOCABLE L/C AT 90 DAYS SIGHT"]),
        inspection=inspection,
        notify_party=rng.choice(["SAME AS CONSIGNEE", buyer.name]),
    )


def _used_car_shipment(rng: random.Random, seed: int) -> Shipment:
    p = pools()
    ex = rng.choice(p["used_car_exporters"])
    bu = rng.choice(p["used_car_buyers"])
    seller = Party(ex["en"], ex["address"], "CN", ex["zh"])
    buyer = Party(bu["name"], bu["address"], bu["country"])
    v = rng.choice(p["vehicles"])
    idx = rng.randrange(len(v["models"]))
    application_date = date(2026, 1, 5) + timedelta(days=rng.randint(0, 260))
    reg_age = rng.choice([rng.randint(20, 180), rng.randint(181, 900)])
    registration = application_date - timedelta(days=reg_age)
    transfer = registration + timedelta(days=rng.randint(3, max(4, reg_age - 5)))
    if transfer >= application_date:
        transfer = application_date - timedelta(days=2)
    model_year = max(2018, min(2026, registration.year - rng.choice([0, 0, 1])))
    vin = make_vin(rng, v["wmi"], model_year)
    required = reg_age <= 180
    gap = max(1, (application_date - transfer).days)
    contract_date = transfer + timedelta(days=rng.randint(0, gap))
    contract_date = min(contract_date, application_date - timedelta(days=1))
    invoice_date = contract_date + timedelta(days=rng.randint(0, 5))
    if invoice_date > application_date:
        invoice_date = application_date
    on_board = application_date + timedelta(days=rng.randint(5, 30))
    price = float(rng.randint(60, 260) * 100)
    weight = float(rng.randint(140, 230) * 10)
    goods = [
        GoodsLine(
            description_en=f"Used Car {v['brand_en']} {v['names'][idx]}",
            description_zh=f"二手乘用车（{v['brand_zh']}{v['names'][idx]}）",
            hs_code=rng.choice(["8703236990", "8703602000", "8703239090", "8703700000"]),
            brand=v["brand_en"],
            model=v["models"][idx],
            quantity=1,
            unit="unit",
            unit_price=price,
            amount=price,
            origin="CN",
            manufacture_year=model_year,
            serial_number=vin,
            hours_used=None,
            condition="used",
            packages=1,
            net_weight_kg=weight,
            gross_weight_kg=weight,
            volume_cbm=round(rng.uniform(11, 16), 2),
        )
    ]
    carrier = rng.choice(p["carriers"])
    pol = ex["port"]
    containers = _containers(rng, carrier, 30)
    vehicle = Vehicle(
        vin=vin,
        brand_zh=v["brand_zh"],
        brand_en=v["brand_en"],
        model=v["models"][idx],
        name_en=v["names"][idx],
        manufacturer=v["manufacturer"],
        registration_no=_digits(rng, 12),
        registration_date=registration,
        transfer_registration_date=transfer,
        owner=ex["zh"],
        export_country=bu["country"],
        service_outlets=_service_outlets(rng, v["brand_en"], bu),
        application_no=f"{application_date:%y}{rng.choice(['GD', 'TJ', 'SH', 'CQ', 'SZ'])}"
        f"{_digits(rng, 8)}",
        application_date=application_date,
        letter_no=f"{v['brand_en'][:3]}-ASL-{application_date.year}-{_digits(rng, 5)}",
        letter_date=application_date - timedelta(days=rng.randint(1, 10)),
        letter_required=required,
        has_letter=required or rng.random() < 0.3,
    )
    return Shipment(
        seed=seed,
        used_car=True,
        seller=seller,
        buyer=buyer,
        contract_no=_contract_no(rng, contract_date, seller, buyer),
        contract_date=contract_date,
        invoice_no=_invoice_no(rng, invoice_date, seller),
        invoice_date=invoice_date,
        packing_list_no=f"PL{invoice_date:%y%m%d}{rng.randint(1, 99):02d}",
        bl_no=_bl_no(rng, carrier, pol),
        currency="USD",
        incoterm="FOB",
        trade_terms=f"FOB {pol}",
        port_of_loading=pol,
        port_of_discharge=bu["port"],
        loading_country="CN",
        discharge_country=bu["country"],
        latest_shipment_date=on_board + timedelta(days=rng.randint(5, 30)),
        carrier=carrier,
        vessel=rng.choice(carrier["vessels"]),
        voyage=f"{rng.randint(100, 999)}{rng.choice(['E', 'W', 'S'])}",
        on_board_date=on_board,
        containers=containers,
        seals=[f"{_letters(rng, 2)}{_digits(rng, 7)}" for _ in containers],
        goods=goods,
        packages=1,
        net_weight_kg=weight,
        gross_weight_kg=weight,
        volume_cbm=goods[0].volume_cbm,
        payment_terms="100% T/T BEFORE SHIPMENT",
        vehicle=vehicle,
    )
