"""Parties and references: seller, buyer, and the contract / invoice numbers documents cite."""

from __future__ import annotations

import re
from collections.abc import Iterator

from docproc.check._base import Case, Doc, Finding, rule
from docproc.check._text import parties_differ, same_code, script

# (document type, field) naming the seller / buyer, the first present one is the reference
SELLER_FIELDS = [("contract", "seller"), ("invoice", "seller"), ("packing_list", "seller"),
                 ("bill_of_lading", "shipper")]
BUYER_FIELDS = [("contract", "buyer"), ("invoice", "buyer"), ("packing_list", "buyer"),
                ("bill_of_lading", "consignee"), ("inspection_certificate", "applicant")]


def _to_order(case: Case, name: str) -> bool:
    return any(re.search(p, name.strip(), re.IGNORECASE) for p in case.cfg["to_order_patterns"])


def _party_rule(case: Case, rule_id: str, spec: list[tuple[str, str]],
                what: str) -> Iterator[Finding]:
    named: list[tuple[Doc, str, str]] = []
    for doc_type, fld in spec:
        for doc in case.of_type(doc_type):
            v = doc.value(fld)
            if isinstance(v, str) and v.strip() and not _to_order(case, v):
                named.append((doc, fld, v))
    if len(named) < 2:
        return
    for k, (doc, fld, name) in enumerate(named[1:], start=1):
        # compare with the first earlier name in the same script, else with the first one
        same = [n for n in named[:k] if script(n[2]) == script(name)]
        ref_doc, ref_fld, ref_name = same[0] if same else named[0]
        if parties_differ(ref_name, name):
            yield case.finding(
                rule_id,
                f"{what} differs: {ref_doc.label} {ref_fld} \u201c{ref_name}\u201d, "
                f"{doc.label} {fld} \u201c{name}\u201d",
                [ref_doc.ev(ref_fld), doc.ev(fld)], values=(ref_name, name))


@rule("party.seller_mismatch", "error")
def seller_mismatch(case: Case) -> Iterator[Finding]:
    """Seller differs across contract, invoice, packing list, or from the B/L shipper."""
    yield from _party_rule(case, "party.seller_mismatch", SELLER_FIELDS, "Seller")


@rule("party.buyer_mismatch", "error")
def buyer_mismatch(case: Case) -> Iterator[Finding]:
    """Buyer differs, or from the B/L consignee / certificate applicant."""
    yield from _party_rule(case, "party.buyer_mismatch", BUYER_FIELDS, "Buyer")


def _reference_rule(case: Case, rule_id: str, source_type: str, ref_field: str,
                    what: str) -> Iterator[Finding]:
    sources = [d for d in case.of_type(source_type) if d.value("document_number") is not None]
    citing = [d for d in case.docs if d.type != source_type and d.value(ref_field) is not None]
    if sources:
        own = sources[0]
        number, ev0, label = str(own.value("document_number")), own.ev("document_number"), \
            f"the {own.label}'s number"
    elif len(citing) >= 2:  # no source document: the citations must at least agree
        own = citing[0]
        number, ev0, label = str(own.value(ref_field)), own.ev(ref_field), \
            f"the {own.label} cites"
        citing = citing[1:]
    else:
        return
    for doc in citing:
        cited = str(doc.value(ref_field))
        if not same_code(cited, number):
            yield case.finding(
                rule_id,
                f"{what} {cited} cited on the {doc.label} is not {label} {number}",
                [doc.ev(ref_field), ev0], values=(cited, number))


@rule("reference.contract_mismatch", "error")
def contract_mismatch(case: Case) -> Iterator[Finding]:
    """A document cites a contract number that is not the contract's."""
    yield from _reference_rule(case, "reference.contract_mismatch", "contract",
                               "contract_number", "Contract number")


@rule("reference.invoice_mismatch", "error")
def invoice_mismatch(case: Case) -> Iterator[Finding]:
    """A document cites an invoice number that is not the invoice's."""
    yield from _reference_rule(case, "reference.invoice_mismatch", "invoice",
                               "invoice_number", "Invoice number")
