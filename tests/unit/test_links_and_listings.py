"""Plain functions behind the hook: notebook link rewriting, rule links, library helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from playbook.library_pages import link_errors, primary_category, rule_title, triggered_by
from playbook.links import rewrite_page_links

PAGES = {"reseau/diffusion.md": "../reseau/diffusion.html", "index.md": "../index.html"}


def test_relative_page_links_become_built_urls_and_missing_ones_are_returned():
    html = ('<a href="../reseau/diffusion.md#cercles">a</a> <a href="../index.md">b</a> '
            '<a href="https://x.org/a.md">c</a> <a href="#local">d</a> <a href="../nulle-part.md">e</a>')
    out, missing = rewrite_page_links(html, "analyses/chiffres.ipynb", PAGES.get)
    assert '<a href="../reseau/diffusion.html#cercles">a</a>' in out
    assert '<a href="../index.html">b</a>' in out
    assert 'href="https://x.org/a.md"' in out and 'href="#local"' in out
    assert missing == ["../nulle-part.md"] and 'href="../nulle-part.md"' in out


@dataclass
class Rule:
    id: str
    category: str
    link: str
    line: int


@dataclass
class Category:
    id: str
    link: str


@dataclass
class Rules:
    rules: list
    categories: dict
    by_id: dict = field(default_factory=dict)


RULES = Rules(
    rules=[Rule("a", "generic", "p.md#ok", 10), Rule("b", "generic", "p.md#nope", 20), Rule("c", "hard-sell", "q.md", 30)],
    categories={"generic": Category("generic", "p.md"), "hard-sell": Category("hard-sell", "")},
)
RULES.by_id = {r.id: r for r in RULES.rules}


def test_rule_links_to_missing_pages_or_headings_name_the_rule_and_line():
    errors = link_errors(RULES, {"p.md"}, {"p.md": {"ok"}})
    assert [(e.line, e.problem) for e in errors] == [
        (20, "règle `b` : `p.md` n'a pas de titre `#nope`."),
        (30, "règle `c` renvoie à `q.md`, qui n'est pas une page du site."),
    ]


@dataclass
class Message:
    id: str
    expect: tuple = ()


@dataclass
class Finding:
    rule: str
    category: str


def test_primary_category_prefers_what_the_example_expects():
    assert primary_category(Message("m", ("b",)), RULES, []) == "generic"
    assert primary_category(Message("m", ("hard-sell", "generic")), RULES, []) == "hard-sell"
    assert primary_category(Message("m"), RULES, [Finding("c", "hard-sell")]) == "hard-sell"
    assert primary_category(Message("m"), RULES, []) is None


def test_triggered_by_lists_each_example_once_per_rule():
    found = {"y": [Finding("a", "generic"), Finding("a", "generic")], "x": [Finding("a", "generic"), Finding("c", "hard-sell")]}
    assert triggered_by(found) == {"a": ["x", "y"], "c": ["x"]}


def test_rule_title_stops_at_the_first_colon_outside_brackets_and_guillemets():
    assert rule_title("Formule toute faite sur le « profil » : elle pourrait s'adresser à tous.") \
        == "Formule toute faite sur le « profil »"
    assert rule_title("« Re : » ou « TR : » fait croire à un échange.") == "« Re : » ou « TR : » fait croire à un échange"
    assert rule_title("Présentation (ce qu'il fait : « show you how ») avant tout échange.") \
        == "Présentation (ce qu'il fait : « show you how ») avant tout échange"
    assert rule_title("Relance longue ; une relance se lit vite.") == "Relance longue ; une relance se lit vite"
