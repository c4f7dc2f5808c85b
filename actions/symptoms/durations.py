"""How long, in days, a user's duration wording means: ``parse_duration("three weeks") == 21.0``.

Pure string handling, no spaCy. Used on DURATION spans from the pipeline and on the free-text
answer to "how long has it been going on?".

Conservative by design, because the only threshold that matters is "more than 14 days":

* ranges take the larger end ("4 like 5 weeks" -> 35, "a week or two" -> 14);
* lengths joined by "and" add up ("two weeks and one day" -> 15, "a month and 3 days" -> 33);
* several expressions in one text take the longest ("3 weeks, worse since yesterday" -> 21);
* vague-but-long wording counts as long ("for ages" -> 30, "for months" -> 60);
* "more than 2 weeks" -> 15, "nearly 2 weeks" -> 13;
* weekdays ("since monday") -> 7, "last week" -> 10 (7-13 days ago, so never over 14);
* since a season, a holiday or a month ("since the summer", "since New Year", "since march")
  -> 30: with no date to count from, long is the side a wrong guess may err on;
* wording with no length at all ("a while", "since my son was born") -> None: ask again.
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

UNIT_DAYS = {
    "second": 1 / 86400,
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1.0,
    "week": 7.0,
    "fortnight": 14.0,
    "month": 30.0,
    "year": 365.0,
}

_UNIT_FORMS: List[Tuple[str, str]] = [
    ("second", r"secs?|seconds?"),
    ("minute", r"mins?|minutes?"),
    ("hour", r"h|hrs?|hours?"),
    ("fortnight", r"fortnights?"),
    ("day", r"d|days?|nights?"),
    ("week", r"w|wks?|weeks?"),
    ("month", r"mo|mos|mths?|mnths?|months?"),
    ("year", r"y|yrs?|years?"),
]
_UNIT_RE = "|".join(f"(?P<u_{name}>{forms})" for name, forms in _UNIT_FORMS)
_NUM = r"\d+(?:\.\d+)?"

_QUANTITY = re.compile(
    rf"(?<![\w.])(?P<q1>{_NUM})"
    rf"(?:\s*(?:-|–|to|or|like|/|maybe|and|or maybe)\s*(?P<q2>{_NUM}))?"
    r"\s*(?P<plus>\+)?\s*(?P<half1>and a half\s*)?"
    rf"(?:{_UNIT_RE})\b"
    r"(?P<half2>\s+and a half)?"
    rf"(?:\s*(?:or|to|-)\s*(?P<q3>{_NUM})(?!\s*[\w.]))?"
)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
}
_UNIT_WORD = r"(?:sec|second|min|minute|hour|hr|day|night|week|wk|fortnight|month|year|yr)s?"

_MORE = re.compile(r"(more than|over|at least|longer than|upwards of|well over|plus)\s*$")
_LESS = re.compile(r"(almost|nearly|under|less than|not quite|just under|not even|barely|shy of)\s*$")

_WEEKDAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday|weds|thurs)"
_SEASON = (
    r"(summer|spring|autumn|fall|winter|christmas|xmas|new year|new years|new year's|easter|thanksgiving|halloween"
    r"|the holidays|january|february|march|april|june|july|august|september|october|november|december)"
)
# A second length added to the first: "2 weeks and 1 day", "a month, 3 days".
_JOINED = re.compile(r"^\s*(and|,|&|plus)?\s*$")

# Checked on the text left after numeric quantities are taken out. (pattern, days)
_RELATIVE: List[Tuple[re.Pattern, float]] = [
    (re.compile(r"\b(for years|years)\b"), 730.0),
    (re.compile(rf"\b(since|from|before|around|over) (the |last |this )?{_SEASON}\b"), 30.0),
    (re.compile(r"\b(for months|months)\b"), 60.0),
    (re.compile(r"\b(ages|forever|for ever|yonks|a long time|long time|so long)\b"), 30.0),
    (re.compile(r"\b(for weeks|weeks)\b"), 21.0),
    (re.compile(r"\blast year\b"), 365.0),
    (re.compile(r"\b(last month|this month)\b"), 30.0),
    (re.compile(r"\bfortnight\b"), 14.0),
    # "for the past week" is the week up to now; "since last week" began 7-13 days ago
    (re.compile(r"\b(the (past|last)|past) week\b"), 7.0),
    (re.compile(r"(?<!the )\b(last week|last weekend)\b"), 10.0),
    (re.compile(rf"\blast {_WEEKDAY}\b"), 10.0),
    (re.compile(r"\b(this week|the weekend|weekend)\b"), 7.0),
    (re.compile(rf"\b{_WEEKDAY}\b"), 7.0),
    (re.compile(r"\b(for days|days)\b"), 3.0),
    (re.compile(r"\b(day before yesterday)\b"), 2.0),
    (re.compile(r"\b(yesterday|last night)\b"), 1.0),
    (re.compile(r"\b(for hours|hours)\b"), 0.25),
    (
        re.compile(
            r"\b(today|this morning|tonight|this afternoon|this evening|earlier|just now|just started|this am)\b"
        ),
        0.5,
    ),
    (re.compile(r"\b(minutes|a minute|seconds)\b"), 0.01),
]


def _normalise(text: str) -> str:
    t = text.lower().replace("\u2019", "'").replace("\u2013", "-")
    t = re.sub(r"\s+", " ", t).strip()
    # "every day", "5 times a day", "3 coffees a day" say how often, not how long.
    t = re.sub(
        r"\b(once|twice|times|time|x|every|per|each)\s+(a\s+|an\s+|single\s+)?(day|week|hour|night|month|minute)s?\b",
        " ",
        t,
    )
    t = re.sub(r"\b(\d+ \w+s)\s+(a|an|per)\s+(day|week|hour|night|month)\b", r"\1", t)
    t = re.sub(r"(\d)\s*ish\b", r"\1", t)
    # "I'm 25 years old" is an age.
    t = re.sub(r"\b\S+\s*(years?|yrs?|y)[\s-]*(old|of age)\b", " ", t)
    t = re.sub(r"\b(a couple of|a couple|couple of|couple)\b", "2", t)
    t = re.sub(r"\b(a handful of|a few|few)\b", "3", t)
    t = re.sub(r"\b(several|some)\b", "4", t)
    t = re.sub(r"\b(many|a number of)\b", "5", t)
    t = re.sub(r"\bhalf (a|an)\b", "0.5", t)
    for word, value in _NUMBER_WORDS.items():
        t = re.sub(rf"\b{word}\b", str(value), t)
    t = re.sub(rf"\b(a|an)\s+(?={_UNIT_WORD}\b)", "1 ", t)
    return t


def _quantity_days(match: re.Match, before: str) -> float:
    unit = next(name for name, _ in _UNIT_FORMS if match.group(f"u_{name}"))
    numbers = [float(match.group(g)) for g in ("q1", "q2", "q3") if match.group(g)]
    amount = max(numbers)
    if match.group("half1") or match.group("half2"):
        amount += 0.5
    days = amount * UNIT_DAYS[unit]
    step = 1.0 if days >= 7 else 0.25 * days
    if match.group("plus") or _MORE.search(before):
        return days + step
    if _LESS.search(before):
        return max(days - step, 0.0)
    return days


def parse_duration(text: Optional[str]) -> Optional[float]:
    """Days meant by ``text`` (the longest if several), or None if it names no length."""
    if not text:
        return None
    t = _normalise(text)
    values: List[float] = []
    rest = []
    last = 0
    previous_unit = None
    for match in _QUANTITY.finditer(t):
        days = _quantity_days(match, t[max(0, match.start() - 20) : match.start()])
        unit = UNIT_DAYS[next(name for name, _ in _UNIT_FORMS if match.group(f"u_{name}"))]
        if values and previous_unit and unit < previous_unit and _JOINED.match(t[last : match.start()]):
            values[-1] += days  # "2 weeks and 1 day": one length in two parts
        else:
            values.append(days)
        previous_unit = unit
        rest.append(t[last : match.start()])
        last = match.end()
    rest.append(t[last:])
    remaining = " | ".join(rest)
    for pattern, days in _RELATIVE:
        if pattern.search(remaining):
            values.append(days)
    return max(values) if values else None
