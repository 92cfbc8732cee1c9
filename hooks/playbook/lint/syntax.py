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
else is rejected with a clear message.
"""

from __future__ import annotations

import re

from . import redos
from .normalize import WORD_CLASS, is_word_char, normalize

W = f"[{WORD_CLASS}]"
NOT_W = f"[^{WORD_CLASS}]"
SEP = f"{NOT_W}+"
NUMBER = "[0-9]+(?:[.,][0-9]+)*"

_SYNTAX_CHARS = set("^$\\.*+?()[]{}|/")
_REJECTED_ESCAPES = {
    "w": "\\w (word character)", "W": "\\W", "b": "\\b (word boundary)", "B": "\\B",
    "d": "\\d (digit)", "D": "\\D", "s": "\\s (space)", "S": "\\S", "A": "\\A", "Z": "\\Z",
    "z": "\\z", "p": "\\p{…}", "P": "\\P{…}", "k": "\\k<…> (backreference)",
}
_QUANT_RE = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")


class SyntaxProblem(ValueError):
    """A phrase or pattern that cannot be used; the message is written for the rule's author."""


def check_pattern(pattern: str) -> None:
    """Raise `SyntaxProblem` when `pattern` leaves the portable regex subset."""
    i, n = 0, len(pattern)
    in_class = False
    after_quantifier = False  # the previous item was a quantifier (for lazy / possessive)
    after_atom = False  # something a quantifier can apply to precedes
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            if i + 1 >= n:
                raise SyntaxProblem("le motif se termine par une barre oblique inverse « \\ » isolée")
            nxt = pattern[i + 1]
            if nxt in _REJECTED_ESCAPES:
                raise SyntaxProblem(
                    f"« {_REJECTED_ESCAPES[nxt]} » n'est pas accepté (Python et JavaScript ne le lisent "
                    "pas pareil) ; écrivez une classe explicite comme [a-z0-9] ou [ ] à la place")
            if nxt.isdigit():
                raise SyntaxProblem("les références arrière (\\1, \\2…) ne sont pas acceptées")
            if nxt == "n" or nxt in _SYNTAX_CHARS or (in_class and nxt == "-"):
                i += 2
                after_quantifier, after_atom = False, True
                continue
            raise SyntaxProblem(
                f"l'échappement « \\{nxt} » n'est pas accepté ; seuls \\n et les caractères spéciaux "
                "des motifs (^ $ \\ . * + ? ( ) [ ] { } | /) peuvent être échappés")
        if in_class:
            if ch == "[":
                raise SyntaxProblem("« [ » dans une classe de caractères doit être échappé : \\[")
            if ch == "]":
                in_class = False
                after_atom = True
            i += 1
            continue
        if ch == "[":
            in_class = True
            after_quantifier = False
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                raise SyntaxProblem("une classe de caractères vide ou commençant par « ] » n'est pas acceptée")
            continue
        if ch == "(":
            if pattern.startswith("(?", i):
                rest = pattern[i + 2:i + 4]
                if rest[:1] in (":", "=", "!"):
                    i += 3
                elif rest.startswith("<=") or rest.startswith("<!"):
                    raise SyntaxProblem("le regard en arrière (?<= …) / (?<! …) n'est pas accepté")
                elif rest[:1] in ("P", "<"):
                    raise SyntaxProblem("les groupes nommés (?P<nom>…) / (?<nom>…) ne sont pas acceptés ; utilisez (?:…)")
                elif rest[:1] == ">":
                    raise SyntaxProblem("les groupes atomiques (?>…) ne sont pas acceptés")
                elif rest[:1] == "#":
                    raise SyntaxProblem("les commentaires (?#…) ne sont pas acceptés ; commentez la règle en YAML")
                else:
                    raise SyntaxProblem(
                        "les options en ligne comme (?i) ne sont pas acceptées (le texte est déjà "
                        "mis en minuscules et sans accents)")
            else:
                i += 1
            after_quantifier, after_atom = False, False
            continue
        if ch in "*+?{":
            if ch == "{":
                m = _QUANT_RE.match(pattern, i)
                if not m:
                    raise SyntaxProblem("« { » doit être échappé (\\{) quand il n'introduit pas un quantificateur {m,n}")
                length = m.end() - i
            else:
                length = 1
            if after_quantifier:
                if ch == "?" and pattern[i - 1] != "?":
                    i += 1  # lazy marker
                    after_quantifier = False
                    continue
                raise SyntaxProblem(
                    "deux quantificateurs se suivent (quantificateur possessif comme « a*+ » ou « a++ ») ; "
                    "ce n'est pas accepté")
            if not after_atom:
                raise SyntaxProblem(f"le quantificateur « {ch} » ne s'applique à rien")
            i += length
            after_quantifier, after_atom = True, False
            continue
        if ch in "}]":
            raise SyntaxProblem(f"« {ch} » isolé doit être échappé : \\{ch}")
        if ch in "|":
            after_quantifier, after_atom = False, False
        elif ch in "^$":
            after_quantifier, after_atom = False, False
        else:
            after_quantifier, after_atom = False, True
        i += 1
    if in_class:
        raise SyntaxProblem("une classe de caractères « [ » n'est pas fermée")
    if any("A" <= c <= "Z" for c in _strip_escapes(pattern)):
        raise SyntaxProblem(
            "le motif contient des majuscules ; le texte est mis en minuscules avant la recherche, "
            "écrivez le motif en minuscules")
    slow = redos.problem(pattern)
    if slow:
        raise SyntaxProblem(slow)
    try:
        compiled = re.compile(pattern)
    except re.error as exc:  # pragma: no cover - the checks above catch most cases
        raise SyntaxProblem(f"motif invalide : {exc}") from None
    if compiled.match(""):
        raise SyntaxProblem("le motif peut correspondre à un texte vide ; il trouverait des fautes partout")


def _strip_escapes(pattern: str) -> str:
    return re.sub(r"\\.", "", pattern)


def compile_pattern(pattern: str) -> str:
    """Turn a checked pattern into the regex the engine runs: normalised, `$` = end of text.

    Python's `$` also matches before a final newline; the engine rewrites an unescaped `$` outside
    a class into `(?!(?:.|\\n))` so that it means "end of the text" as in JavaScript.
    """
    pattern = normalize(pattern)
    out = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
        elif ch == "$":
            out.append("(?!(?:.|\\n))")
            i += 1
            continue
        out.append(ch)
        i += 1
    return "".join(out)


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
