"""The two matching languages of rules.yml: the phrase syntax and the portable regex subset.

Phrases (used by `phrases`, `near`, `absent`, `unless`) are what consultants write most. A phrase
is a sequence of tokens separated by spaces; it is normalised like the messages (lowercase, no
accents, typographic apostrophes → `'`), so `Réseau` and `reseau` are the same token.

- `word`      the word itself, exactly;
- `word*`     a stem: the word and any ending (`relanc*` → relance, relancer, relançons…);
- `a|b|c`     one of several words (each may be a stem: `vu|lu|découv*`);
- `word?`     an optional token (`?` after the token; it applies to all its alternatives);
- `(a b|c d)` a group of alternatives that may each be several tokens (`(en parcourant|au fil de)`);
              it may be optional too: `(tout simplement)?`;
- `~N`        up to N arbitrary words (0 ≤ N ≤ 9) between the tokens around it;
- `#`         a number (`12`, `4,5`, `1.000`).

Between two tokens, the message may have any run of non-word characters: spaces, line breaks,
punctuation, apostrophes, emoji. Inside a token, `'` and `-` also stand for such a run (`j'ai`
matches "j’ai" and "j' ai"); other punctuation is literal (`cal.com`). A phrase only matches whole
words: the engine adds the word boundaries (see `engine.py`).

Regex patterns (`pattern`, `signal_patterns`) use a subset that Python `re` and JavaScript
`RegExp(…, "u")` read the same way: literals, `.`, character classes `[...]`, groups `(...)` and
`(?:...)`, alternation `|`, quantifiers `? * + {m} {m,} {m,n}` (optionally lazy with `?`), `^`
(start of the text), `$` (end of the text), lookahead `(?=...)` / `(?!...)`, `\\n`, and escapes of
the regex syntax characters `^ $ \\ . * + ? ( ) [ ] { } | /` (and `\\-` inside a class). Anything
else is rejected with a clear message. The subset is read by `regex_ast.parse`, whose tree the
ReDoS check, the prefilter and the Python and JavaScript emitters share.
"""

from __future__ import annotations

import re

from . import redos, regex_ast
from .normalize import WORD_CLASS, is_word_char, normalize

W = f"[{WORD_CLASS}]"
NOT_W = f"[^{WORD_CLASS}]"
SEP = f"{NOT_W}+"
NUMBER = "[0-9]+(?:[.,][0-9]+)*"

SyntaxProblem = regex_ast.SyntaxProblem  # raised for phrases and patterns; the message is for the author


def check_pattern(pattern: str) -> None:
    """Raise `SyntaxProblem` when `pattern` leaves the portable regex subset.

    In order: the first problem of the subset met reading left to right (`regex_ast.parse`),
    capitals, a shape that backtracks (`redos`), then what Python itself refuses (unbalanced
    parentheses, reversed ranges...) and a pattern that matches the empty text.
    """
    try:
        tree = regex_ast.parse(pattern)
    except regex_ast.Unbalanced as exc:
        tree, balanced = exc.tree, False
    else:
        balanced = True
    if _has_capitals(tree):
        raise SyntaxProblem(
            "le motif contient des majuscules ; le texte est mis en minuscules avant la recherche, "
            "écrivez le motif en minuscules")
    slow = redos.problem(tree) if balanced else None
    if slow:
        raise SyntaxProblem(slow)
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise SyntaxProblem(f"motif invalide : {exc}") from None
    if compiled.match(""):
        raise SyntaxProblem("le motif peut correspondre à un texte vide ; il trouverait des fautes partout")


def _has_capitals(tree) -> bool:
    """Whether a character written as is (not escaped) is an ASCII capital."""
    for node in regex_ast.walk(tree):
        if isinstance(node, regex_ast.Lit):
            written = [node.src]
        elif isinstance(node, regex_ast.Class):
            written = [src for item in node.items for src in item[2:] if src]
        else:
            continue
        if any(len(src) == 1 and "A" <= src <= "Z" for src in written):
            return True
    return False


def compile_pattern(pattern: str) -> str:
    """Turn a checked pattern into the regex the engine runs: normalised, `$` = end of text.

    Python's `$` also matches before a final newline; `regex_ast.to_python` writes the subset's `$`
    as `(?!(?:.|\\n))` so that it means "end of the text" as in JavaScript.
    """
    return regex_ast.to_python(regex_ast.parse(normalize(pattern)))


# --- phrases ------------------------------------------------------------------------------------

_GAP_RE = re.compile(r"~([0-9])$")


class Phrase:
    """One compiled phrase: its regex source and the gate keys of its first token.

    Gate keys let the engine skip a rule cheaply: a phrase can only match if the message contains a
    word equal to one of its `literal` keys, or starting with one of its `stem` keys (the first
    word-piece of the alternatives of one mandatory token, chosen to be selective). `open` is True
    when no token can serve (numbers, punctuation), in which case no gate applies.

    `gates` holds the (literal, stem) keys of EVERY mandatory token that can serve (the chosen one
    included): each is a necessary condition like the chosen one, so the engine may require them
    all (speed only; they are not exported and a port need not use them).
    """

    __slots__ = ("source", "regex", "literal", "stem", "open", "gates")

    def __init__(self, source: str, regex: str, literal: set, stem: set, open_: bool, gates: tuple = ()):
        self.source, self.regex, self.literal, self.stem, self.open = source, regex, literal, stem, open_
        self.gates = gates


def _alt_regex(alt: str) -> tuple[str, str, bool, bool]:
    """Regex for one alternative of a token, plus (first word-piece, is_stem_key, is_open)."""
    if len(alt) > 1 and alt[-1] in "'-":
        alt = alt.rstrip("'-") or alt  # a trailing elision mark is just a separator: d' = d
    stem = alt.endswith("*")
    if stem:
        alt = alt[:-1]
        if not alt:
            raise SyntaxProblem("« * » doit suivre le début d'un mot (par exemple relanc*)")
    if "*" in alt:
        raise SyntaxProblem(f"« * » n'est permis qu'en fin de mot, pas dans « {alt}* »")
    parts = []
    for ch in alt:
        if is_word_char(ch):
            parts.append(ch)
        elif ch in "'-":
            if parts and parts[-1] == SEP:
                continue
            parts.append(SEP)
        elif ch in "?~#|()":
            raise SyntaxProblem(f"le caractère « {ch} » est mal placé dans « {alt} »")
        else:
            parts.append(re.escape(ch) if ch not in "/" else "/")
    regex = "".join(parts)
    if stem:
        regex += f"{W}*"
    # gate key: the leading run of word characters
    lead = []
    for ch in alt:
        if not is_word_char(ch):
            break
        lead.append(ch)
    key = "".join(lead)
    is_open = not key or key[0].isdigit()
    whole_word_is_key = len(key) == len(alt)
    return regex, key, stem and whole_word_is_key, is_open


def _split_tokens(text: str) -> list[str]:
    """Split a phrase on spaces, keeping parenthesised groups (which may contain spaces) whole."""
    tokens, current, depth = [], [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise SyntaxProblem("une parenthèse fermante « ) » n'a pas d'ouvrante")
        if ch.isspace() and depth == 0:
            if current:
                tokens.append("".join(current))
                current = []
            continue
        current.append(ch)
    if depth:
        raise SyntaxProblem("une parenthèse « ( » n'est pas fermée")
    if current:
        tokens.append("".join(current))
    return tokens


def _split_top(text: str, sep: str = "|") -> list[str]:
    parts, current, depth = [], [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _best(candidates: list) -> tuple[set, set, bool]:
    """The most selective gate among mandatory tokens: the one whose shortest key is longest."""
    best, best_score = (set(), set(), True), -1
    for literal, stems, is_open in candidates:
        if is_open or not (literal or stems):
            continue
        score = min(len(k) for k in literal | stems)
        if score > best_score:
            best, best_score = (literal, stems, False), score
    return best


def _compile_token(token: str) -> tuple[str, set, set, bool]:
    """Regex and gate keys (literal words, stems, open) of one token (its `?` already removed)."""
    literal: set = set()
    stems: set = set()
    is_open = False
    if token.startswith("(") and token.endswith(")"):
        alts = _split_top(token[1:-1])
        if any(not a.strip() for a in alts):
            raise SyntaxProblem(f"« {token} » : une alternative est vide")
        regexes = []
        for alt in alts:
            sub_regex, sub_lit, sub_stems, sub_open = _compile_seq(_split_tokens(alt))
            regexes.append(sub_regex)
            literal |= sub_lit
            stems |= sub_stems
            is_open = is_open or sub_open
        body = "(?:" + "|".join(regexes) + ")"
    elif "(" in token or ")" in token:
        raise SyntaxProblem(f"« {token} » : une parenthèse doit entourer tout un groupe, par exemple (en parcourant|en consultant)")
    elif token == "#":
        body = NUMBER
        is_open = True
    else:
        alts = token.split("|")
        if any(not a for a in alts):
            raise SyntaxProblem(f"« {token} » : une alternative est vide (deux « | » de suite ?)")
        regexes = []
        for alt in alts:
            regex, key, stem_key, alt_open = _alt_regex(alt)
            regexes.append(regex)
            if alt_open:
                is_open = True
            elif stem_key:
                stems.add(key)
            else:
                literal.add(key)
        body = regexes[0] if len(regexes) == 1 else "(?:" + "|".join(regexes) + ")"
    return body, literal, stems, is_open


def _compile_seq(tokens: list[str], all_gates: list | None = None) -> tuple[str, set, set, bool]:
    """Regex and gate keys (literal words, stems, open) of a token sequence.

    The gate keys come from one mandatory token (the most selective): a match is only possible
    when the message has a word equal to one of its literal keys or starting with one of its stems.
    When `all_gates` is a list, the (literal, stems) of every mandatory token that can serve as a
    gate are appended to it.
    """
    pieces: list[str] = []
    candidates: list = []
    for index, token in enumerate(tokens):
        gap = _GAP_RE.match(token)
        if gap or token.startswith("~"):
            if not gap:
                raise SyntaxProblem(f"« {token} » : écrivez ~ suivi d'un chiffre, par exemple ~3")
            if index == 0 or index == len(tokens) - 1:
                raise SyntaxProblem("~N doit se trouver entre deux mots, pas au début ni à la fin")
            pieces.append(f"(?:{SEP}{W}+){{0,{gap.group(1)}}}")
            continue
        optional = token.endswith("?") and len(token) > 1
        if optional:
            token = token[:-1]
            if index == 0:
                raise SyntaxProblem("le premier mot d'une expression ne peut pas être facultatif (?)")
        body, literal, stems, is_open = _compile_token(token)
        if not optional:
            candidates.append((literal, stems, is_open))
        if index == 0:
            pieces.append(body)
        else:
            pieces.append(f"(?:{SEP}{body})" + ("?" if optional else ""))
    if not pieces:
        raise SyntaxProblem("une expression est vide")
    if all_gates is not None:
        all_gates.extend((lit, st) for lit, st, op in candidates if not op and (lit or st))
    literal, stems, is_open = _best(candidates)
    return "".join(pieces), literal, stems, is_open


def compile_phrase(phrase: str) -> Phrase:
    """Compile one phrase (see the module docstring) into a `Phrase`; raise `SyntaxProblem`."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise SyntaxProblem("une expression est vide")
    text = normalize(phrase.strip())
    gates: list = []
    regex, literal, stems, is_open = _compile_seq(_split_tokens(text), gates)
    return Phrase(phrase, regex, literal, stems, is_open,
                  () if is_open else tuple((frozenset(lit), frozenset(st)) for lit, st in gates))
