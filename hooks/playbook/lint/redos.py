"""Patterns whose shape makes a backtracking engine (Python `re`, JavaScript `RegExp`) slow.

A rule's `pattern` runs in CI on every example, in `playbook lint` and in the reader's browser:
one like `(?:[a-z]+[ ,]*)+!!+$` takes minutes on a sentence, and nothing would say why. Both
engines backtrack, so the checker refuses the three shapes that make them super-linear:

1. nested variable repetitions: a repeated group (`*`, `+`, `{m,}`, or up to 3 or more times)
   holding something itself repeated a variable number of times, as in `(a+)+` or `(?:x*y?)*`;
2. an alternation repeated without bound whose branches can start with the same character, as in
   `(a|ab)*`: each character can be read by either branch;
3. two variable repetitions in a row that can read the same characters, the second unbounded,
   as in `[a-z]*[a-z]+` or `a*a*`: every split between them is tried.

It walks the tree of `regex_ast.parse` (the portable subset that `syntax.check_pattern` accepts).
`problem(tree)` returns a French explanation, or None. tests/test_lint_redos.py runs every
accepted pattern of rules.yml on 20,000-character inputs built to provoke backtracking, in both
engines.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import regex_ast
from .regex_ast import LOOKAHEADS, Alt, Anchor, Any, Class, Group, Lit, Repeat, Seq, children, walk

__all__ = ["problem"]

INF = float("inf")


@dataclass(frozen=True)
class Chars:
    """A set of characters: `chars` or, when `negated`, everything but `chars`."""

    chars: frozenset
    negated: bool = False

    def overlaps(self, other: "Chars") -> bool:
        if self.negated and other.negated:
            return True
        if self.negated:
            return bool(other.chars - self.chars)
        if other.negated:
            return bool(self.chars - other.chars)
        return bool(self.chars & other.chars)


ANY = Chars(frozenset("\n"), negated=True)
NOTHING = Chars(frozenset())


def problem(tree) -> str | None:
    """Why the pattern of `tree` (`regex_ast.parse`, portable) could make a regex engine backtrack
    for a long time, or None. A string is parsed first (None when it is not in the subset)."""
    if isinstance(tree, str):
        try:
            tree = regex_ast.parse(tree)
        except ValueError:
            return None  # not the subset: check_pattern reports it
    return _check(tree)


# --- analysis of the tree -------------------------------------------------------------------------
#
# Groups "(" and "(?:" are transparent (the analysis sees their body: an Alt when it has several
# branches, else a Seq); lookaheads consume nothing.

def _inner(node):
    while isinstance(node, Group) and node.kind not in LOOKAHEADS:
        node = node.body
    return node


def _variable(node) -> bool:
    node = _inner(node)
    return isinstance(node, Repeat) and (node.high is None or node.high > node.low)


def _high(node: Repeat) -> float:
    return INF if node.high is None else node.high


def _contains_variable_repeat(node) -> bool:
    return any(_variable(child) for child in walk(node))


def _first(node) -> Chars:
    """The characters `node` can start with (over-approximated)."""
    node = _inner(node)
    if isinstance(node, (Lit, Class, Any)):
        return _chars(node)
    if isinstance(node, (Group, Anchor)):  # a lookahead or an anchor
        return NOTHING
    if isinstance(node, Alt):
        return _union([_first(child) for child in node.branches])
    if isinstance(node, Repeat):
        return _first(node.body)
    found = []
    for child in node.items:  # seq: up to and including the first item that must read a character
        found.append(_first(child))
        if not _nullable(child):
            break
    return _union(found)


def _chars(node) -> Chars:
    if isinstance(node, Any):
        return ANY
    if isinstance(node, Lit):
        return Chars(frozenset(chr(node.cp)))
    chars = set()
    for low, high, _low_src, _high_src in node.items:
        chars.update(map(chr, range(low, high + 1)))
    return Chars(frozenset(chars), node.negated)


def _nullable(node) -> bool:
    node = _inner(node)
    if isinstance(node, (Group, Anchor)):
        return True
    if isinstance(node, (Lit, Class, Any)):
        return False
    if isinstance(node, Alt):
        return any(_nullable(child) for child in node.branches)
    if isinstance(node, Repeat):
        return node.low == 0 or _nullable(node.body)
    return all(_nullable(child) for child in node.items)


def _union(sets: list[Chars]) -> Chars:
    positive = frozenset().union(*(s.chars for s in sets if not s.negated))
    negated = [s for s in sets if s.negated]
    if not negated:
        return Chars(positive)
    excluded = frozenset.intersection(*(s.chars for s in negated)) - positive
    return Chars(excluded, negated=True)


def _check(node) -> str | None:
    node = _inner(node)
    if isinstance(node, Repeat):
        found = _check_repeat(node)
        if found:
            return found
    if isinstance(node, Seq):
        items = [_inner(item) for item in node.items]
        for before, after in zip(items, items[1:]):
            if (_variable(before) and _variable(after) and after.high is None
                    and _first(before.body).overlaps(_first(after.body))):
                return ("deux répétitions qui se suivent lisent les mêmes caractères (comme "
                        "[a-z]*[a-z]+) ; la recherche essaie toutes les façons de les partager : "
                        "gardez-en une seule")
    for child in children(node):
        found = _check(child)
        if found:
            return found
    return None


def _check_repeat(node: Repeat) -> str | None:
    body = _inner(node.body)
    high = _high(node)
    if high > node.low and high >= 3 and _contains_variable_repeat(body):
        return ("des quantificateurs imbriqués (un groupe répété qui contient lui-même une "
                "répétition, comme (a+)+ ou (?:[a-z]+ ?)*) peuvent bloquer la recherche ; "
                "répétez un seul niveau, par exemple [a-z ]+ au lieu de (?:[a-z]+ ?)+")
    if node.high is None and isinstance(body, Alt):
        starts = [_first(branch) for branch in body.branches]
        for i, one in enumerate(starts):
            if any(one.overlaps(other) for other in starts[i + 1:]):
                return ("dans un groupe répété sans limite, deux alternatives commencent par les "
                        "mêmes caractères (comme (a|ab)*) ; la recherche peut les essayer dans tous "
                        "les ordres : factorisez le début commun ou bornez la répétition")
    return None
