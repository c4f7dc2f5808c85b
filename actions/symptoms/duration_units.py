"""A length in days said the way people say it: ``human_duration(21) == HumanDuration("week", 3, False)``.

Pure Python. The read-back and the doctor's summary show a duration in the unit a person
would use (minutes, hours, days, weeks, months, years), rounded to a whole count, or half a
day; the words themselves are domain responses (``utter_value_<unit>_<one|half|many>``,
actions/presenting.py). Rounding never hides the one threshold the triage uses: a length
over two weeks is never shown as "2 weeks" (15 to 20 days stay days).

Months are 30 days and years 365, as ``durations.parse_duration`` counts them, so what the
user said comes back as said ("a month" -> a month, "3 weeks" -> 3 weeks).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

UNIT_DAYS = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1.0, "week": 7.0, "month": 30.0, "year": 365.0}
# A count this far from the length is shown as "about" it.
EXACT_WITHIN = 0.01
# Under this many minutes a length is minutes; up to 10 they are counted one by one, above in fives.
MINUTES_UP_TO = 50
TWO_WEEKS = 14


@dataclass(frozen=True)
class HumanDuration:
    """A count of one unit: ``count`` is a whole number, or 0.5 for "half a day"."""

    unit: str
    count: float
    approximate: bool

    @property
    def form(self) -> str:
        """Which wording the count takes: "half", "one" or "many"."""
        if self.count == 0.5:
            return "half"
        return "one" if self.count == 1 else "many"


def _round(value: float) -> int:
    """Half up, as people round ("1.5 months" is about 2)."""
    return int(math.floor(value + 0.5))


def _in(unit: str, count: float, days: float) -> HumanDuration:
    shown = count * UNIT_DAYS[unit]
    return HumanDuration(unit, count, abs(shown - days) > EXACT_WITHIN * days)


def human_duration(days: float) -> HumanDuration:
    """``days`` in the unit a person would name (see the module docstring)."""
    days = max(float(days), 0.0)
    minutes = days * 1440
    if minutes < MINUTES_UP_TO:
        count = _round(minutes) if minutes < 10 else 5 * _round(minutes / 5)
        return _in("minute", max(count, 1), days)
    hours = days * 24
    if 11.5 <= hours <= 12.5:
        return _in("day", 0.5, days)
    if _round(hours) < 24:
        return _in("hour", max(_round(hours), 1), days)
    whole_days = _round(days)
    # Up to a week or two weeks on the dot, weeks; a bit over, days ("15 days").
    on_a_week = whole_days in (7, TWO_WEEKS) and days <= whole_days
    if whole_days < 21 and not on_a_week:
        return _in("day", whole_days, days)
    if days < 60 and days != UNIT_DAYS["month"]:
        return _in("week", _round(days / 7), days)
    if days < 365:
        months = _round(days / 30)
        return _in("month", months, days) if months < 12 else _in("year", 1, days)
    return _in("year", _round(days / 365), days)
