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

It reads patterns that `syntax.check_pattern` accepted (the portable subset), into a small tree.
`problem(pattern)` returns a French explanation, or None. tests/test_lint_redos.py runs every
accepted pattern of rules.yml on 20,000-character inputs built to provoke backtracking, in both
engines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class Node:
    kind: str  # "chars", "seq", "alt", "repeat", "look", "anchor"
    chars: Chars | None = None
    items: list = field(default_factory=list)
    low: float = 1
    high: float = 1


def problem(pattern: str) -> str | None:
    """Why `pattern` could make a regex engine backtrack for a long time, or None."""
    try:
        tree = _Parser(pattern).parse()
    except (IndexError, ValueError):
        return None  # not the subset: check_pattern reports it
    return _check(tree)


# --- analysis -----------------------------------------------------------------------------------

def _variable(node: Node) -> bool:
    return node.kind == "repeat" and node.high > node.low


def _contains_variable_repeat(node: Node) -> bool:
    if _variable(node):
        return True
    return any(_contains_variable_repeat(child) for child in node.items)


def _first(node: Node) -> Chars:
    """The characters `node` can start with (over-approximated)."""
    if node.kind == "chars":
        return node.chars
    if node.kind in ("look", "anchor"):
        return NOTHING
    if node.kind == "alt":
        return _union([_first(child) for child in node.items])
    if node.kind == "repeat":
        return _first(node.items[0])
    found = []
    for child in node.items:  # seq: up to and including the first item that must read a character
        found.append(_first(child))
        if not _nullable(child):
            break
    return _union(found)


def _nullable(node: Node) -> bool:
    if node.kind in ("look", "anchor"):
        return True
    if node.kind == "chars":
        return False
    if node.kind == "alt":
        return any(_nullable(child) for child in node.items)
    if node.kind == "repeat":
        return node.low == 0 or _nullable(node.items[0])
    return all(_nullable(child) for child in node.items)


def _union(sets: list[Chars]) -> Chars:
    positive = frozenset().union(*(s.chars for s in sets if not s.negated))
    negated = [s for s in sets if s.negated]
    if not negated:
        return Chars(positive)
    excluded = frozenset.intersection(*(s.chars for s in negated)) - positive
    return Chars(excluded, negated=True)


def _check(node: Node) -> str | None:
    if node.kind == "repeat":
        body = node.items[0]
        if node.high > node.low and node.high >= 3 and _contains_variable_repeat(body):
            return ("des quantificateurs imbriqués (un groupe répété qui contient lui-même une "
                    "répétition, comme (a+)+ ou (?:[a-z]+ ?)*) peuvent bloquer la recherche ; "
                    "répétez un seul niveau, par exemple [a-z ]+ au lieu de (?:[a-z]+ ?)+")
        if node.high == INF and body.kind == "alt":
            starts = [_first(branch) for branch in body.items]
            for i, one in enumerate(starts):
                if any(one.overlaps(other) for other in starts[i + 1:]):
                    return ("dans un groupe répété sans limite, deux alternatives commencent par les "
                            "mêmes caractères (comme (a|ab)*) ; la recherche peut les essayer dans tous "
                            "les ordres : factorisez le début commun ou bornez la répétition")
    if node.kind == "seq":
        items = node.items
        for before, after in zip(items, items[1:]):
            if (_variable(before) and _variable(after) and after.high == INF
                    and _first(before.items[0]).overlaps(_first(after.items[0]))):
                return ("deux répétitions qui se suivent lisent les mêmes caractères (comme "
                        "[a-z]*[a-z]+) ; la recherche essaie toutes les façons de les partager : "
                        "gardez-en une seule")
    for child in node.items:
        found = _check(child)
        if found:
            return found
    return None


# --- parser (the subset of syntax.check_pattern) ------------------------------------------------

class _Parser:
    def __init__(self, pattern: str) -> None:
        self.p = pattern
        self.i = 0

    def parse(self) -> Node:
        node = self._alternation()
        if self.i != len(self.p):
            raise ValueError("unbalanced")
        return node

    def _alternation(self) -> Node:
        branches = [self._sequence()]
        while self.i < len(self.p) and self.p[self.i] == "|":
            self.i += 1
            branches.append(self._sequence())
        return branches[0] if len(branches) == 1 else Node("alt", items=branches)

    def _sequence(self) -> Node:
        items = []
        while self.i < len(self.p) and self.p[self.i] not in "|)":
            atom = self._atom()
            items.append(self._quantified(atom))
        return Node("seq", items=items)

    def _quantified(self, atom: Node) -> Node:
        p = self.p
        if self.i >= len(p) or atom.kind in ("anchor",):
            return atom
        ch = p[self.i]
        if ch in "*+?":
            self.i += 1
            low, high = {"*": (0, INF), "+": (1, INF), "?": (0, 1)}[ch]
        elif ch == "{":
            end = p.index("}", self.i)
            low_text, _, high_text = p[self.i + 1:end].partition(",")
            low = int(low_text)
            high = low if "," not in p[self.i:end] else (int(high_text) if high_text else INF)
            self.i = end + 1
        else:
            return atom
        if self.i < len(p) and p[self.i] == "?":
            self.i += 1  # lazy: same backtracking, other order
        return Node("repeat", items=[atom], low=low, high=high)

    def _atom(self) -> Node:
        p = self.p
        ch = p[self.i]
        if ch == "(":
            look = p.startswith("(?=", self.i) or p.startswith("(?!", self.i)
            self.i += 3 if p.startswith("(?", self.i) else 1
            inner = self._alternation()
            if p[self.i] != ")":
                raise ValueError("unclosed group")
            self.i += 1
            return Node("look", items=[inner]) if look else inner
        if ch in "^$":
            self.i += 1
            return Node("anchor")
        if ch == "[":
            return self._class()
        if ch == ".":
            self.i += 1
            return Node("chars", chars=ANY)
        if ch == "\\":
            escaped = p[self.i + 1]
            self.i += 2
            return Node("chars", chars=Chars(frozenset("\n" if escaped == "n" else escaped)))
        self.i += 1
        return Node("chars", chars=Chars(frozenset(ch)))

    def _class(self) -> Node:
        p = self.p
        self.i += 1
        negated = p[self.i] == "^"
        if negated:
            self.i += 1
        chars: set[str] = set()
        previous = None
        while p[self.i] != "]":
            ch = p[self.i]
            if ch == "\\":
                ch = "\n" if p[self.i + 1] == "n" else p[self.i + 1]
                self.i += 2
            elif ch == "-" and previous is not None and p[self.i + 1] != "]":
                end = p[self.i + 1]
                if end == "\\":
                    end = "\n" if p[self.i + 2] == "n" else p[self.i + 2]
                    self.i += 1
                self.i += 2
                chars.update(chr(c) for c in range(ord(previous), ord(end) + 1))
                previous = None
                continue
            else:
                self.i += 1
            chars.add(ch)
            previous = ch
        self.i += 1
        return Node("chars", chars=Chars(frozenset(chars), negated))
