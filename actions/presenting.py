"""Turn core values into the variables of domain responses.

Pure Python. The sentences themselves stay in domain.yml: reason phrases are the responses
``utter_reason_<reason_key>`` (with an optional ``{words}`` for the user's own words) and
the value shown for "not told" is ``utter_value_not_told``; a duration is
``utter_value_<unit>_<one|half|many>`` ("3 weeks"), inside ``utter_value_about`` when rounded.
The action passes the domain's
``responses`` mapping in; nothing here is user-facing text except list joining.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Optional, Sequence

from actions.symptoms.duration_units import HumanDuration, human_duration

REASON_PREFIX = "utter_reason_"
NOT_TOLD = "utter_value_not_told"
# A key whose words alone read badly ("sensation_change") has its plain name in the domain.
LABEL_PREFIX = "utter_label_"
WORDS_SLOT = ' ("{words}")'
# utter_value_<unit>_<form>: a count of a unit ("3 weeks"); utter_value_about: "about ...".
VALUE_PREFIX = "utter_value_"
ABOUT = "utter_value_about"


def response_text(responses: Mapping[str, Any], name: str) -> str:
    """The first text variation of a domain response."""
    return responses[name][0]["text"]


def joined(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def label(value: str, responses: Optional[Mapping[str, Any]] = None) -> str:
    """A normalised key as plain words: utter_label_<key> from the domain if there is one
    ("sensation_change" -> "a change in feeling"), else "left_calf" -> "left calf"."""
    if responses and LABEL_PREFIX + str(value) in responses:
        return response_text(responses, LABEL_PREFIX + str(value))
    return str(value).replace("_", " ")


def reason_phrase(responses: Mapping[str, Any], key: str, words: Optional[str]) -> str:
    """One reason in the user's terms, from utter_reason_<key>."""
    template = response_text(responses, REASON_PREFIX + key)
    if not words:
        return template.replace(WORDS_SLOT, "").replace("{words}", "")
    return template.replace("{words}", words.strip())


def reasons_text(responses: Mapping[str, Any], reasons: Iterable[Any]) -> str:
    """All reasons of an assessment as one clause list."""
    return joined([reason_phrase(responses, r.key, r.words) for r in reasons])


def shown(responses: Mapping[str, Any], value: Any) -> str:
    """A summary value for display; None is "not told", an empty list is "none"."""
    if value is None:
        return response_text(responses, NOT_TOLD)
    if isinstance(value, (list, tuple)):
        return joined([label(v, responses) for v in value]) or response_text(responses, "utter_value_none")
    if isinstance(value, HumanDuration):
        return duration_text(responses, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return duration_text(responses, human_duration(value))  # the only number shown is days
    return label(value, responses)


def duration_text(responses: Mapping[str, Any], duration: HumanDuration) -> str:
    """ "3 weeks", "half a day", "about 2 months": the domain's words for the count and unit."""
    amount = response_text(responses, f"{VALUE_PREFIX}{duration.unit}_{duration.form}").replace(
        "{count}", f"{duration.count:g}"
    )
    return response_text(responses, ABOUT).replace("{amount}", amount) if duration.approximate else amount
