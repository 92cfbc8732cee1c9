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

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from playbook import safe_html, templating
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
    return templating.render("library-item.html", m=message)


def _filters(categories: Mapping[str, Any], channels: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    lib = labels["library"]
    selects = [
        {"name": "category", "title": lib["category"], "options": [(cid, c.label) for cid, c in categories.items()]},
        {"name": "lang", "title": lib["lang"], "options": list(labels["language"].items())},
        {"name": "channel", "title": lib["channel"], "options": [(cid, c.label) for cid, c in channels.items()]},
    ]
    return templating.render("library-filters.html", lib=lib, selects=selects)


def rules_markdown(rules: Any, triggered_by: Mapping[str, Sequence[str]], labels: Mapping[str, Any],
                   section_url: Callable[[Any], tuple[str, str] | None], example_url: Callable[[str], str],
                   example_title: Callable[[str], str] | None = None) -> str:
    """The rules reference: one section per category, one entry per rule (anchor = rule id).
    Examples are named by `example_title` (the message's title; the reader never sees an id),
    by their id without it."""
    text = labels["rules"]
    out: list[str] = []
    for cid, category in rules.categories.items():
        out += [f"## {safe_html.markdown_text(category.label)} {{ #{cid} }}", "", safe_html.block(category.description), ""]
        link = section_url(category)
        if link:
            out += [templating.render("rules-section.html", text=text, href=link[0], title=link[1]), ""]
        for rule in (r for r in rules.rules if r.category == cid):
            out += _rule(rule, triggered_by.get(rule.id, ()), labels, section_url, example_url,
                         {ch: c.label for ch, c in rules.channels.items()},
                         example_title or (lambda message_id: message_id))
    return "\n".join(out)


def rule_title(message: str) -> str:
    """A rule's heading: its message up to the first « : » (the explanation follows), without a
    final full stop. `Formule toute faite sur le « profil » : elle pourrait…` gives
    `Formule toute faite sur le « profil »`. A « : » inside brackets or guillemets (`« Re : »`,
    `(… le montrer : « … »)`) belongs to the heading."""
    depth, head = 0, message
    for index, char in enumerate(message):
        if char in "(«":
            depth += 1
        elif char in ")»":
            depth = max(depth - 1, 0)
        elif depth == 0 and message.startswith(" : ", index):
            head = message[:index]
            break
    head = head.strip()
    return (head[:-1] if head.endswith(".") and not head.endswith("..") else head) or message


def _rule(rule: Any, examples: Sequence[str], labels: Mapping[str, Any],
          section_url: Callable[[Any], tuple[str, str] | None], example_url: Callable[[str], str],
          channel_labels: Mapping[str, str], example_title: Callable[[str], str]) -> list[str]:
    return [templating.render(
        "rule.md", rule=rule, text=labels["rules"], section=section_url(rule),
        title=safe_html.markdown_text(rule_title(rule.message)),
        channels=[channel_labels.get(c, c) for c in rule.channels],
        severity=labels["severity"].get(rule.severity, rule.severity),
        languages=[labels["language"].get(lang, lang) for lang in rule.languages],
        examples=[(example_url(e), example_title(e)) for e in examples]), ""]
