"""Message cards: an example message rendered with its findings highlighted in place.

A card is plain HTML that reads without JavaScript and prints whole: the context, the text with
each finding wrapped in a `<mark>` (its explanation shows on hover and keyboard focus through CSS,
and is listed under the text as numbered notes, which is what print shows), a verdict badge and
links to the rules. `render_example` returns the card alone or, when the example has a paired
rewrite, both cards in content tabs (which the PDF expands).

Nothing here knows MkDocs: the caller passes the findings, the labels (snippets/labels.yml), the
rule and category names, and a function giving each rule's URL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from playbook import templating
from playbook.lint import Finding, excerpt

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class CardContext:
    """What a card needs besides the message and its findings."""

    labels: Mapping[str, Any]
    channel_labels: Mapping[str, str]
    category_labels: Mapping[str, str]
    rule_url: Callable[[str], str | None]


def highlight(text: str, findings: Sequence[Finding], note_ids: Sequence[str]) -> str:
    """Escape `text` and wrap each finding's span in a <mark>; overlapping spans are merged.

    `note_ids[i]` is the id of the note explaining `findings[i]`; a mark refers to every note of
    the findings it covers (aria-describedby) and is followed by their numbers.
    """
    return templating.render("highlight.html", runs=_runs(text, findings, note_ids))


def _runs(text: str, findings: Sequence[Finding], note_ids: Sequence[str]) -> list[dict]:
    """The text cut where the set of findings covering it changes: one run per mark (or none)."""
    cuts = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    runs: list[dict] = []
    previous: tuple[int, ...] | None = None
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(i for i, f in enumerate(findings)
                         if f.start <= a and f.end >= b and f.start < f.end and f.scope != "message")
        if covering == previous:
            runs[-1]["text"] += text[a:b]
            runs[-1]["end"] = b
        else:
            runs.append({"text": text[a:b], "covering": covering, "end": b})
        previous = covering
    for run in runs:
        run["mark"] = _mark(run.pop("covering"), run.pop("end"), findings, note_ids)
    return runs


def _mark(covering: tuple[int, ...], end: int, findings: Sequence[Finding], note_ids: Sequence[str]) -> dict | None:
    if not covering:
        return None
    return {
        "worst": min((findings[i].severity for i in covering), key=lambda s: SEVERITY_ORDER.get(s, 9)),
        "tip": " / ".join(findings[i].message for i in covering),
        "described": " ".join(note_ids[i] for i in covering),
        "rules": " ".join(findings[i].rule for i in covering),
        # The note numbers follow the mark where their finding ends, and only there.
        "refs": ",".join(str(i + 1) for i in covering if findings[i].end == end),
    }


def render_card(message: Any, findings: Sequence[Finding], ctx: CardContext, *, uid: str) -> str:
    """One message card as HTML without blank lines (so it can sit inside Markdown)."""
    labels = ctx.labels
    note_ids = [f"{uid}-n{i + 1}" for i in range(len(findings))]
    notes = [{
        "id": note_id,
        "severity": finding.severity,
        "excerpt": None if finding.scope == "message" else excerpt(message.text[finding.start:finding.end]),
        "message": finding.message,
        "category": ctx.category_labels.get(finding.category, finding.category),
        "severity_label": labels["severity"].get(finding.severity, finding.severity),
        # a judgment about the whole message has no rule of its own (judge.py): no rule code
        "rule": None if finding.rule == finding.category else finding.rule,
        "url": None if finding.rule == finding.category else ctx.rule_url(finding.rule),
    } for note_id, finding in zip(note_ids, findings)]
    return templating.render(
        "card.html", m=message, uid=uid, labels=labels, notes=notes,
        runs=_runs(message.text, findings, note_ids),
        categories=sorted({f.category for f in findings} | set(getattr(message, "expect_categories", ()))),
        channel=ctx.channel_labels.get(message.channel, message.channel),
        language=labels["language"].get(message.lang, message.lang),
        title=getattr(message, "title", None) or "")


def render_example(message: Any, pair: Any | None, findings_of: Callable[[Any], Sequence[Finding]],
                   ctx: CardContext, *, uid: str) -> str:
    """HTML for one embedded example: its card and, when it has a paired rewrite, both cards in
    content tabs ("à éviter" first).

    The tabs are written by the template rather than as Markdown tabs so the example stays one
    raw HTML block wherever it is embedded (inside a list, an admonition or the library's
    filterable items).
    """
    card = render_card(message, findings_of(message), ctx, uid=f"{uid}-{message.id}")
    if pair is None:
        return card
    first, second = (message, pair) if message.verdict == "bad" else (pair, message)
    tabs = [{"label": ctx.labels["verdict"][shown.verdict],
             "card": templating.Markup(card if shown is message else
                                       render_card(shown, findings_of(shown), ctx, uid=f"{uid}-{shown.id}"))}
            for shown in (first, second)]
    return templating.render("example-tabs.html", uid=uid, tabs=tabs)
