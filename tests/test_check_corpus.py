"""Generated shipments (perfect extraction): consistent cases yield no finding, and one seeded
discrepancy yields exactly its rule — for every rule that can be seeded from documents."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from docproc.check import check_case, rule_ids
from tests.corpus import documents, make_shipment, truth_to_extracted
from tests.corpus.mutate import MUTABLE_RULES, NotApplicable, as_of_for, mutate
from tests.test_check_support import rules_of, validate_report


def _case(seed: int, used_car: bool) -> list:
    return documents(make_shipment(seed, used_car=used_car))


def _check(gen_docs: list, as_of_docs: list) -> dict:
    report = check_case([truth_to_extracted(d, f"{d.doc_type}.pdf") for d in gen_docs],
                        as_of=as_of_for(as_of_docs))
    validate_report(report)
    return report


def test_mutable_rules_are_rule_ids() -> None:
    assert set(MUTABLE_RULES) <= set(rule_ids())
    # only the store- and admin-list-driven rules cannot be seeded from documents
    assert set(rule_ids()) - set(MUTABLE_RULES) == {"certificate.duplicate_serial",
                                                    "certificate.agency_not_recognized"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), used_car=st.booleans())
def test_consistent_cases_pass(seed: int, used_car: bool) -> None:
    docs = _case(seed, used_car)
    report = _check(docs, docs)
    assert report["findings"] == [], [f["message"] for f in report["findings"]]
    assert report["verdict"] == "pass"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), used_car=st.booleans(), rule=st.sampled_from(MUTABLE_RULES))
def test_one_discrepancy_yields_exactly_its_rule(seed: int, used_car: bool, rule: str) -> None:
    docs = _case(seed, used_car)
    try:
        mutated, expected = mutate(docs, rule, random.Random(seed))
    except NotApplicable:
        assume(False)
        return
    assert docs == _case(seed, used_car), "mutate must not touch the originals"
    report = _check(mutated, docs)
    assert rules_of(report) == expected, [f["message"] for f in report["findings"]]


@pytest.mark.parametrize("rule", MUTABLE_RULES)
def test_each_rule_can_be_seeded_somewhere(rule: str) -> None:
    for seed in range(40):
        for used_car in (False, True):
            docs = _case(seed, used_car)
            try:
                mutated, expected = mutate(docs, rule, random.Random(seed))
            except NotApplicable:
                continue
            assert rules_of(_check(mutated, docs)) == expected
            return
    pytest.fail(f"{rule} could not be seeded in 80 generated cases")


def test_item_order_and_language_do_not_matter() -> None:
    docs = _case(7, False)
    rng = random.Random(7)
    for d in docs:
        rng.shuffle(d.truth["line_items"])
    assert _check(docs, docs)["findings"] == []
