"""Abbreviations the app uses, spelled out in full the first time a page uses each one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    """An abbreviation's meaning, singular and plural, and a sentence saying what it is."""

    singular: str
    plural: str
    meaning: str


TERMS = {
    "CQC": Term(
        "Care Quality Commission",
        "Care Quality Commission",
        "England's regulator of health and social care; every care home is registered with it.",
    ),
    "D2A": Term(
        "discharge to assess",
        "discharges to assess",
        "people leave hospital as soon as they are well enough and their longer-term care "
        "needs are assessed at home or in a short-stay bed.",
    ),
    "MPS": Term(
        "Market Position Statement",
        "Market Position Statements",
        "a council's account of the care it expects to need and buy, written for providers.",
    ),
    "MSP": Term(
        "Market Sustainability Plan",
        "Market Sustainability Plans",
        "the plan each council sent the government in 2023 on fees and the state of its "
        "care market.",
    ),
    "POC": Term(
        "package of care",
        "packages of care",
        "the care a person is assessed to need at home, such as four visits a day.",
    ),
    "LSOA": Term(
        "small area",
        "small areas",
        "an ONS Lower Layer Super Output Area, of 1,000 to 3,000 people.",
    ),
    "MSOA": Term(
        "neighbourhood",
        "neighbourhoods",
        "an ONS Middle Layer Super Output Area, of 5,000 to 15,000 people.",
    ),
}
_PATTERN = re.compile(r"\b(" + "|".join(TERMS) + r")(s?)\b")


@dataclass
class FirstUse:
    """Spells out each abbreviation the first time text passed through it uses one.

    An abbreviation already in brackets ("small areas (LSOAs)") counts as spelled out.
    """

    seen: set[str] = field(default_factory=set)

    def expand(self, text: str) -> str:
        """Return text with each abbreviation's first use written as "package of care (POC)"."""
        return _PATTERN.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        short, plural = match.group(1), match.group(2)
        spelled_out = match.string[: match.start()].endswith("(")
        if short in self.seen or spelled_out:
            self.seen.add(short)
            return match.group(0)
        self.seen.add(short)
        term = TERMS[short]
        words = term.plural if plural else term.singular
        if _starts_sentence(match.string, match.start()):
            words = words[0].upper() + words[1:]
        return f"{words} ({short}{plural})"


def _starts_sentence(text: str, position: int) -> bool:
    before = text[:position].rstrip(" *_")
    return not before or before.endswith((".", ":", "\n"))


def describe_terms(shorts: tuple[str, ...] = tuple(TERMS)) -> list[str]:
    """Return one line per abbreviation: what it stands for and what it means."""
    return [f"{short}: {TERMS[short].singular}, {TERMS[short].meaning}" for short in shorts]
