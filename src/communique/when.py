"""When: the date an event happened, from the words of its sentence and the publication date.

News reports events relative to the day of publication ("on Friday", "last year", "in April").
Each expression resolves to a date and a precision (day, week, month or year); past tense looks
back from the publication date, future tense looks forward.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil import parser as dateparser
from spacy.tokens import Span, Token

from .parse import clause_verb

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "several": 3, "few": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_AGO = re.compile(r"\b(\d+|" + "|".join(_NUMBERS) + r")\s+(day|week|month|year)s?\s+ago\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class EventDate:
    """A resolved event date: the first day of the period, its precision, and why."""

    date: date | None
    precision: str | None  # "day", "week", "month", "year" or None
    basis: str


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def resolve_expression(text: str, published: date, *, future: bool = False
                       ) -> tuple[date, str] | None:
    """Resolve one date expression against the publication date; None when it has no date."""
    t = " ".join(text.lower().replace(",", " ").split())
    if re.search(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", t):
        return published, "day"
    if "yesterday" in t:
        return published - timedelta(days=1), "day"
    if "tomorrow" in t:
        return published + timedelta(days=1), "day"
    ago = _AGO.search(t)
    if ago:
        count = int(ago.group(1)) if ago.group(1).isdigit() else _NUMBERS[ago.group(1)]
        unit = ago.group(2)
        if unit == "year":
            return date(published.year - count, 1, 1), "year"
        if unit == "month":
            return _shift_months(published, -count), "month"
        return published - timedelta(days=count * _UNIT_DAYS[unit]), (
            "day" if unit == "day" else "week")
    for name, weekday in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", t):
            ahead = future or re.search(rf"\bnext {name}\b", t) is not None
            if ahead:
                delta = (weekday - published.weekday()) % 7 or 7
                return published + timedelta(days=delta), "day"
            delta = (published.weekday() - weekday) % 7
            if re.search(rf"\blast {name}\b", t) and delta == 0:
                delta = 7
            return published - timedelta(days=delta), "day"
    for span, step in (("week", 7), ("month", None), ("year", None)):
        for word, sign in (("last", -1), ("past", -1), ("next", 1), ("this", 0),
                           ("earlier this", 0), ("later this", 0), ("coming", 1)):
            if re.search(rf"\b{word} {span}\b", t):
                if span == "week":
                    return published + timedelta(days=sign * (step or 0)), "week"
                if span == "month":
                    return _shift_months(published, sign), "month"
                return date(published.year + sign, 1, 1), "year"
    absolute = _absolute(t, published, future)
    if absolute:
        return absolute
    return None


def _absolute(t: str, published: date, future: bool) -> tuple[date, str] | None:
    month = next((MONTHS[w] for w in re.findall(r"[a-z]+", t) if w in MONTHS), None)
    year_match = _YEAR.search(t)
    year = int(year_match.group(1)) if year_match else None
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", _YEAR.sub(" ", t))
    day = int(day_match.group(1)) if day_match else None
    if month is None:
        if year is not None and re.fullmatch(r"(?:in |during |since |by |the year )?\d{4}", t):
            return date(year, 1, 1), "year"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", t):
            try:
                return dateparser.isoparse(t).date(), "day"
            except ValueError:
                return None
        return None
    if year is None:
        year = published.year
        candidate = date(year, month, 1)
        if not future and candidate > published:
            year -= 1
        elif future and _month_start(year, month) < _month_start(published.year,
                                                                   published.month):
            year += 1
    if day is not None and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day), "day"
    return date(year, month, 1), "month"



def is_future(verb: Token) -> bool:
    """True for 'will visit', 'is to visit', 'plans to visit' and the like."""
    if any(c.dep_ == "aux" and c.lower_ in {"will", "'ll", "shall"} for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_ in {"plan", "intend", "expect", "schedule",
                                                    "set", "due", "prepare", "aim", "hope"}


def event_date(sentence: Span, verb: Token, published: date | None) -> EventDate:
    """Date the event expressed by `verb`: its own date words, else the sentence's, else the
    publication date, saying which in `basis`."""
    if published is None:
        return resolve_without_publication(sentence)
    dates = [ent for ent in sentence.ents if ent.label_ == "DATE"]
    future = is_future(verb)
    ranked = sorted(dates, key=lambda ent: (clause_verb(ent.root) != verb,
                                             abs(ent.start - verb.i)))
    for ent in ranked:
        resolved = resolve_expression(ent.text, published, future=future)
        if resolved:
            day, precision = resolved
            return EventDate(day, precision,
                             f"'{ent.text}' relative to publication date {published}")
    return EventDate(published, "day", f"publication date {published} (no date in sentence)")


def resolve_without_publication(sentence: Span) -> EventDate:
    """Absolute dates ('June 21, 2019') still resolve when the publication date is unknown."""
    for ent in sentence.ents:
        if ent.label_ == "DATE" and _YEAR.search(ent.text):
            resolved = _absolute(ent.text.lower().replace(",", " "), date.max.replace(year=9000),
                                 False)
            if resolved:
                return EventDate(resolved[0], resolved[1], f"'{ent.text}' (absolute date)")
    return EventDate(None, None, "no publication date and no absolute date in the sentence")
