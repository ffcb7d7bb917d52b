"""The measure catalogue: every measure carries a plain-English definition fit to show a reader."""

from __future__ import annotations

import re

import pytest

from data.measures import MEASURES, measure_definition

SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
FORBIDDEN = ("http", "<", "[", "]", "`")


@pytest.mark.parametrize("measure", list(MEASURES))
def test_every_measure_has_a_plain_definition(measure: str) -> None:
    definition = MEASURES[measure].definition
    assert definition.strip(), f"{measure} has no definition"
    assert definition == definition.strip()
    assert definition.endswith("."), f"{measure}: {definition!r} does not end with a full stop"
    assert len(definition) < 300, f"{measure}: definition is {len(definition)} characters"
    assert not SNAKE_CASE.search(definition), f"{measure}: code name in {definition!r}"
    for text in FORBIDDEN:
        assert text not in definition, f"{measure}: {text!r} in {definition!r}"


def test_no_two_measures_share_a_definition() -> None:
    seen: dict[str, str] = {}
    for measure, spec in MEASURES.items():
        assert spec.definition not in seen, f"{measure} repeats {seen.get(spec.definition)}"
        seen[spec.definition] = measure


def test_measure_definition_reads_the_catalogue() -> None:
    assert measure_definition("beds") == MEASURES["beds"].definition
    assert measure_definition("beds") != ""
    assert measure_definition("not_a_measure") == ""
    assert measure_definition("") == ""
