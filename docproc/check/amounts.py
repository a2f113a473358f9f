"""Amounts: line arithmetic, totals, invoice vs contract, currencies."""

from __future__ import annotations

from collections.abc import Iterator

from docproc.check._base import Case, Doc, Finding, fmt, rule

PRICED = ("contract", "invoice")


def _line_name(doc: Doc, i: int) -> str:
    parts = [doc.item_value(i, "description"), doc.item_value(i, "model")]
    return " ".join(str(p) for p in parts if p) or f"line {i + 1}"


@rule("amount.line_error", "error")
def line_error(case: Case) -> Iterator[Finding]:
    """Quantity x unit price differs from the line amount by more than the tolerance."""
    tol = float(case.cfg["amount_tolerance"])
    for doc in case.docs:
        if doc.type not in PRICED:
            continue
        for i in range(len(doc.items)):
            q = case.number(doc, "quantity", i)
            p = case.number(doc, "unit_price", i)
            a = case.number(doc, "amount", i)
            if q is None or p is None or a is None:
                continue
            if abs(q * p - a) > tol + 1e-9:
                yield case.finding(
                    "amount.line_error",
                    f"{_line_name(doc, i)} on the {doc.label}: {fmt(q)} x {fmt(p)} = "
                    f"{q * p:,.2f}, but the line amount is {a:,.2f}",
                    [doc.ev("quantity", i), doc.ev("unit_price", i), doc.ev("amount", i)])


@rule("amount.total_error", "error")
def total_error(case: Case) -> Iterator[Finding]:
    """The sum of the line amounts differs from the stated total."""
    tol = float(case.cfg["amount_tolerance"])
    for doc in case.docs:
        if doc.type not in PRICED or not doc.items:
            continue
        total = case.number(doc, "total_amount")
        amounts = [case.number(doc, "amount", i) for i in range(len(doc.items))]
        if total is None or any(a is None for a in amounts):
            continue
        s = sum(a for a in amounts if a is not None)
        if abs(s - total) > tol + 1e-9:
            yield case.finding(
                "amount.total_error",
                f"The {doc.label} lines add up to {s:,.2f}, but its total is {total:,.2f}",
                [doc.ev("total_amount"), *(doc.ev("amount", i) for i in range(len(amounts)))])


@rule("amount.exceeds_contract", "error")
def exceeds_contract(case: Case) -> Iterator[Finding]:
    """The invoice total exceeds the contract total (same currency only)."""
    contract = case.first("contract")
    if contract is None:
        return
    ct = case.number(contract, "total_amount")
    if ct is None:
        return
    tol = float(case.cfg["amount_tolerance"])
    for inv in case.of_type("invoice"):
        it = case.number(inv, "total_amount")
        ci, cc = inv.value("currency"), contract.value("currency")
        if it is None or (ci and cc and str(ci).upper() != str(cc).upper()):
            continue
        if it > ct + tol:
            cur = f" {ci or cc}" if (ci or cc) else ""
            yield case.finding(
                "amount.exceeds_contract",
                f"Invoice total {it:,.2f}{cur} exceeds the contract total {ct:,.2f}{cur}",
                [inv.ev("total_amount"), contract.ev("total_amount")])


@rule("amount.currency_mismatch", "error")
def currency_mismatch(case: Case) -> Iterator[Finding]:
    """Contract and invoice currencies differ."""
    contract = case.first("contract")
    if contract is None or contract.value("currency") is None:
        return
    cc = str(contract.value("currency")).upper()
    for inv in case.of_type("invoice"):
        ci = inv.value("currency")
        if ci is not None and str(ci).upper() != cc:
            yield case.finding(
                "amount.currency_mismatch",
                f"Currency: contract {cc}, invoice {str(ci).upper()}",
                [contract.ev("currency"), inv.ev("currency")])
