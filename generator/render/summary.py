"""The written summary of a monthly report: the facts of render/report_facts.py in words.

Executives read the first sentence and little else, so a crisis is said first; then what
changed and why (a cause only when the data carries it), and what to do about it. Every
sentence is a catalog message (French by default) with its agreement and elision; numbers and
dates go through render/formatting.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.aggregate import Observatory
from generator.config import Config
from generator.records import Crisis
from generator.render import formatting as fmt
from generator.render.care import duration
from generator.render.i18n import Wording
from generator.render.report_facts import CareFact, Cause, MonthFacts, Movement, month_facts


@dataclass(frozen=True, slots=True)
class Summary:
    """Plain-text sentences (escaped by the template)."""

    headline: str  # the report's first sentences, also its description (teaser, RSS, cards)
    points: list[str] = field(default_factory=list)  # what changed, and why
    actions: list[str] = field(default_factory=list)  # what to do ("Que faire")


class FactWords:
    """One month's facts said in one language."""

    def __init__(self, config: Config, lang: str) -> None:
        self.w = Wording(lang)
        self.lang = lang
        self.names = {b.slug: b.name for b in config.brands}
        self.themes = {t.slug: t.name for s in config.sectors for t in s.themes}
        self.min_mentions = config.report.min_mentions

    def brand(self, slug: str) -> str:
        return self.names.get(slug, slug)

    def theme(self, slug: str) -> str:
        return self.themes.get(slug, slug)

    def negatives(self, count: int) -> str:
        return self.w.ngettext("{count} negative mention", "{count} negative mentions", count)

    def crisis(self, crisis: Crisis) -> str:
        return self.w._(
            "Crisis at {brand} {period}: {negatives}, peaking on {peak} ({peak_negatives} "
            "that day).",
            brand=self.brand(crisis.brand),
            period=fmt.day_range(crisis.start, crisis.end, self.lang),
            negatives=self.negatives(crisis.negatives),
            peak=fmt.day_month(crisis.peak_day, self.lang),
            peak_negatives=fmt.number(crisis.peak_negatives, self.lang),
        )

    def total(self, facts: MonthFacts) -> str:
        w = self.w
        mentions = w.ngettext("{count} brand mention", "{count} brand mentions", facts.total)
        month = fmt.month_label(facts.month, self.lang)
        before = facts.total_before
        if facts.previous is None or not before or min(before, facts.total) < self.min_mentions:
            return w._(
                "In {month}, the observatory counted {mentions}.", month=month, mentions=mentions
            )
        change = fmt.delta((facts.total - before) / before, self.lang, "percent", 0)
        return w._(
            "In {month}, the observatory counted {mentions} ({change} on {previous}).",
            month=month,
            mentions=mentions,
            change=change.text,
            previous=fmt.month_label(facts.previous, self.lang),
        )

    def cause(self, cause: Cause | None, metric: str, falling: bool, previous: str) -> str:
        w = self.w
        if cause is None:
            return "."
        if cause.kind == "crisis":
            return w._(", because of the crisis.")
        if cause.kind == "after_crisis":
            month = fmt.month_label(previous, self.lang)
            return w._(", once the crisis {of_month} was over.", of_month=w.of(month))
        theme = self.theme(cause.theme)
        if metric == "mentions":
            return w._(
                ", mostly on the theme “{theme}” ({share} of the change).",
                theme=theme,
                share=fmt.percent(cause.share, self.lang, 0),
            )
        if falling:
            return w._(", mostly through negative mentions on the theme “{theme}”.", theme=theme)
        return w._(", mostly through positive mentions on the theme “{theme}”.", theme=theme)

    def movement(self, move: Movement, previous: str) -> str:
        w = self.w
        name = self.brand(move.brand)
        if move.metric == "mentions" and move.small_sample:
            text = w._(
                "Mentions {of_brand} went from {before} to {now}",
                of_brand=w.of(name),
                before=fmt.number(move.before, self.lang),
                now=fmt.number(move.now, self.lang),
            )
        elif move.metric == "mentions":
            text = w._(
                "Mentions {of_brand} went from {before} to {now} ({change})",
                of_brand=w.of(name),
                before=fmt.number(move.before, self.lang),
                now=fmt.number(move.now, self.lang),
                change=fmt.delta(move.relative, self.lang, "percent", 0).text,
            )
        else:
            text = w._(
                "The net sentiment {of_brand} went from {before} to {now}",
                of_brand=w.of(name),
                before=fmt.signed(move.before, self.lang),
                now=fmt.signed(move.now, self.lang),
            )
        return text + self.cause(move.cause, move.metric, move.relative < 0, previous)

    def care_in_crisis(self, care: CareFact) -> str:
        """How a brand in crisis answered in public (customer care, aggregate/care.py)."""
        values = {
            "brand": self.brand(care.brand),
            "share": fmt.percent(care.answered_share, self.lang, 0),
            "delay": duration(care.median_hours, self.lang),
        }
        if care.answered_share > 0:
            return self.w.ngettext(
                "{brand} answered {share} of the {count} public request it received this "
                "month, after {delay} at the median.",
                "{brand} answered {share} of the {count} public requests it received this "
                "month, after {delay} at the median.",
                care.requests,
                **values,
            )
        return self.w.ngettext(
            "{brand} answered none of the {count} public request it received this month.",
            "{brand} answered none of the {count} public requests it received this month.",
            care.requests,
            **values,
        )

    def points(self, facts: MonthFacts) -> list[str]:
        w = self.w
        out: list[str] = []
        for crisis in facts.crises:
            if crisis.themes:
                quoted = [w._("“{name}”", name=self.theme(t)) for t in crisis.themes]
                themes = fmt.names_list(quoted, self.lang)
                out.append(
                    w._(
                        "Themes of the crisis at {brand}, most cited first: {themes}.",
                        brand=self.brand(crisis.brand),
                        themes=themes,
                    )
                )
            owned = facts.owned_during_crisis.get(crisis.brand, 0)
            if owned:
                out.append(
                    w.ngettext(
                        "The accounts {of_brand} posted {count} message in public this month "
                        "(counted apart from the indicators).",
                        "The accounts {of_brand} posted {count} messages in public this month "
                        "(counted apart from the indicators).",
                        owned,
                        of_brand=w.of(self.brand(crisis.brand)),
                    )
                )
            for care in (c for c in facts.care_in_crisis if c.brand == crisis.brand):
                out.append(self.care_in_crisis(care))
        if not facts.crises:
            out.append(w._("No crisis detected this month."))
        if facts.movement is not None and facts.previous is not None:
            out.append(self.movement(facts.movement, facts.previous))
        elif facts.previous is not None:
            out.append(w._("No change this month is beyond what chance explains."))
        if facts.small_samples and len(facts.small_samples) == len(self.names):
            out.append(
                w._(
                    "Every brand has fewer than {min} mentions this month or the month before: "
                    "changes are indicative and shown without percentages.",
                    min=fmt.number(self.min_mentions, self.lang),
                )
            )
        elif facts.small_samples:
            brands = [self.brand(b) for b in facts.small_samples]
            out.append(
                w.ngettext(
                    "{brands} has fewer than {min} mentions this month or the month before: "
                    "its changes are indicative and shown without percentages.",
                    "{brands} have fewer than {min} mentions this month or the month before: "
                    "their changes are indicative and shown without percentages.",
                    len(brands),
                    brands=fmt.names_list(brands, self.lang),
                    min=fmt.number(self.min_mentions, self.lang),
                )
            )
        for paid in facts.paid:
            out.append(
                w.ngettext(
                    "{brand}: {count} sponsored post ({engagement}), counted apart from the "
                    "indicators.",
                    "{brand}: {count} sponsored posts ({engagement}), counted apart from the "
                    "indicators.",
                    paid.mentions,
                    brand=self.brand(paid.brand),
                    engagement=w.ngettext(
                        "{count} interaction", "{count} interactions", round(paid.engagement)
                    ),
                )
            )
        lead = facts.leader
        if lead is not None:
            values = {
                "brand": self.brand(lead.brand),
                "score": fmt.number(lead.score, self.lang, 1),
                "runner": self.brand(lead.runner_up or ""),
                "runner_score": fmt.number(lead.runner_up_score, self.lang, 1),
            }
            if lead.runner_up is None:
                out.append(w._("{brand} leads the reputation index at {score}/100.", **values))
            elif lead.kept:
                out.append(
                    w._(
                        "{brand} still leads the reputation index at {score}/100, ahead of "
                        "{runner} ({runner_score}).",
                        **values,
                    )
                )
            else:
                out.append(
                    w._(
                        "{brand} takes the lead of the reputation index at {score}/100, ahead "
                        "of {runner} ({runner_score}).",
                        **values,
                    )
                )
        return out

    def actions(self, facts: MonthFacts) -> list[str]:
        w = self.w
        out: list[str] = []
        for crisis in facts.crises:
            values = {
                "brand": self.brand(crisis.brand),
                "theme": self.theme(crisis.themes[0]) if crisis.themes else "",
            }
            if crisis.themes:
                out.append(
                    w.ngettext(
                        "{brand}: publish a status update and answer the {count} negative "
                        "mention in public, starting with the theme “{theme}”.",
                        "{brand}: publish a status update and answer the {count} negative "
                        "mentions in public, starting with the theme “{theme}”.",
                        crisis.negatives,
                        **values,
                    )
                )
            else:
                out.append(
                    w.ngettext(
                        "{brand}: publish a status update and answer the {count} negative "
                        "mention in public.",
                        "{brand}: publish a status update and answer the {count} negative "
                        "mentions in public.",
                        crisis.negatives,
                        **values,
                    )
                )
        for care in facts.unanswered:
            out.append(
                w.ngettext(
                    "{brand}: {count} public request of this month is still unanswered; "
                    "answer it where it was asked.",
                    "{brand}: {count} public requests of this month are still unanswered; "
                    "answer them where they were asked.",
                    care.unanswered,
                    brand=self.brand(care.brand),
                )
            )
        for item in facts.themes_to_answer:
            out.append(
                w._(
                    "{brand}: answer the criticism on the theme “{theme}” ({negatives} this "
                    "month).",
                    brand=self.brand(item.brand),
                    theme=self.theme(item.theme),
                    negatives=self.negatives(item.negatives),
                )
            )
        for source in facts.sources_to_watch:
            out.append(
                w._(
                    "Watch “{source}”: {share} of the negative mentions {of_brand} this month "
                    "({negatives}).",
                    source=source.source,
                    share=fmt.percent(source.share, self.lang, 0),
                    of_brand=w.of(self.brand(source.brand)),
                    negatives=self.negatives(source.negatives),
                )
            )
        for person in facts.people_to_thank:
            if person.klass == "ambassador":
                out.append(
                    w.ngettext(
                        "{brand}: thank {person}, who recommended the brand {count} time.",
                        "{brand}: thank {person}, who recommended the brand {count} times.",
                        person.recommendations,
                        brand=self.brand(person.brand),
                        person=person.display_name,
                    )
                )
            else:
                out.append(
                    w._(
                        "{brand}: ask {person}, a won-back customer, for a testimonial.",
                        brand=self.brand(person.brand),
                        person=person.display_name,
                    )
                )
        if not out:
            out.append(w._("Nothing urgent: keep watching."))
        return out


def build_summary(observatory: Observatory, config: Config, month: str, lang: str) -> Summary:
    """Headline, points and actions of one month, in the site's language."""
    facts = month_facts(observatory, month, config.report.min_mentions)
    words = FactWords(config, lang)
    opening = [words.crisis(c) for c in facts.crises]
    headline = " ".join([*opening, words.total(facts)])
    return Summary(headline=headline, points=words.points(facts), actions=words.actions(facts))
