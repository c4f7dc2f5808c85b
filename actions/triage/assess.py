"""Apply the rule table to a :class:`TriageInput`: ``assess(inp) -> Assessment``.

Pure and deterministic. The highest tier among the rules that apply wins. ``reasons``,
``rule_ids`` and ``sources`` list only the rules of the winning tier, in table order, so the
bot explains the advice it actually gives (an EMERGENCY answer does not also talk about
caffeine). SELF-CARE always has at least ``no_red_flags``, plus one self-care reason per
recorded trigger.

No user-facing text is produced here: each :class:`Reason` carries a ``reason_key`` (the
domain has one sentence per key, see ``rules.py`` for the list) and, where available, the
user's own words that made the rule fire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from actions.triage.rules import RULES, RULES_VERSION, Rule, Tier, TriageInput


@dataclass(frozen=True)
class Reason:
    """Why the tier was chosen: a domain key plus the user's own words, if any."""

    key: str
    words: Optional[str] = None


@dataclass(frozen=True)
class Assessment:
    tier: Tier
    reasons: Tuple[Reason, ...]
    rule_ids: Tuple[str, ...]
    sources: Tuple[Tuple[str, str], ...]  # (article id, section heading), unique, table order
    rules_version: str = RULES_VERSION

    @property
    def label(self) -> str:
        """ "SELF-CARE" | "SEE A DOCTOR" | "URGENT" | "EMERGENCY"."""
        return self.tier.label

    @property
    def reason_keys(self) -> Tuple[str, ...]:
        return tuple(r.key for r in self.reasons)


def fired_rules(inp: TriageInput, rules: Tuple[Rule, ...] = RULES) -> Tuple[Rule, ...]:
    """Every rule whose condition holds, any tier, in table order."""
    return tuple(rule for rule in rules if rule.applies(inp))


def assess(inp: TriageInput, rules: Tuple[Rule, ...] = RULES) -> Assessment:
    """The triage tier for ``inp`` with the reasons and sources of the winning tier."""
    fired = fired_rules(inp, rules)
    tier = max((rule.tier for rule in fired), default=Tier.SELF_CARE)
    winners = [rule for rule in fired if rule.tier == tier]
    return Assessment(
        tier=tier,
        reasons=tuple(Reason(rule.reason_key, rule.evidence(inp)) for rule in winners),
        rule_ids=tuple(rule.id for rule in winners),
        sources=tuple(dict.fromkeys((rule.article, rule.section) for rule in winners)),
        rules_version=RULES_VERSION,
    )
