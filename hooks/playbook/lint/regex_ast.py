"""The one parser of the linter's regexes, into a small tree that every other part reads.

Two dialects share the parser:

- `portable=True`: the subset rule authors write in rules.yml (`pattern`, `signal_patterns`; see
  `syntax.py`). Leaving it raises `SyntaxProblem` with a French message for the author; `$` means
  "end of the text".
- `portable=False`: the Python regexes the engine compiles (phrase regexes from `syntax.py`,
  author patterns after `syntax.compile_pattern`): the subset plus Python's spellings that phrase
  compilation writes (`re.escape`'s `\\&`, `\\x41`, `{,3}`, a brace that starts no quantifier, a
  `]` first in a class). Anything else raises `NotPortable` (English, for `export.py`); `$` is
  Python's `$` (end of text or before a final newline).

The tree (each node is a small frozen dataclass):

    Lit(cp, src)                 one code point, `src` how it was written (`a`, `\\.`, `\\n`)
    Class(negated, items, src)   `[...]`; items are (low, high, low_src, high_src) code points
    Any()                        `.` (everything but `\\n`)
    Anchor(kind)                 "start" `^`, "end" (end of text), "eol" (Python `$`)
    Group(kind, body, number)    kind "(", "(?:", "(?=", "(?!"; `number` for capture groups
    Repeat(body, low, high, quant, lazy)   high None = unbounded; `quant` as written
    Seq(items), Alt(branches)    a group's or pattern's body: Alt only with 2+ branches

Readers: `syntax.check_pattern` (the subset), `redos.problem` (backtracking shapes),
`to_python` (the regex the engine compiles), `to_javascript` (the regex of linter.js, see
`export.py`), `engine.required_strings` (the prefilter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Alt", "Anchor", "Any", "Class", "Group", "Lit", "NotPortable", "Repeat", "Seq",
           "SyntaxProblem", "Unbalanced", "children", "parse", "walk", "to_javascript", "to_python"]


class SyntaxProblem(ValueError):
    """A phrase or pattern that cannot be used; the message is written for the rule's author."""


class NotPortable(ValueError):
    """A Python regex outside what the engine produces (English, for the export)."""


@dataclass(frozen=True, slots=True)
class Lit:
    cp: int
    src: str


@dataclass(frozen=True, slots=True)
class Class:
    negated: bool
    items: tuple  # (low, high, low_src, high_src); high_src None for a single character
    src: str


@dataclass(frozen=True, slots=True)
class Any:
    pass


@dataclass(frozen=True, slots=True)
class Anchor:
    kind: str  # "start", "end" (end of the text), "eol" (Python's $)


@dataclass(frozen=True, slots=True)
class Group:
    kind: str  # "(", "(?:", "(?=", "(?!"
    body: object
    number: int = 0  # capture groups: 1, 2, ...


@dataclass(frozen=True, slots=True)
class Repeat:
    body: object
    low: int
    high: int | None
    quant: str
    lazy: bool = False


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple


@dataclass(frozen=True, slots=True)
class Alt:
    branches: tuple


LOOKAHEADS = ("(?=", "(?!")
END_OF_TEXT_PY = "(?!(?:.|\\n))"  # Python's `$` also matches before a final newline

_SYNTAX_CHARS = set("^$\\.*+?()[]{}|/")
_REJECTED_ESCAPES = {
    "w": "\\w (word character)", "W": "\\W", "b": "\\b (word boundary)", "B": "\\B",
    "d": "\\d (digit)", "D": "\\D", "s": "\\s (space)", "S": "\\S", "A": "\\A", "Z": "\\Z",
    "z": "\\z", "p": "\\p{…}", "P": "\\P{…}", "k": "\\k<…> (backreference)",
}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}
_HEX_WIDTH = {"x": 2, "u": 4, "U": 8}
_QUANT_PORTABLE = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
_QUANT_PYTHON = re.compile(r"\{([0-9]*)(,?)([0-9]*)\}")


class Unbalanced(SyntaxProblem):
    """A portable pattern whose parentheses do not pair up; `tree` is what could be read.

    Raised only after the whole pattern was read, so any other problem is reported first (the
    checker then reports Python's own message for the parentheses, as it always did)."""

    def __init__(self, tree):
        super().__init__("une parenthèse n'a pas sa correspondante")
        self.tree = tree


def parse(source: str, portable: bool = True):
    """The tree of `source`; raises `SyntaxProblem` (portable) or `NotPortable` (see the module)."""
    return _Parser(source, portable).parse()


class _Parser:
    """Recursive descent, left to right: the first problem met is the one reported."""

    def __init__(self, source: str, portable: bool):
        self.src, self.n, self.i = source, len(source), 0
        self.portable = portable
        self.groups = 0
        self.unbalanced = False

    def fail(self, french: str, english: str):
        if self.portable:
            return SyntaxProblem(french)
        return NotPortable(f"cannot translate regex {self.src!r} for JavaScript: {english} at {self.i}")

    def parse(self):
        tree = self.alternation(0)
        if self.unbalanced:
            raise Unbalanced(tree)
        return tree

    def alternation(self, depth: int):
        branches = [self.sequence(depth)]
        while self.i < self.n and self.src[self.i] == "|":
            self.i += 1
            branches.append(self.sequence(depth))
        return branches[0] if len(branches) == 1 else Alt(tuple(branches))

    def sequence(self, depth: int) -> Seq:
        items: list = []
        prev = None  # what precedes: None (nothing to repeat), "atom", "quant" or "lazy"
        src = self.src
        while self.i < self.n:
            ch = src[self.i]
            if ch == "|" or (ch == ")" and depth):
                break
            if ch in "*+?" or (ch == "{" and self.brace_quantifies()):
                prev = self.quantify(items, prev)
                continue
            if ch == ")":  # unbalanced at the top level
                if not self.portable:
                    raise self.fail("", "unbalanced parenthesis")
                self.unbalanced = True
                self.i += 1
                items.append(Lit(ord(")"), ")"))
                prev = "atom"
                continue
            atom = self.atom(depth)
            items.append(atom)
            prev = None if isinstance(atom, Anchor) else "atom"
        return Seq(tuple(items))

    def brace_quantifies(self) -> bool:
        if self.portable:
            return True  # a brace must start a quantifier (quantify says so)
        m = _QUANT_PYTHON.match(self.src, self.i)
        return m is not None and not self.src.startswith("{}", self.i)

    def quantify(self, items: list, prev) -> str:
        ch = self.src[self.i]
        text = ch
        if ch == "{":
            m = (_QUANT_PORTABLE if self.portable else _QUANT_PYTHON).match(self.src, self.i)
            if m is None:
                raise self.fail("« { » doit être échappé (\\{) quand il n'introduit pas un "
                                "quantificateur {m,n}", "brace")
            text = m.group()
        if prev == "quant":
            if ch == "?" and not (self.portable and items[-1].quant == "?"):
                self.i += 1
                last = items[-1]
                items[-1] = Repeat(last.body, last.low, last.high, last.quant, True)
                return "lazy"
            raise self.fail("deux quantificateurs se suivent (quantificateur possessif comme "
                            "« a*+ » ou « a++ ») ; ce n'est pas accepté",
                            "possessive or repeated quantifier")
        if prev != "atom":
            raise self.fail(f"le quantificateur « {ch} » ne s'applique à rien", "quantifier without atom")
        self.i += len(text)
        low, high = _bounds(text)
        items[-1] = Repeat(items[-1], low, high, text)
        return "quant"

    def atom(self, depth: int):
        src = self.src
        ch = src[self.i]
        if ch == "\\":
            return Lit(*self.escape(in_class=False))
        if ch == "[":
            return self.klass()
        if ch == "(":
            return self.group(depth)
        self.i += 1
        if ch == ".":
            return Any()
        if ch == "^":
            return Anchor("start")
        if ch == "$":
            return Anchor("end" if self.portable else "eol")
        if ch in "}]" and self.portable:
            raise SyntaxProblem(f"« {ch} » isolé doit être échappé : \\{ch}")
        return Lit(ord(ch), ch)

    def group(self, depth: int) -> Group:
        src, i = self.src, self.i
        number = 0
        if src.startswith("(?", i):
            kind = src[i:i + 3]
            if kind not in ("(?:", "(?=", "(?!"):
                raise self.fail(_group_problem(src[i + 2:i + 4]), f"group {src[i:i + 4]!r}")
            self.i += 3
        else:
            kind = "("
            self.i += 1
            self.groups += 1
            number = self.groups
        body = self.alternation(depth + 1)
        if self.i >= self.n:
            if not self.portable:
                raise self.fail("", "unbalanced parenthesis")
            self.unbalanced = True
        else:
            self.i += 1  # ")"
        return Group(kind, body, number)

    def escape(self, in_class: bool) -> tuple:
        """(code point, source text) of the escape at self.i."""
        src = self.src
        if self.i + 1 >= self.n:
            raise self.fail("le motif se termine par une barre oblique inverse « \\ » isolée",
                            "trailing backslash")
        nxt = src[self.i + 1]
        if self.portable:
            _check_portable_escape(nxt, in_class)
        elif nxt in _HEX_WIDTH:
            width = _HEX_WIDTH[nxt]
            digits = src[self.i + 2:self.i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise self.fail("", f"malformed \\{nxt} escape")
            self.i += 2 + width
            return int(digits, 16), src[self.i - 2 - width:self.i]
        elif (nxt.isalnum() or nxt == "_") and nxt not in _SIMPLE_ESCAPES:
            raise self.fail("", f"escape \\{nxt} has no portable meaning")
        self.i += 2
        return ord(_SIMPLE_ESCAPES.get(nxt, nxt)), "\\" + nxt

    def klass(self) -> Class:
        src, start = self.src, self.i
        self.i += 1
        negated = src.startswith("^", self.i)
        self.i += negated
        if self.portable and src.startswith("]", self.i):
            raise SyntaxProblem("une classe de caractères vide ou commençant par « ] » n'est pas acceptée")
        items, first = [], True
        while True:
            if self.i >= self.n:
                raise self.fail("une classe de caractères « [ » n'est pas fermée", "unterminated class")
            if src[self.i] == "]" and not first:
                self.i += 1
                return Class(negated, tuple(items), src[start:self.i])
            first = False
            low, low_src = self.class_atom()
            if src.startswith("-", self.i) and self.i + 1 < self.n and src[self.i + 1] != "]":
                self.i += 1
                high, high_src = self.class_atom()
                if high < low and not self.portable:  # portable: Python's message, later
                    raise self.fail("", "bad class range")
                items.append((low, high, low_src, high_src))
            else:
                items.append((low, low, low_src, None))

    def class_atom(self) -> tuple:
        ch = self.src[self.i]
        if ch == "\\":
            return self.escape(in_class=True)
        if ch == "[":
            if self.portable:
                raise SyntaxProblem("« [ » dans une classe de caractères doit être échappé : \\[")
            if self.src.startswith("[:", self.i):
                raise self.fail("", "POSIX class")
        self.i += 1
        return ord(ch), ch


def _check_portable_escape(nxt: str, in_class: bool) -> None:
    if nxt in _REJECTED_ESCAPES:
        raise SyntaxProblem(
            f"« {_REJECTED_ESCAPES[nxt]} » n'est pas accepté (Python et JavaScript ne le lisent "
            "pas pareil) ; écrivez une classe explicite comme [a-z0-9] ou [ ] à la place")
    if nxt.isdigit():
        raise SyntaxProblem("les références arrière (\\1, \\2…) ne sont pas acceptées")
    if nxt == "n" or nxt in _SYNTAX_CHARS or (in_class and nxt == "-"):
        return
    raise SyntaxProblem(
        f"l'échappement « \\{nxt} » n'est pas accepté ; seuls \\n et les caractères spéciaux "
        "des motifs (^ $ \\ . * + ? ( ) [ ] { } | /) peuvent être échappés")


def _group_problem(rest: str) -> str:
    """Why the portable subset refuses a group opening `(?` + `rest` (two characters)."""
    if rest.startswith("<=") or rest.startswith("<!"):
        return "le regard en arrière (?<= …) / (?<! …) n'est pas accepté"
    if rest[:1] in ("P", "<"):
        return "les groupes nommés (?P<nom>…) / (?<nom>…) ne sont pas acceptés ; utilisez (?:…)"
    if rest[:1] == ">":
        return "les groupes atomiques (?>…) ne sont pas acceptés"
    if rest[:1] == "#":
        return "les commentaires (?#…) ne sont pas acceptés ; commentez la règle en YAML"
    return ("les options en ligne comme (?i) ne sont pas acceptées (le texte est déjà "
            "mis en minuscules et sans accents)")


def _bounds(quant: str) -> tuple:
    """(low, high or None) of a quantifier as written (`*`, `{2,}`, Python's `{,3}`...)."""
    if quant in ("*", "+", "?"):
        return {"*": (0, None), "+": (1, None), "?": (0, 1)}[quant]
    low, comma, high = quant[1:-1].partition(",")
    low = int(low) if low else 0
    if not comma:
        return low, low
    return low, int(high) if high else None


# --- walking the tree -----------------------------------------------------------------------------

def children(node) -> tuple:
    if isinstance(node, Seq):
        return node.items
    if isinstance(node, Alt):
        return node.branches
    if isinstance(node, (Group, Repeat)):
        return (node.body,)
    return ()


def walk(node):
    """Every node of the tree, parents before children."""
    yield node
    for child in children(node):
        yield from walk(child)


# --- emitting -------------------------------------------------------------------------------------

def to_python(node) -> str:
    """The Python regex of a tree: each atom as written, `$` of the subset as `END_OF_TEXT_PY`."""
    if isinstance(node, (Lit, Class)):
        return node.src
    if isinstance(node, Seq):
        return "".join(map(to_python, node.items))
    if isinstance(node, Alt):
        return "|".join(map(to_python, node.branches))
    if isinstance(node, Group):
        return node.kind + to_python(node.body) + ")"
    if isinstance(node, Repeat):
        return to_python(node.body) + node.quant + ("?" if node.lazy else "")
    if isinstance(node, Any):
        return "."
    return {"start": "^", "end": END_OF_TEXT_PY, "eol": "$"}[node.kind]


def _u(cp: int) -> str:
    return f"\\u{{{cp:x}}}"


def _js_char(cp: int, src: str, in_class: bool) -> str:
    """One character for JavaScript's "u" mode (which refuses identity escapes of punctuation)."""
    if src.startswith("\\"):
        return src if src[1] in _SIMPLE_ESCAPES else _u(cp)
    if in_class and src == "-":
        return "\\-"
    if not in_class and src in "]}{":
        return "\\" + src
    ch = chr(cp)
    if (ch.isalnum() and cp < 128) or (cp > 127 and ch.isprintable() and not ch.isspace()):
        return ch
    return _u(cp)


def _js_quant(node: Repeat) -> str:
    if node.quant in ("*", "+", "?"):
        text = node.quant
    elif node.high is None:
        text = "*" if node.quant == "{,}" else f"{{{node.low},}}"
    elif node.low == node.high and "," not in node.quant:
        text = f"{{{node.low}}}"
    else:
        text = f"{{{node.low},{node.high}}}"
    return text + ("?" if node.lazy else "")


def to_javascript(node) -> str:
    """The same regex for a JavaScript `RegExp(…, "u")` (see `export.py` for each choice)."""
    if isinstance(node, Lit):
        return _js_char(node.cp, node.src, False)
    if isinstance(node, Class):
        out = ["[^" if node.negated else "["]
        for low, high, low_src, high_src in node.items:
            out.append(_js_char(low, low_src, True))
            if high_src is not None:
                out.append("-" + _js_char(high, high_src, True))
        return "".join(out) + "]"
    if isinstance(node, Seq):
        return "".join(map(to_javascript, node.items))
    if isinstance(node, Alt):
        return "|".join(map(to_javascript, node.branches))
    if isinstance(node, Group):
        return node.kind + to_javascript(node.body) + ")"
    if isinstance(node, Repeat):
        body = to_javascript(node.body)
        if isinstance(node.body, Group) and node.body.kind in LOOKAHEADS:
            body = f"(?:{body})"  # JavaScript's "u" mode only repeats a group around a lookahead
        return body + _js_quant(node)
    if isinstance(node, Any):
        return "[^\\n]"
    return {"start": "^", "end": "$", "eol": "(?=\\n?$)"}[node.kind]
