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

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from playbook.lint import Finding

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
FindingLike = Finding  # anything with Finding's attributes (tests pass plain dataclasses)


@dataclass(frozen=True)
class CardContext:
    """What a card needs besides the message and its findings."""

    labels: Mapping[str, Any]
    channel_labels: Mapping[str, str]
    category_labels: Mapping[str, str]
    rule_url: Callable[[str], str | None]


def highlight(text: str, findings: Sequence[FindingLike], note_ids: Sequence[str]) -> str:
    """Escape `text` and wrap each finding's span in a <mark>; overlapping spans are merged.

    `note_ids[i]` is the id of the note explaining `findings[i]`; a mark refers to every note of
    the findings it covers (aria-describedby) and is followed by their numbers.
    """
    cuts = sorted({0, len(text), *(f.start for f in findings), *(f.end for f in findings)})
    pieces: list[str] = []
    previous: tuple[int, ...] = ()
    for a, b in zip(cuts, cuts[1:]):
        covering = tuple(i for i, f in enumerate(findings) if f.start <= a and f.end >= b and f.start < f.end)
        if covering != previous:
            if previous:
                pieces.append(_close(previous, findings, a))
            if covering:
                pieces.append(_open(covering, findings, note_ids))
        pieces.append(_escape_text(text[a:b]))
        previous = covering
    if previous:
        pieces.append(_close(previous, findings, len(text)))
    return "".join(pieces)


def _open(covering: tuple[int, ...], findings: Sequence[FindingLike], note_ids: Sequence[str]) -> str:
    worst = min((findings[i].severity for i in covering), key=lambda s: SEVERITY_ORDER.get(s, 9))
    tip = " / ".join(findings[i].message for i in covering)
    described = " ".join(note_ids[i] for i in covering)
    rules = " ".join(findings[i].rule for i in covering)
    return (f'<mark class="pb-finding pb-finding--{worst}" tabindex="0" data-rules="{rules}" '
            f'data-tip="{html.escape(tip)}" aria-describedby="{described}">')


def _close(covering: tuple[int, ...], findings: Sequence[FindingLike], at: int) -> str:
    """Close a mark; the note numbers follow the mark where their finding ends, and only there."""
    ending = [str(i + 1) for i in covering if findings[i].end == at]
    numbers = f'<sup class="pb-finding__ref" aria-hidden="true">{",".join(ending)}</sup>' if ending else ""
    return "</mark>" + numbers


def _escape_text(text: str) -> str:
    return html.escape(text, quote=False).replace("\n", "<br>")


def render_card(message: Any, findings: Sequence[FindingLike], ctx: CardContext, *, uid: str) -> str:
    """One message card as HTML without blank lines (so it can sit inside Markdown)."""
    labels = ctx.labels
    verdict = message.verdict
    note_ids = [f"{uid}-n{i + 1}" for i in range(len(findings))]
    categories = sorted({f.category for f in findings} | set(getattr(message, "expect_categories", ())))
    channel = ctx.channel_labels.get(message.channel, message.channel)
    language = labels["language"].get(message.lang, message.lang)
    title = getattr(message, "title", None) or ""
    parts = [
        f'<div class="pb-message pb-message--{verdict}" id="{uid}" data-message="{message.id}" '
        f'data-verdict="{verdict}" data-lang="{message.lang}" data-channel="{message.channel}" '
        f'data-categories="{" ".join(categories)}">',
        '<div class="pb-message__head">',
        f'<span class="pb-message__verdict pb-message__verdict--{verdict}">{html.escape(labels["verdict"][verdict])}</span>',
        f'<span class="pb-message__meta">{html.escape(channel)} · {html.escape(language)} · '
        f'{len(message.text)} {html.escape(labels["characters"])}</span>',
        "</div>",
    ]
    if title:
        parts.append(f'<p class="pb-message__title">{html.escape(title)}</p>')
    parts.append(f'<p class="pb-message__context"><strong>{html.escape(labels["context"])} :</strong> '
                 f'{html.escape(message.context)}</p>')
    parts.append(f'<blockquote class="pb-message__text" lang="{message.lang}">'
                 f'{highlight(message.text, findings, note_ids)}</blockquote>')
    if findings:
        parts.append(f'<p class="pb-message__findings-title">{html.escape(labels["findings_title"])}</p>')
        parts.append('<ol class="pb-message__findings">')
        for note_id, finding in zip(note_ids, findings):
            url = ctx.rule_url(finding.rule)
            rule = (f'<a href="{html.escape(url)}"><code>{finding.rule}</code></a>' if url
                    else f"<code>{finding.rule}</code>")
            category = ctx.category_labels.get(finding.category, finding.category)
            severity = labels["severity"].get(finding.severity, finding.severity)
            excerpt = html.escape(message.text[finding.start:finding.end][:80].replace("\n", " "))
            parts.append(
                f'<li id="{note_id}" class="pb-message__finding pb-message__finding--{finding.severity}">'
                f'<span class="pb-message__excerpt">« {excerpt} »</span> '
                f"{html.escape(finding.message)} "
                f'<span class="pb-message__rule">({html.escape(category)}, {html.escape(severity)} : {rule})</span></li>')
        parts.append("</ol>")
    else:
        parts.append(f'<p class="pb-message__clean">{html.escape(labels["no_findings"])}</p>')
    parts.append(f'<p class="pb-message__note">{html.escape(labels["invented"])}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def render_example(message: Any, pair: Any | None, findings_of: Callable[[Any], Sequence[FindingLike]],
                   ctx: CardContext, *, uid: str) -> str:
    """HTML for one embedded example: its card and, when it has a paired rewrite, both cards in
    content tabs ("à éviter" first).

    The tabs use the markup of pymdownx.tabbed's alternate style, which Material styles and which
    works without JavaScript (radio inputs); it is written here rather than as Markdown tabs so
    the example stays one raw HTML block wherever it is embedded (inside a list, an admonition or
    the library's filterable items).
    """
    card = render_card(message, findings_of(message), ctx, uid=f"{uid}-{message.id}")
    if pair is None:
        return card
    first, second = (message, pair) if message.verdict == "bad" else (pair, message)
    cards = [card if shown is message else render_card(shown, findings_of(shown), ctx, uid=f"{uid}-{shown.id}")
             for shown in (first, second)]
    labels = [ctx.labels["verdict"][shown.verdict] for shown in (first, second)]
    name = f"{uid}-tabs"
    parts = [f'<div class="tabbed-set tabbed-alternate pb-example" data-tabs="{uid}:2">']
    parts += [f'<input {"checked " if i == 0 else ""}id="{name}-{i + 1}" name="{name}" type="radio">'
              for i in range(2)]
    parts.append('<div class="tabbed-labels">' + "".join(
        f'<label for="{name}-{i + 1}">{html.escape(label)}</label>' for i, label in enumerate(labels)) + "</div>")
    parts.append('<div class="tabbed-content">')
    for body in cards:
        parts += ['<div class="tabbed-block">', body, "</div>"]
    parts += ["</div>", "</div>"]
    return "\n".join(parts)
