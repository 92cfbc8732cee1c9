"""The two generated listings: the example library and the rules reference (Markdown out).

The pages themselves (docs/messages/index.md, docs/regles/index.md) are ordinary pages written by
consultants; the markers `<!-- playbook:library -->` and `<!-- playbook:rules -->` insert these
listings, built from data only (snippets/messages/, snippets/rules.yml, snippets/labels.yml), so
they never drift from what the linter does. The library embeds each example with the same
`<!-- playbook:message ID -->` marker any page uses; the rules reference lists, for each rule, the
library examples that trigger it (computed by running the linter).

Links to playbook sections come from `section_url(rule or category) -> (href, title) | None`, so the caller decides how they are
resolved and checked (the hook reports a broken one against the rule's line in rules.yml).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from playbook import safe_html
from playbook.errors import ContentError


def primary_category(message: Any, rules: Any, findings: Sequence[Any]) -> str | None:
    """The category an example illustrates: its first expected category (or expected rule's
    category), else the category of its first finding."""
    for item in message.expect:
        if item in rules.categories:
            return item
        if item in rules.by_id:
            return rules.by_id[item].category
    return findings[0].category if findings else None


def triggered_by(findings: Mapping[str, Sequence[Any]]) -> dict[str, list[str]]:
    """rule id -> ids of the examples whose findings include it (examples in id order)."""
    out: dict[str, list[str]] = {}
    for message_id, found in sorted(findings.items()):
        for rule_id in dict.fromkeys(f.rule for f in found):
            out.setdefault(rule_id, []).append(message_id)
    return out


def link_errors(rules: Any, pages: Iterable[str], anchors: Mapping[str, set[str]],
                display: str = "snippets/rules.yml") -> list[ContentError]:
    """Each rule's and category's `link` must name a page of the site and one of its headings."""
    known = set(pages)
    errors = []
    items = [(f"règle `{r.id}`", r.link, r.line) for r in rules.rules]
    items += [(f"catégorie `{c.id}`", c.link, None) for c in rules.categories.values()]
    for what, link, line in items:
        if not link:
            continue
        page_path, _, anchor = link.partition("#")
        if page_path not in known:
            errors.append(ContentError(display, line, f"{what} renvoie à `{page_path}`, qui n'est pas une page du site.",
                                       "Écrivez un chemin depuis `docs/`, comme dans la navigation."))
        elif anchor and anchor not in anchors.get(page_path, set()):
            errors.append(ContentError(display, line, f"{what} : `{page_path}` n'a pas de titre `#{anchor}`.",
                                       "Utilisez l'identifiant d'un titre existant (la partie après # dans son lien)."))
    return errors


def library_markdown(messages: Mapping[str, Any], categories: Mapping[str, Any],
                     channels: Mapping[str, Any], labels: Mapping[str, Any],
                     primary_category: Callable[[Any], str | None]) -> str:
    """The library page: every bad example (with its rewrite) grouped by its main category, then
    good examples that are nobody's rewrite. Filter controls are hidden until library.js runs."""
    lib = labels["library"]
    rewrites = {m.pair for m in messages.values() if m.verdict == "bad" and m.pair}
    out = [
        _filters(categories, channels, labels),
        "",
    ]
    grouped: dict[str, list[Any]] = {cid: [] for cid in categories}
    for message in messages.values():
        if message.verdict == "bad":
            category = primary_category(message)
            grouped.setdefault(category or "", []).append(message)
    for cid, category in categories.items():
        if not grouped.get(cid):
            continue
        out += [f"## {safe_html.markdown_text(category.label)} {{ #{cid} }}", "", safe_html.block(category.description), ""]
        for message in sorted(grouped[cid], key=lambda m: (m.lang != "fr", m.id)):
            out += [_item(message), ""]
    lonely = [m for m in messages.values() if m.verdict == "good" and m.id not in rewrites]
    if lonely:
        out += [f"## {safe_html.markdown_text(lib['good_section'])} {{ #messages-reussis }}", "",
                safe_html.block(lib["good_intro"]), ""]
        for message in sorted(lonely, key=lambda m: (m.lang != "fr", m.id)):
            out += [_item(message), ""]
    return "\n".join(out)


def _item(message: Any) -> str:
    # The message marker expands to raw HTML, so the wrapper stays one HTML block.
    return (f'<div class="pb-library-item" id="{message.id}" data-lang="{message.lang}" '
            f'data-channel="{message.channel}">\n<!-- playbook:message {message.id} -->\n</div>')


def _filters(categories: Mapping[str, Any], channels: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    lib = labels["library"]

    def select(name: str, title: str, options: Sequence[tuple[str, str]]) -> str:
        choices = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options)
        return (f'<label>{html.escape(title)}<select data-filter="{name}">'
                f'<option value="">{html.escape(lib["all"])}</option>{choices}</select></label>')

    return "".join([
        f'<form class="pb-library-filters" hidden aria-label="{html.escape(lib["filters"])}">',
        select("category", lib["category"], [(cid, c.label) for cid, c in categories.items()]),
        select("lang", lib["lang"], list(labels["language"].items())),
        select("channel", lib["channel"], [(cid, c.label) for cid, c in channels.items()]),
        f'<output class="pb-library-count" aria-live="polite"></output> '
        f'<span>{html.escape(lib["count"])}</span>',
        "</form>",
    ])


def rules_markdown(rules: Any, triggered_by: Mapping[str, Sequence[str]], labels: Mapping[str, Any],
                   section_url: Callable[[Any], tuple[str, str] | None], example_url: Callable[[str], str]) -> str:
    """The rules reference: one section per category, one entry per rule (anchor = rule id)."""
    text = labels["rules"]
    out: list[str] = []
    for cid, category in rules.categories.items():
        out += [f"## {safe_html.markdown_text(category.label)} {{ #{cid} }}", "", safe_html.block(category.description), ""]
        link = section_url(category)
        if link:
            href, title = link
            out += [f'<p class="pb-rule__section">{html.escape(text["section"])} : '
                    f'<a href="{html.escape(href)}">{html.escape(title)}</a></p>', ""]
        for rule in (r for r in rules.rules if r.category == cid):
            out += _rule(rule, triggered_by.get(rule.id, ()), labels, section_url, example_url)
    return "\n".join(out)


def _rule(rule: Any, examples: Sequence[str], labels: Mapping[str, Any],
          section_url: Callable[[Any], tuple[str, str] | None], example_url: Callable[[str], str]) -> list[str]:
    text = labels["rules"]
    severity = labels["severity"].get(rule.severity, rule.severity)
    languages = ", ".join(labels["language"].get(lang, lang) for lang in rule.languages)
    rows = [
        (text["severity"], html.escape(severity)),
        (text["languages"], html.escape(languages)),
        (text["advice"], html.escape(rule.advice)),
    ]
    if rule.channels:
        rows.append((text["channels"], html.escape(", ".join(rule.channels))))
    link = section_url(rule)
    if link:
        href, title = link
        rows.append((text["section"], f'<a href="{html.escape(href)}">{html.escape(title)}</a>'))
    if examples:
        rows.append((text["examples"], ", ".join(
            f'<a href="{html.escape(example_url(e))}"><code>{html.escape(e)}</code></a>' for e in examples)))
    else:
        rows.append((text["examples"], html.escape(text["no_examples"])))
    body = "".join(f'<tr><th scope="row">{html.escape(k)}</th><td>{v}</td></tr>' for k, v in rows)
    return [f"### `{rule.id}` {{ #{rule.id} }}", "", html.escape(rule.message), "",
            f"<table><tbody>{body}</tbody></table>", ""]
