"""The judgment layer: a linear model that decides each category from the rules' hits and the text.

Rules find spans a consultant can read; on real messages they also fire on good, specific text
and miss paraphrases. A small linear model, trained by `make train` (tools/train.py) on the
labelled corpora and committed as data (`snippets/verifier-model.json`), weighs the rules' hits
with the message's words, word pairs and a few structural signals, and gives each category a
score. `decide` then applies it to the rules' findings (SPEC.md, step 7):

- a category whose score reaches its threshold keeps its findings at their severity; when no rule
  of that category fired, one finding about the whole message is added (`scope="message"`,
  the category's `overall` text), so a paraphrased pitch is still named;
- below the threshold, its warnings become suggestions (`info`): uncertain findings do not
  count as faults; `error` findings (a length limit) are facts and stay.

Why not a library (scikit-learn and the like): the same arithmetic must run in the browser
(linter.js) with the same result, so the model is a plain weight table and the features are
defined once, in `features`, and ported line for line. Weights, biases and thresholds are
integers (thousandths of a logit), so a score is the same whatever the order of the sum, and it
is compared with its threshold without any exp: both engines decide identically.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from .. import validate
from ..errors import ContentError
from .normalize import is_word_char

FORMAT = 1
WORD_COUNTS = (15, 30, 60, 120, 250)
CAPITALS = (1, 2, 4, 8)
SENTENCE_END = ".!?\n:"
_FIELD = 48
_OFFSET = 1 << 21  # |weight| must stay below this (load_model checks it)


_CAPITAL_RE = re.compile("[A-Z\u00c0-\u00d6\u00d8-\u00de]")
_DIGIT_RE = re.compile("[0-9]")


def capitals(text: str, norm: str) -> int:
    """Words starting with a capital letter (A-Z, À-Þ but ×) inside a sentence (names of people,
    companies, events): going back from the word over spaces and `\r` in the normalised text, the
    character met is not one of `.!?\n:` (and there is one)."""
    count = 0
    for m in _CAPITAL_RE.finditer(text):
        s = m.start()
        if s and is_word_char(norm[s - 1]):
            continue  # not the start of a word
        p = s - 1
        while p >= 0 and norm[p] in " \r":
            p -= 1
        if p >= 0 and norm[p] not in SENTENCE_END:
            count += 1
    return count


def _signals(text: str, norm: str, words: list, lang: str, channel: str | None) -> list[str]:
    """The features that are not words, word pairs or rule hits."""
    out = ["l:" + lang, "ch:" + (channel or "-")]
    n = len(words)
    out += [f"n:{t}" for t in WORD_COUNTS if n >= t]
    if "?" in norm:
        out.append("s:q")
    if "http" in norm or "www." in norm:
        out.append("s:link")
    if _DIGIT_RE.search(norm):
        out.append("s:digit")
    caps = capitals(text, norm)
    out += [f"s:caps{t}" for t in CAPITALS if caps >= t]
    return out



def features(text: str, norm: str, words: list, lang: str, channel: str | None, hits: list) -> set[str]:
    """The names of a message's features. `hits` are the (rule id, category) pairs of every
    finding before the judgment. Names: `r:` rule, `c:` category, `w:` word, `b:` two words in a
    row (joined by a space), `l:` language, `ch:` channel (`-` for none), `n:N` at least N words,
    `s:q` a question mark, `s:link` `http` or `www.`, `s:digit` a digit, `s:capsN` at least N
    capitalised words inside sentences (`capitals`)."""
    out = set(_signals(text, norm, words, lang, channel))
    for rule_id, category in hits:
        out.add("r:" + rule_id)
        out.add("c:" + category)
    out.update("w:" + w for w in words)
    out.update(map("b:{} {}".format, words, words[1:]))
    return out


@dataclass(frozen=True)
class Model:
    """A loaded weight table: `categories` (column order), `index` (feature name → row),
    `weights` (rows of integer weights, one per category, in thousandths), `bias` and `threshold`
    per category (thousandths too). Integers make a score the same in any summation order, in
    Python and in JavaScript."""

    categories: tuple
    index: dict
    weights: list
    bias: tuple
    threshold: tuple
    info: dict

    def __post_init__(self):
        # Fast lookups for `message_scores`: words, word pairs and other names apart.
        words, pairs, other = {}, {}, {}
        for name, i in self.index.items():
            if name.startswith("w:"):
                words[name[2:]] = i
            elif name.startswith("b:"):
                pairs[name[2:]] = i
            else:
                other[name] = i
        # Each row packed into one integer, one FIELD-bit field per category holding
        # weight + OFFSET (never negative), so summing the packed rows sums every category at
        # once (one C-level `sum` instead of one per category); `_unpack` takes the fields apart.
        # Integer arithmetic is exact, so this is `scores` bit for bit. Fields cannot overflow:
        # a weight is below OFFSET in size and a message has far fewer than 2**(FIELD-22) features.
        packed = [sum((w + _OFFSET) << (_FIELD * k) for k, w in enumerate(row)) for row in self.weights]
        for name, value in (("_words", words), ("_pairs", pairs), ("_other", other), ("_packed", packed)):
            object.__setattr__(self, name, value)

    def _unpack(self, total: int, count: int) -> list[int]:
        mask = (1 << _FIELD) - 1
        return [b + ((total >> (_FIELD * k)) & mask) - count * _OFFSET for k, b in enumerate(self.bias)]

    def scores(self, names) -> list[int]:
        """Bias plus the weights of the features named (unknown names count for nothing)."""
        rows = set(map(self.index.get, names))
        rows.discard(None)
        return [b + sum(self.weights[i][k] for i in rows) for k, b in enumerate(self.bias)]

    def message_scores(self, text: str, norm: str, words: list, lang: str, channel: str | None,
                       hits: list) -> list[int]:
        """`scores(features(...))`, computed without building the names (the engine's path)."""
        rows = set(map(self._words.get, words))
        rows.update(map(self._pairs.get, map("{} {}".format, words, words[1:])))
        names = _signals(text, norm, words, lang, channel)
        for rule_id, category in hits:
            names.append("r:" + rule_id)
            names.append("c:" + category)
        rows.update(map(self._other.get, names))
        rows.discard(None)
        return self._unpack(sum(map(self._packed.__getitem__, rows)), len(rows))

    def to_json(self) -> dict:
        names = sorted(self.index, key=self.index.get)
        return {"format": FORMAT, "categories": list(self.categories), "features": names,
                "weights": self.weights, "bias": list(self.bias), "threshold": list(self.threshold),
                "info": self.info}


def _int(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{value!r} n'est pas un entier")
    if abs(value) >= _OFFSET:
        raise ValueError(f"{value} est hors des bornes (±{_OFFSET - 1})")
    return value


def load_model(path: Path, categories) -> Model | None:
    """The model next to the rules file, or None when there is none (fixture projects, a rules
    file of one's own). A malformed file is a `ContentError`: rerun `make train`."""
    if not path.is_file():
        return None
    shown = validate.display_path(path)
    fix = "Régénérez-le avec « make train » (ne le modifiez pas à la main)."
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ContentError(shown, None, f"illisible ({exc}).", fix) from None
    try:
        if data["format"] != FORMAT:
            raise ValueError(f"format {data['format']!r}, attendu {FORMAT}")
        cats = tuple(data["categories"])
        if set(cats) != set(categories):
            raise ValueError("ses catégories ne sont pas celles de rules.yml")
        k = len(cats)
        weights = [[_int(w) for w in row] for row in data["weights"]]
        if len(weights) != len(data["features"]) or any(len(row) != k for row in weights):
            raise ValueError("la table des poids n'a pas la taille de la liste des signaux")
        bias = tuple(_int(b) for b in data["bias"])
        threshold = tuple(_int(t) for t in data["threshold"])
        if len(bias) != k or len(threshold) != k:
            raise ValueError("biais ou seuils incomplets")
        index = {name: i for i, name in enumerate(data["features"])}
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(shown, None, f"modèle invalide ({exc}).", fix) from None
    return Model(cats, index, weights, bias, threshold, dict(data.get("info") or {}))


def decide(model: Model, scores: list[int], found: list) -> tuple[list, list]:
    """Apply the scores to `found` ((start, end, rule id, severity, category) tuples): returns
    (the findings with their judged severity, the categories that get a whole-message finding)."""
    confirmed = {c for c, s, t in zip(model.categories, scores, model.threshold) if s >= t}
    out = []
    present = set()
    for start, end, rid, severity, category in found:
        if severity == "warning" and category not in confirmed:
            severity = "info"
        if severity != "info":
            present.add(category)
        out.append((start, end, rid, severity, category))
    overall = [c for c in model.categories if c in confirmed and c not in present]
    return out, overall
