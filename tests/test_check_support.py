"""Hand-built cases and report validation shared by the cross-check tests."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "schemas"
AS_OF = date(2026, 3, 20)


def _registry() -> tuple[dict, Registry]:
    report = json.loads((SCHEMAS / "case-report.schema.json").read_text(encoding="utf-8"))
    resources = [(report["$id"], Resource.from_contents(report))]
    doc_path = SCHEMAS / "document.schema.json"
    if doc_path.exists():
        doc = json.loads(doc_path.read_text(encoding="utf-8"))
        resources.append((doc["$id"], Resource.from_contents(doc)))
    else:  # the lead's document schema is absent: any object is a document
        resources.append((report["$id"].rsplit("/", 1)[0] + "/document.schema.json",
                          Resource.from_contents({"$schema":
                                                  "https://json-schema.org/draft/2020-12/schema",
                                                  "type": "object"})))
    return report, Registry().with_resources(resources)


_REPORT, _REG = _registry()


def validate_report(report: dict, *, documents_valid: bool = True) -> None:
    """Validate a case report against ``case-report.schema.json``.

    ``documents_valid=False`` is for cases built from deliberately malformed documents (a
    date that is no date, a document without source): the documents then cannot satisfy
    ``document.schema.json``, so only the report's own parts are validated.
    """
    if not documents_valid:
        report = {**report, "documents": []}
    jsonschema.Draft202012Validator(_REPORT, registry=_REG).validate(report)


def fv(value: Any, conf: float = 0.99, page: int = 1,
       bbox: tuple[float, float, float, float] = (0.1, 0.2, 0.3, 0.22)) -> dict:
    """One extracted field."""
    raw = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return {"value": value, "raw": raw, "confidence": conf, "page": page, "bbox": list(bbox)}


def mkdoc(doc_type: str, fields: dict[str, Any], items: list[dict[str, Any]] | None = None,
          warnings: list[str] | None = None, conf: float = 0.99) -> dict:
    """A schema-valid ``docproc extract --json`` object from plain values."""
    body = json.dumps([doc_type, fields, items], sort_keys=True, default=str).encode()
    return {
        "doc_type": doc_type,
        "doc_type_confidence": 0.97,
        "source": {"filename": f"{doc_type}.pdf", "sha256": hashlib.sha256(body).hexdigest(),
                   "pages": 1, "text_layer": True, "media_type": "application/pdf"},
        "fields": {k: fv(v, conf) for k, v in fields.items()},
        "line_items": [{k: fv(v, conf) for k, v in it.items()} for it in (items or [])],
        "warnings": list(warnings or []),
    }


SELLER = "Tokyo Heavy Equipment Trading Co., Ltd."
BUYER = "Shanghai Jianfeng Machinery Import & Export Co., Ltd."

EXCAVATOR = {"description": "USED HYDRAULIC EXCAVATOR", "model": "PC200-8", "quantity": 1,
             "unit": "unit", "unit_price": 42000.0, "amount": 42000.0,
             "hs_code": "8429521100", "origin": "JP", "manufacture_year": 2014,
             "serial_number": "KMTPC160K01234"}
LATHE = {"description": "USED CNC LATHE", "model": "LB3000EXII", "quantity": 2, "unit": "set",
         "unit_price": 18500.0, "amount": 37000.0, "hs_code": "8458110090", "origin": "JP",
         "manufacture_year": 2012, "serial_number": "A123456, A123457"}


def _only(item: dict, keys: list[str]) -> dict:
    return {k: item[k] for k in keys if k in item}


def clean_case() -> list[dict]:
    """A consistent case of five documents: it must pass without any finding."""
    inv_cols = ["description", "model", "quantity", "unit", "unit_price", "amount", "hs_code",
                "origin", "serial_number"]
    con_cols = ["description", "model", "quantity", "unit", "unit_price", "amount",
                "manufacture_year"]
    pl_cols = ["description", "model", "quantity", "unit", "serial_number"]
    contract = mkdoc("contract", {
        "document_number": "THE-SJM-2026-017", "document_date": "2026-01-10",
        "seller": SELLER, "buyer": BUYER, "currency": "USD", "total_amount": 79000.0,
        "has_seal": True, "languages": ["en"]},
        [_only(EXCAVATOR, con_cols), _only(LATHE, con_cols)])
    invoice = mkdoc("invoice", {
        "document_number": "INV-26-0042", "document_date": "2026-02-01",
        "seller": "TOKYO HEAVY EQUIPMENT TRADING COMPANY LIMITED", "buyer": BUYER,
        "contract_number": "THE-SJM-2026-017", "currency": "USD", "total_amount": 79000.0,
        "languages": ["en"]},
        [_only(EXCAVATOR, inv_cols), _only(LATHE, inv_cols)])
    packing = mkdoc("packing_list", {
        "document_number": "PL-26-0042", "document_date": "2026-02-01", "seller": SELLER,
        "buyer": BUYER.upper(), "invoice_number": "INV-26-0042",
        "contract_number": "THE-SJM-2026-017", "total_packages": 3,
        "gross_weight_kg": 25600.0, "net_weight_kg": 25000.0, "volume_cbm": 98.5,
        "languages": ["en"]},
        # packing list in a different order, the lathes split one line per machine
        [{"description": "USED CNC LATHE", "model": "LB3000EXII", "quantity": 1, "unit": "set",
          "serial_number": "A123456"},
         _only(EXCAVATOR, pl_cols),
         {"description": "USED CNC LATHE", "model": "LB3000EXII", "quantity": 1, "unit": "set",
          "serial_number": "A123457"}])
    bl = mkdoc("bill_of_lading", {
        "document_number": "ONEYTYOA12345600", "document_date": "2026-02-20",
        "shipper": SELLER.upper(), "consignee": "TO ORDER", "on_board_date": "2026-02-20",
        "container_numbers": ["MSCU1234566", "TGHU7654320"], "total_packages": 3,
        "gross_weight_kg": 25650.0, "volume_cbm": 99.0, "languages": ["en"]})
    cert = mkdoc("inspection_certificate", {
        "document_number": "CCIC-JP-2026-00871", "document_date": "2026-02-12",
        "applicant": "上海建丰机械进出口有限公司", "contract_number": "THE-SJM-2026-017",
        "invoice_number": "INV-26-0042", "issuing_agency": "中国检验认证集团日本有限公司",
        "inspection_date": "2026-02-10", "inspection_place": "横滨",
        "inspection_basis": "GB 22361-2008", "valid_until": "2026-08-11",
        "conclusion": "conforming", "authorized_signatory": "王明", "has_seal": True,
        "has_signature": True, "languages": ["zh"]},
        [{"description": "数控车床", "model": "LB3000 EXII", "quantity": 2, "unit": "set",
          "hs_code": "8458110090", "origin": "JP", "manufacture_year": 2012,
          "serial_number": "A123456, A123457"},
         {"description": "液压挖掘机", "model": "PC200-8", "quantity": 1, "unit": "unit",
          "hs_code": "8429521100", "origin": "JP", "manufacture_year": 2014,
          "serial_number": "KMTPC160K01234", "hours_used": 9800}])
    return [contract, invoice, packing, bl, cert]


def vehicle_case() -> list[dict]:
    """A consistent used-car export case (vehicle registered 100 days before application)."""
    vin = "LGBH52E08NY123457"
    item = {"description": "Used Car Nissan Sylphy", "model": "DFL7161VBL2", "quantity": 1,
            "unit": "unit", "unit_price": 9800.0, "amount": 9800.0, "hs_code": "8703236990",
            "serial_number": vin}
    contract = mkdoc("contract", {"document_number": "GZAC-2026-88", "document_date":
                                  "2026-03-01", "seller": "Guangzhou Autoexport Co., Ltd.",
                                  "buyer": "Almaty Motors LLP", "currency": "USD",
                                  "total_amount": 9800.0}, [item])
    invoice = mkdoc("invoice", {"document_number": "GA-INV-7781", "document_date": "2026-03-02",
                                "seller": "Guangzhou Autoexport Co., Ltd.",
                                "buyer": "Almaty Motors LLP", "contract_number": "GZAC-2026-88",
                                "currency": "USD", "total_amount": 9800.0}, [item])
    pl = mkdoc("packing_list", {"document_number": "PL-7781", "seller":
                                "GUANGZHOU AUTOEXPORT CO LTD", "buyer": "Almaty Motors LLP",
                                "invoice_number": "GA-INV-7781", "total_packages": 1,
                                "gross_weight_kg": 1450.0, "volume_cbm": 12.5},
               [{k: item[k] for k in ("description", "model", "quantity", "unit",
                                      "serial_number")}])
    bl = mkdoc("bill_of_lading", {"document_number": "COSU6200123", "shipper":
                                  "GUANGZHOU AUTOEXPORT CO., LTD.", "consignee":
                                  "ALMATY MOTORS LLP", "on_board_date": "2026-03-25",
                                  "container_numbers": ["MSCU1234566"], "total_packages": 1,
                                  "gross_weight_kg": 1450.0, "volume_cbm": 12.5})
    reg = mkdoc("vehicle_registration", {"document_number": "440100123456", "vin": vin,
                                         "brand": "日产", "model": "DFL7161VBL2",
                                         "registration_date": "2025-12-05",
                                         "transfer_registration_date": "2026-02-01",
                                         "owner": "广州汽车出口有限公司", "has_seal": True})
    letter = mkdoc("after_sales_letter", {"document_number": "NIS-ASL-2026-00012", "vin": vin,
                                          "brand": "日产", "model": "DFL7161VBL2",
                                          "manufacturer": "东风汽车有限公司",
                                          "export_country": "KZ",
                                          "service_outlets": ["Almaty, Suyunbay Ave 2"],
                                          "has_seal": True})
    app = mkdoc("export_license_application", {"document_number": "26GD00012345",
                                               "document_date": "2026-03-15", "vin": vin,
                                               "brand": "日产", "model": "DFL7161VBL2",
                                               "registration_date": "2025-12-05",
                                               "transfer_registration_date": "2026-02-01",
                                               "applicant": "广州汽车出口有限公司",
                                               "export_country": "KZ", "has_seal": True})
    return [contract, invoice, pl, bl, reg, letter, app]


def doc_of(docs: list[dict], doc_type: str) -> dict:
    """The first document of ``doc_type``."""
    return next(d for d in docs if d["doc_type"] == doc_type)


def setf(doc: dict, name: str, value: Any) -> None:
    """Set (or with ``None`` remove) a header field."""
    if value is None:
        doc["fields"].pop(name, None)
    else:
        doc["fields"][name] = fv(value)


def seti(doc: dict, i: int, name: str, value: Any) -> None:
    """Set (or with ``None`` remove) a line-item field."""
    if value is None:
        doc["line_items"][i].pop(name, None)
    else:
        doc["line_items"][i][name] = fv(value)


def rules_of(report: dict) -> set[str]:
    """The rule ids reported."""
    return {f["rule"] for f in report["findings"]}


def fresh(builder: Any = clean_case) -> list[dict]:
    """A deep copy of a built case."""
    return copy.deepcopy(builder())
