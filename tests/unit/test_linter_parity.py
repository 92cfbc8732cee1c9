"""Same rules, same answers: the JavaScript linter (docs/assets/javascripts/linter.js) against Python.

One Node process (tests/js/linter-parity.mjs) lints a JSONL file of cases written here; every
finding (rule, category, severity after the judgment layer, span in code points, message,
scope) must equal Python's, in the same
order. The cases: every example of snippets/messages/, every message of tests/corpus/ (the real corpus included), and
generated awkward inputs (accents and their absence, ’ and ', emoji with several code points and
flags, \\r\\n, 20 000 characters, empty text, spaces only, HTML and script, combining characters,
no-break spaces, Unicode letters newer than Python's tables, random mixes), each for lang fr, en and
auto-detection and for no channel and every channel. A second rules file, written here, exercises
regex features the repository's rules may not use yet (`.`, `$`, lookaheads, empty matches...).

Without Node the tests are skipped, except under CI=true where they fail.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from playbook.lint import lint, load_rules, normalize
from playbook.lint.export import (ExportError, export_rules, normalization_table, render_rules_json,
                                  rules_json, translate_regex)
from playbook.messages import load_library
from site_facts import message_corpora

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "js" / "linter-parity.mjs"
LINTER_JS = ROOT / "docs" / "assets" / "javascripts" / "linter.js"
LANGS = (None, "fr", "en")


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("the JavaScript parity tests need Node.js under CI=true (install node >= 20)")
        pytest.skip("Node.js is not installed: the JavaScript linter parity is not checked")
    return node


def run_js(tmp_path: Path, rules, cases: list[dict]) -> dict[str, dict]:
    """Lint `cases` ({id, text, lang, channel}) in Node with `rules`; {id: result row}."""
    node = _node()
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(rules_json(rules), encoding="utf-8")
    payload = "".join(json.dumps(case) + "\n" for case in cases)  # ASCII: \u escapes only
    result = subprocess.run([node, str(RUNNER), str(rules_file)], input=payload.encode("ascii"),
                            capture_output=True, timeout=600)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    rows = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines() if line.strip()]
    assert [r["id"] for r in rows] == [c["id"] for c in cases]
    return {r["id"]: r for r in rows}


def expand_cases(texts: dict[str, str], channels) -> list[dict]:
    cases = []
    for name, text in texts.items():
        for lang in LANGS:
            for channel in (None, *channels):
                cases.append({"id": f"{name}|{lang or 'auto'}|{channel or '-'}", "text": text,
                              "lang": lang, "channel": channel})
    return cases


def assert_parity(tmp_path: Path, rules, texts: dict[str, str]) -> int:
    cases = expand_cases(texts, list(rules.channels))
    got = run_js(tmp_path, rules, cases)
    problems = []
    for case in cases:
        expected = [f.to_dict() for f in lint(case["text"], lang=case["lang"], channel=case["channel"],
                                              rules=rules)]
        row = got[case["id"]]
        if "error" in row:
            problems.append(f"{case['id']}: JavaScript error {row['error'][:400]}")
        elif row["findings"] != expected:
            short = lambda fs: [(f["rule"], f["start"], f["end"]) for f in fs]  # noqa: E731
            problems.append(f"{case['id']} text={case['text'][:80]!r}\n  python: {short(expected)}\n"
                            f"  js:     {short(row['findings'])}")
    assert not problems, f"{len(problems)} of {len(cases)} cases differ:\n" + "\n".join(problems[:15])
    return len(cases)


# --- the inputs ------------------------------------------------------------------------------------

def library_texts() -> dict[str, str]:
    return {f"lib:{m.id}": m.text for m in load_library(ROOT / "snippets" / "messages").values()}


def corpus_texts() -> dict[str, str]:
    texts = {}
    for path in message_corpora():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts[f"{path.parent.name}/{path.stem}:{row['id']}"] = row["text"]
    return texts


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


EMOJI = ["👍", "👨‍👩‍👧‍👦", "🇫🇷", "👋🏽", "1️⃣", "❤️", "🏳️‍🌈", "😀", "𝐁𝐨𝐧𝐣𝐨𝐮𝐫"]
AWKWARD = {
    "empty": "",
    "space": " ",
    "spaces-only": "   \n\t  \r\n ",
    "nbsp-only": "\u00a0\u202f\u2009",
    "one-letter": "a",
    "html-img": "<img src=x onerror=alert(1)>",
    "html-script": "<script>alert('Bonjour, suite à votre demande')</script>",
    "javascript-url": "javascript:alert(1) Comme convenu, je vous envoie notre offre.",
    "placeholders": "Bonjour [Prénom], {{first_name}}, <prenom>, %NOM%, XXX : notre démo.",
    "re-subject": "RE : votre demande\nTR: Fwd: ref:",
    "re-after-crlf": "Bonjour\r\nRe : comme convenu\r\n",
    "prices": "Offre à 49 €/mois HT, $99/month, -20 %, 20% off, 1 200 € TTC, 3k€ par an.",
    "nbsp-french": "Bonjour\u00a0! Suite à votre demande\u202f: voici notre offre\u00a0; à bientôt\u00a0?",
    "apostrophes": "J’ai vu votre profil. J'ai vu votre profil. Jʼai vu. J`ai vu. J´ai vu.",
    "quotes": "«\u00a0Je souhaite agrandir mon réseau\u00a0» “I’d like to grow my network”",
    "combining": "Suite a\u0300 votre demande, je souhaite agrandir mon re\u0301seau.",
    "uppercase": "SUITE À VOTRE DEMANDE, JE SOUHAITE AGRANDIR MON RÉSEAU. ÇA VOUS DIT ?",
    "turkish-i": "İstanbul DİRECTION ı i̇",
    "ligatures": "ﬁnance ŒUVRE Æ ß ẞ ﬀ Ǆ ǅ",
    "signs": "\u212a\u212b\u2126 ﬃ Ｂｏｎｊｏｕｒ ＲＥ：",
    "greek-sigma": "ΣΟΦΙΑ σοφιας ΟΔΥΣΣΕΥΣ",
    "cyrillic": "Вonjour, сomme сonvenu",
    "new-unicode": "\ua7cb\ua7cc\ua7cd\ua7da\ua7db\ua7dc \U0001df00\U0001df0a \u1c89\u1c8a",
    "line-separators": "Bonjour\u2028comme convenu\u2029Re : suite\u0085à votre demande\x0bfin\x0c\x1c",
    "lone-cr": "Bonjour\rRe : test\r",
    "tabs": "Bonjour\t\tcomme\tconvenu",
    "zero-width": "com\u200bme con\u200dvenu \ufeffsuite à votre demande",
    "emoji-between": " 👍 ".join("Je souhaite agrandir mon réseau professionnel".split()),
    "emoji-many": "".join(EMOJI) + " Suite à votre demande " + "".join(EMOJI),
    "emoji-start": "👋🏽 Re : 🇫🇷 comme convenu 👨‍👩‍👧‍👦",
    "digits": "Relance n° 3, 4,5 %, 1.000 contacts, 12h30, 2e relance",
    "english": "Hi, as discussed, I'd love to hop on a quick call to show you our demo. Just bumping this up!",
    "mixed": "Bonjour, hope you're well. Comme convenu, here's our pricing: 49 $/month.",
    "only-punctuation": "!!! ??? ... --- ''' \"\"\" ***",
    "unicode-dashes": "re\u2011seau re\u2014seau – — ‐ ‑ − ﹣ －",
    "private-use": "\ue000\U000f0000 Re :",
}


def awkward_texts(base: dict[str, str]) -> dict[str, str]:
    texts = {f"awk:{k}": v for k, v in AWKWARD.items()}
    bad = [t for k, t in base.items() if k.startswith("lib:")]
    for index, text in enumerate(bad):
        texts[f"var:{index}:noaccent"] = _strip_accents(text)
        texts[f"var:{index}:typo"] = text.replace("'", "’")
        texts[f"var:{index}:ascii"] = text.replace("’", "'").replace("\u00a0", " ")
        texts[f"var:{index}:crlf"] = text.replace("\n", "\r\n")
        texts[f"var:{index}:upper"] = text.upper()
        texts[f"var:{index}:nfd"] = unicodedata.normalize("NFD", text)
        texts[f"var:{index}:emoji"] = EMOJI[index % len(EMOJI)].join(text.split(" "))
        texts[f"var:{index}:nbsp"] = text.replace(" ", "\u00a0")
    long_source = " ".join(bad) or "Suite à votre demande. "
    texts["long:20000"] = (long_source * (20000 // len(long_source) + 1))[:20000]
    texts["long:emoji"] = ("👍 " + long_source) * 3
    return texts


def random_texts(count: int, seed: int = 20261201) -> dict[str, str]:
    """Random mixes of rule words, punctuation, emoji and odd spaces (fixed seed)."""
    rng = random.Random(seed)
    words = ("bonjour suite à votre demande comme convenu je souhaite agrandir mon réseau relance "
             "démo gratuite sans engagement 30 minutes appel rapide profil intéressant hi as discussed "
             "quick call bumping your post j'ai lu votre article félicitations pour votre nomination "
             "prénom offre € /mois re tr fwd xxx le la les de et you the and is are").split()
    pieces = [" ", "  ", "\n", "\r\n", "\u00a0", "\u202f", "\t", ", ", ". ", " ! ", " ? ", "’", "'", "-", "—",
              "«", "»", "\"", "[", "]", "{{", "}}", "<", ">", ":", "%", "$", "#", "(", ")", *EMOJI,
              "\u0301", "\u2028", "É", "À", "Ç", "ß", "œ"]
    texts = {}
    for n in range(count):
        parts = []
        for _ in range(rng.randint(0, 60)):
            parts.append(rng.choice(words) if rng.random() < 0.6 else rng.choice(pieces))
            if rng.random() < 0.3:
                parts.append(" ")
        text = "".join(parts)
        if rng.random() < 0.2:
            text = text.upper()
        texts[f"rand:{n}"] = text
    return texts


# --- parity on the repository's rules --------------------------------------------------------------

def test_parity_library_corpus_awkward_and_random(tmp_path):
    rules = load_rules()
    base = {**library_texts(), **corpus_texts()}
    texts = {**base, **awkward_texts(base), **random_texts(250)}
    checked = assert_parity(tmp_path, rules, texts)
    assert checked >= 15 * 500


# --- parity on a rules file that uses every regex feature ----------------------------------------

EDGE_RULES = r"""
categories:
  - {id: generic, label: G, description: d, link: a.md}
  - {id: not-personalized, label: N, description: d, link: a.md}
  - {id: false-pretext, label: F, description: d, link: a.md}
  - {id: demands-reply, label: D, description: d, link: a.md}
  - {id: hard-sell, label: H, description: d, link: a.md}
  - {id: no-purpose, label: P, description: d, link: a.md}
channels:
  - {id: connection-note, label: Note, max_chars: 30, free_max_chars: 20}
  - {id: message, label: Message, max_chars: 200}
lists:
  sig: ["votre article", "vous avez publi*"]
rules:
  - {id: dot-any, category: generic, severity: warning, languages: [fr, en], message: m, advice: a,
     link: a.md, pattern: 'bonjour(.{0,3})x'}
  - {id: dot-end, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, pattern: '([a-z]+.)$'}
  - {id: start, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, pattern: '^(.)'}
  - {id: lookahead-repeat, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, pattern: '(?=re)+(re) ?:(?!x)?'}
  - {id: optional-group, category: hard-sell, severity: error, languages: [fr, en], message: m,
     advice: a, link: a.md, pattern: '(?:([0-9]+) ?€|€ ?[0-9]+)'}
  - {id: empty-then-more, category: hard-sell, severity: info, languages: [fr, en], message: m,
     advice: a, link: a.md, pattern: '(?=[a-z])(?:x|)(?:[a-z]{2})?'}
  - {id: empty-first, category: hard-sell, severity: info, languages: [fr, en], message: m,
     advice: a, link: a.md, pattern: '(?=[a-z0-9])(?:|[a-z]+|([0-9])[0-9]*)'}
  - {id: newline-class, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, pattern: '\n[ "*\-]*(re|tr) ?:'}
  - {id: lazy, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, pattern: '"(.+?)"'}
  - {id: brace-count, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, pattern: '\{\{ ?[a-z_]{1,20} ?\}\}|\[[^\]\n]{1,30}\]'}
  - {id: punct-phrases, category: generic, severity: warning, languages: [fr, en], message: m,
     advice: a, link: a.md, phrases: ["c++ & c", "cal.com", "49 €", "#", "a/b", "j'ai vu", "relanc*",
     "votre ~2 article", "un (tout simplement|juste)? petit? mot", "e-mail*"]}
  - {id: near-any, category: hard-sell, severity: error, languages: [fr], message: m, advice: a,
     link: a.md, near: {a: ["demo*", "essai"], b: ["gratuit*", "offert*"], within: 2}}
  - {id: near-ordered, category: hard-sell, severity: error, languages: [en], message: m, advice: a,
     link: a.md, near: {a: ["quick"], b: ["call", "chat"], within: 1, ordered: true}}
  - {id: absent-first-line, category: not-personalized, severity: warning, languages: [fr, en],
     message: m, advice: a, link: a.md, absent: {signals: ["@sig"], signal_patterns: ['"[^"\n]{5,}"'],
     min_words: 3, span: first-line}}
  - {id: absent-message, category: not-personalized, severity: info, languages: [fr, en], message: m,
     advice: a, link: a.md, skip_channels: [connection-note], absent: {signals: ["merci"]}}
  - {id: absent-when, category: demands-reply, severity: warning, languages: [fr, en], message: m,
     advice: a, link: a.md, channels: [message], absent: {when: ["relanc*", "bump*"], signals: ["nouveau"]}}
  - {id: unless-rule, category: false-pretext, severity: error, languages: [fr], message: m, advice: a,
     link: a.md, unless: ["vous m'avez demande"], phrases: ["suite a votre demande"]}
  - {id: long-channel, category: generic, severity: warning, languages: [fr, en], message: m, advice: a,
     link: a.md, channels: [connection-note, message], too_long: {}}
  - {id: long-fixed, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, too_long: {limit: 12}}
  - {id: long-free, category: generic, severity: info, languages: [fr, en], message: m, advice: a,
     link: a.md, channels: [connection-note], too_long: {account: free}}
"""

EDGE_TEXTS = {
    "dot-cr": "bonjour\rx bonjour\u2028x bonjour\u2029x bonjour\nx bonjour\u0085x",
    "dot-end-newline": "fin du textez\n",
    "dot-end-cr": "fin du texte\r",
    "dot-end-ls": "fin du texte\u2028",
    "dot-end-emoji": "fin du texte👍",
    "start-emoji": "👨‍👩‍👧 bonjour",
    "start-newline": "\nbonjour",
    "re-lines": "re: a\n- re : b\n* tr: c\r\n\"re:\" d\u2028re: e",
    "lookahead": "rere: rrre : re:",
    "prices": "12 € ou € 30 ou 40€ 🇫🇷 €5",
    "empty-matches": "ab 9 xyz -- q",
    "lazy-quotes": 'il a dit "bonjour" puis "au revoir\nà bientôt" et "👍"',
    "braces": "{{first_name}} [Prénom] [\n] [a]b",
    "phrases": "J’ai vu c++ & c sur cal.com pour 49 € (#12) a/b; je relance, votre très bel article, "
               "un juste petit mot, un tout simplement mot, un mot, e-mails, email, calxcom",
    "near": "Une démo gratuite ? Essai vraiment très offert. Offerte la demo. quick call, call quick, quick a chat",
    "absent": "  \n \r\n  Bonjour à vous,\nligne deux  \n",
    "absent-signal": "Bonjour, j'ai lu votre article sur le sujet.",
    "absent-pattern": 'Bonjour, vous disiez "ceci est long" hier.',
    "absent-when": "Je relance encore.", "absent-when-ok": "Je relance avec un nouveau chiffre.",
    "unless": "Suite à votre demande, voici.", "unless-ok": "Suite à votre demande (vous m'avez demandé).",
    "long": "x" * 31 + "👍" * 5, "long-emoji": "👍" * 40, "spaces": " \u00a0\u3000\u2028 ",
}


def test_parity_on_a_rules_file_with_every_feature(tmp_path):
    from playbook.lint.rules import load_rules_file

    path = tmp_path / "rules.yml"
    path.write_text(EDGE_RULES, encoding="utf-8")
    rules = load_rules_file(path)
    texts = {**EDGE_TEXTS, **{f"awk:{k}": v for k, v in AWKWARD.items()}, **random_texts(150, seed=7)}
    texts.update({f"lib:{k}": v for k, v in list(library_texts().items())[:10]})
    assert_parity(tmp_path, rules, texts)


# --- normalisation over all of Unicode --------------------------------------------------------------

def test_javascript_normalisation_matches_python_for_every_relevant_code_point(tmp_path):
    """Every code point, normalised in Node, equals Python's or is irrelevant on both sides."""
    node = _node()
    rules = load_rules()
    data = export_rules(rules)
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(json.dumps(data), encoding="utf-8")
    script = (
        "const {compile} = require(process.argv[1]);"
        "const fs = require('fs');"
        "const l = compile(JSON.parse(fs.readFileSync(process.argv[2], 'utf8')));"
        "const cps = []; for (let c = 0; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) cps.push(c);"
        "const out = []; for (let i = 0; i < cps.length; i += 8192)"
        "  out.push(l.normalize(String.fromCodePoint(...cps.slice(i, i + 8192))));"
        "fs.writeFileSync(process.argv[3], out.join(''), 'utf8');"
    )
    out_file = tmp_path / "normalized.txt"
    subprocess.run([node, "-e", script, str(LINTER_JS), str(rules_file), str(out_file)], check=True,
                   timeout=300)
    js = out_file.read_bytes().decode("utf-8")  # not read_text: it would turn \r into \n
    python = normalize("".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF))
    assert len(js) == len(python)
    relevant = set(range(128))
    relevant.update(p[1] for p in data["normalize"])
    word = re.compile(data["word_class"])
    differ = [(ord(a), ord(b)) for a, b in zip(python, js) if a != b]
    bad = [(hex(a), hex(b)) for a, b in differ
           if a in relevant or b in relevant or word.match(chr(a)) or word.match(chr(b))]
    assert not bad, f"{len(bad)} code points normalise differently where it matters: {bad[:20]}"


# --- the export itself -----------------------------------------------------------------------------

@pytest.mark.parametrize("python, js", [
    ("a.b", "a[^\\n]b"),
    ("ab$", "ab(?=\\n?$)"),
    ("^x", "^x"),
    ("a{,3}", "a{0,3}"),
    ("a{}", "a\\{\\}"),
    ("a{2,}", "a{2,}"),
    ("c\\#\\&", "c\\u{23}\\u{26}"),
    ("[a-z-0]", "[a-z\\-0]"),
    ("[^\"\\n]", "[^\\u{22}\\n]"),
    ("(?=a)*b", "(?:(?=a))*b"),
    ("(a)|(?:b)", "(a)|(?:b)"),
    ("x+?", "x+?"),
    ("€", "€"),
])
def test_translate_regex(python, js):
    assert translate_regex(python)[0] == js


@pytest.mark.parametrize("bad", ["\\w", "\\b", "(?P<n>a)", "(?i)a", "a++", "(a", "a)", "\\1", "[a",
                                 "(?:([a-z])|[0-9])+x", "(?:x(a)){2}"])
def test_translate_regex_refuses_what_it_cannot_port(bad):
    with pytest.raises(ExportError):
        translate_regex(bad)


def test_a_pattern_the_browser_cannot_reproduce_is_a_clear_build_error(tmp_path):
    from playbook.lint.export import export_problems
    from playbook.lint.rules import load_rules_file

    path = tmp_path / "rules.yml"
    path.write_text(EDGE_RULES.replace("pattern: 'bonjour(.{0,3})x'", "pattern: '(?:([a-z])|[0-9])+x'"),
                    encoding="utf-8")
    rules = load_rules_file(path)
    problems = export_problems(rules)
    assert len(problems) == 1
    assert problems[0].line == rules.by_id["dot-any"].line
    assert "dot-any" in problems[0].problem and problems[0].fix
    with pytest.raises(ExportError):
        export_rules(rules)
    assert export_problems(load_rules()) == []


def test_export_is_json_and_complete():
    rules = load_rules()
    data = json.loads(rules_json(rules))
    assert data["format"] == 1
    assert [r["id"] for r in data["rules"]] == [r.id for r in rules.rules]
    assert {c["id"] for c in data["categories"]} == set(rules.categories)
    assert {c["id"]: c["max_chars"] for c in data["channels"]} == rules.channel_limits
    for rule in data["rules"]:
        assert {"message", "advice", "category", "severity", "languages", "link", "channels"} <= set(rule)
    from playbook.lint.engine import ENGLISH_WORDS, FRENCH_WORDS
    assert set(data["function_words"]["fr"]) == FRENCH_WORDS
    assert set(data["function_words"]["en"]) == ENGLISH_WORDS
    assert 0x20 in data["whitespace"] and 0x85 in data["whitespace"] and 0xFEFF not in data["whitespace"]
    table = dict(map(tuple, data["normalize"]))
    assert table[ord("É")] == ord("e") and table[ord("’")] == ord("'") and table[0xA0] == 0x20


def test_normalization_table_covers_code_points_mapping_into_relevant_ones():
    table = dict(map(tuple, normalization_table({ord("e")})))
    assert table[ord("é")] == ord("e") and table[ord("È")] == ord("e") and ord("a") not in table


def test_render_rules_json_cannot_break_out_of_its_script_element(tmp_path):
    from playbook.lint.rules import load_rules_file

    hostile = EDGE_RULES.replace("message: m, advice: a,\n     link: a.md, pattern: 'bonjour",
                                 "message: \"</script><script>alert(1)</script><!-- &amp; \u2028 x\","
                                 " advice: a,\n     link: a.md, pattern: 'bonjour", 1)
    assert hostile != EDGE_RULES
    path = tmp_path / "rules.yml"
    path.write_text(hostile, encoding="utf-8")
    rules = load_rules_file(path)
    html = render_rules_json(rules)
    assert html.startswith('<script type="application/json" id="pb-rules">')
    assert html.endswith("</script>")
    inner = html[len('<script type="application/json" id="pb-rules">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    data = json.loads(inner)
    assert data["rules"][0]["message"] == rules.rules[0].message
    assert data["rules"][0]["message"].startswith("</script><script>alert(1)</script><!-- &amp;")


def test_javascript_api_options_and_errors(tmp_path):
    node = _node()
    rules_file = tmp_path / "rules.json"
    rules_file.write_text(rules_json(load_rules()), encoding="utf-8")
    script = r"""
      const assert = require('node:assert/strict');
      const api = require(process.argv[1]);
      const l = api.compile(JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8')));
      assert.equal(typeof globalThis.window, 'undefined');
      assert.deepEqual(l.lint('Hi, as discussed', {lang: 'auto'}), l.lint('Hi, as discussed', {}));
      assert.deepEqual(l.lint('x', {lang: null, channel: null}), l.lint('x'));
      assert.throws(() => l.lint('x', {channel: 'fax'}), /unknown channel/);
      assert.throws(() => l.lint('x', {lang: 'de'}), /unknown language/);
      assert.throws(() => l.lint(42), /string/);
      assert.throws(() => api.compile({format: 99}), /unsupported/);
      const r = l.check('👍'.repeat(301), {channel: 'connection-note'});
      assert.equal(r.length, 301);
      assert.equal(r.limit, 300);
      assert.equal(r.lang, 'fr');
      assert.equal(r.detected, true);
      const limitRule = l.data.rules.find(x => x.kind === 'too_long' && x.limit === null
                                              && x.channels.includes('connection-note'));
      if (limitRule) {
        const long = r.findings.find(f => f.rule === limitRule.id);
        assert.deepEqual([long.start, long.end], [300, 301]);
      }
      assert.equal(l.detectLanguage('Hello, thank you for your time'), 'en');
      assert.equal(l.normalize('ÉLAN’'), "elan'");
      assert.ok(l.rule(l.data.rules[0].id).advice);
      assert.ok(l.category('generic').label);
      console.log('ok');
    """
    result = subprocess.run([node, "-e", script, str(LINTER_JS), str(rules_file)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_code_point_above_the_scanned_range_is_normalised_or_whitespace():
    """The export scans code points below SCANNED_CODE_POINTS only (seconds saved per build):
    every code point above it must be left alone by the normalisation and not be whitespace."""
    from playbook.lint import export
    from playbook.lint.normalize import normalize_char

    changed = [hex(cp) for cp in range(export.SCANNED_CODE_POINTS, sys.maxunicode + 1)
               if normalize_char(chr(cp)) != chr(cp) or chr(cp).isspace()]
    assert changed == []


def test_spec_function_map_names_real_functions_on_both_sides():
    """SPEC.md's function map: each engine.py (or judge.py) name exists there, each linter.js name in linter.js,
    and each linter.js function of the map says which Python function it mirrors."""
    spec = (ROOT / "hooks" / "playbook" / "lint" / "SPEC.md").read_text(encoding="utf-8")
    engine = "".join((ROOT / "hooks" / "playbook" / "lint" / name).read_text(encoding="utf-8")
                     for name in ("engine.py", "judge.py"))
    js = LINTER_JS.read_text(encoding="utf-8")
    table = spec[spec.index("## Function map"):]
    rows = [line.split("|")[1:3] for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) >= 10
    for python_side, js_side in rows:
        for name in re.findall(r"`([\w.]+)`", python_side):
            if name.startswith(("playbook.", "normalize.")):
                continue
            last = name.split(".")[-1]
            assert re.search(rf"(def|class) {last}\b", engine), name
        for name in re.findall(r"`(\w+)`", js_side):
            assert re.search(rf"function {name}\(|prototype\.{name} = function|\b{name}: function", js), name
            if name in ("words", "starts", "wordsBetween", "passing", "check", "lint", "normalize"):
                continue
            before = js[:js.index(f"function {name}(")]
            comment = before[before.rindex("/**"):]
            assert "*/" in comment and ("engine." in comment or "judge." in comment or "JavaScript only" in comment
                                        or "search(ctx)" in comment), name
