"""Load and check snippets/rules.yml into a `RuleSet` (compiled once).

Every mistake becomes a `ContentError(path, line, problem, fix)` naming the rule (or the list,
category, channel) and the line in rules.yml; lines come from the YAML node marks
(`yaml.compose`). `check_rules` returns all errors; `load_rules` raises the first one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import yamlparse
from ..errors import ContentError
from .engine import LANGUAGES, SEVERITIES, GateIndex, Matcher, PatternMatcher, Rule
from .syntax import SyntaxProblem, check_pattern, compile_pattern, compile_phrase

CATEGORY_IDS = ("generic", "not-personalized", "false-pretext", "demands-reply", "hard-sell", "no-purpose")
KINDS = ("phrases", "pattern", "near", "absent", "too_long")
RULE_FIELDS = {"id", "category", "severity", "languages", "message", "advice", "link", "channels", "skip_channels",
               "unless", "examples", *KINDS}
REQUIRED = ("id", "category", "severity", "languages", "message", "advice", "link")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LINK_RE = re.compile(r"^[a-z0-9_/.-]+\.md(?:#[a-z0-9_-]+)?$")


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str
    link: str


@dataclass(frozen=True)
class Channel:
    id: str
    label: str
    max_chars: int


class RuleSet:
    """Loaded rules: `rules` (in file order), `by_id`, `categories`, `channels`, `path`."""

    def __init__(self, path: Path, categories: dict, channels: dict, rules: list[Rule], lists: dict):
        self.path = path
        self.categories = categories
        self.channels = channels
        self.rules = rules
        self.lists = lists
        self.by_id = {r.id: r for r in rules}
        self.channel_limits = {c.id: c.max_chars for c in channels.values()}
        self._by_lang = {lang: [r for r in rules if lang in r.languages] for lang in LANGUAGES}
        self.gates = GateIndex(_matchers(rules))
        self._engine_plans: dict = {}  # (lang, channel) -> rules to run, filled by engine.run

    def for_language(self, lang: str) -> list[Rule]:
        return self._by_lang.get(lang, [])

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


def _matchers(rules):
    seen = {}
    for rule in rules:
        candidates = [rule.matcher, rule.unless, rule.near.get("a"), rule.near.get("b"), rule.absent.get("when")]
        candidates += list(rule.absent.get("signals", []))
        for m in candidates:
            if isinstance(m, Matcher):
                seen[m.id] = m
    return list(seen.values())


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _get(node, key):
    """(key node, value node) of `key` in a YAML mapping node, or (None, None)."""
    if not isinstance(node, yaml.MappingNode):
        return None, None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None, None


def _line(node) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


class _Checker:
    def __init__(self, path: Path):
        self.path = path
        self.shown = _display(path)
        self.errors: list[ContentError] = []
        self.shared: dict = {}  # list name -> Matcher, when a rule uses exactly ["@name"]

    def err(self, node, problem: str, fix: str = "") -> None:
        self.errors.append(ContentError(self.shown, _line(node), problem, fix))

    def duplicate_keys(self, node, where: str) -> None:
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        self.err(k, f"{where} : le champ « {k.value} » apparaît deux fois.",
                                 "Gardez un seul exemplaire du champ.")
                    seen.add(k.value)
                self.duplicate_keys(v, where)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                self.duplicate_keys(item, where)


def check_rules(path: str | Path) -> tuple[RuleSet | None, list[ContentError]]:
    """Load `path`; return (RuleSet or None, every error found)."""
    path = Path(path)
    c = _Checker(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        c.err(None, f"le fichier de règles ne peut pas être lu ({exc.__class__.__name__}).",
              "Vérifiez qu'il existe et qu'il est enregistré en UTF-8.")
        return None, c.errors
    try:
        root, data = yamlparse.parse(text)
    except yaml.YAMLError as exc:
        line, problem = yamlparse.describe(exc, text)
        c.errors.append(ContentError(c.shown, line, f"YAML invalide : {problem}.",
                                     "Vérifiez l'indentation et les guillemets autour de cette ligne."))
        return None, c.errors
    if not isinstance(data, dict):
        c.err(root, "le fichier doit contenir les clés categories, channels et rules.",
              "Repartez de la structure décrite en tête du fichier.")
        return None, c.errors
    c.duplicate_keys(root, "rules.yml")

    categories = _categories(c, root, data)
    channels = _channels(c, root, data)
    lists = _lists(c, root, data)
    rules: list[Rule] = []
    seen_ids: dict[str, int] = {}
    rules_key, rules_node = _get(root, "rules")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        c.err(rules_key or root, "la liste « rules » est absente ou vide.", "Ajoutez au moins une règle.")
    else:
        for raw, node in zip(raw_rules, rules_node.value):
            rule = _rule(c, raw, node, categories, channels, lists, seen_ids)
            if rule is not None:
                rules.append(rule)
    if c.errors:
        unique, seen = [], set()
        for error in c.errors:
            if (error.line, error.problem) not in seen:
                seen.add((error.line, error.problem))
                unique.append(error)
        return None, unique
    return RuleSet(path, categories, channels, rules, lists), []


def load_rules_file(path: str | Path) -> RuleSet:
    ruleset, errors = check_rules(path)
    if errors:
        raise errors[0]
    return ruleset


def _categories(c: _Checker, root, data) -> dict:
    key, node = _get(root, "categories")
    raw = data.get("categories")
    out: dict[str, Category] = {}
    if not isinstance(raw, list):
        c.err(key or root, "la liste « categories » est absente.",
              f"Déclarez les six catégories : {', '.join(CATEGORY_IDS)}.")
        return out
    for item, item_node in zip(raw, node.value):
        if not isinstance(item, dict):
            c.err(item_node, "une catégorie doit avoir id, label, description et link.", "")
            continue
        cid = item.get("id")
        missing = [f for f in ("id", "label", "description", "link") if not isinstance(item.get(f), str) or not item.get(f).strip()]
        if missing:
            c.err(item_node, f"catégorie « {cid} » : champ(s) manquant(s) ou vide(s) : {', '.join(missing)}.",
                  "Renseignez-les (texte en français).")
            continue
        if cid not in CATEGORY_IDS:
            c.err(item_node, f"catégorie inconnue « {cid} ».",
                  f"Les six catégories sont fixes : {', '.join(CATEGORY_IDS)}.")
            continue
        if cid in out:
            c.err(item_node, f"la catégorie « {cid} » est déclarée deux fois.", "Supprimez le doublon.")
            continue
        out[cid] = Category(cid, item["label"], item["description"], item["link"])
    for cid in CATEGORY_IDS:
        if cid not in out and isinstance(raw, list):
            c.err(key, f"la catégorie « {cid} » n'est pas déclarée.", "Ajoutez-la à la liste « categories ».")
    return out


def _channels(c: _Checker, root, data) -> dict:
    key, node = _get(root, "channels")
    raw = data.get("channels")
    out: dict[str, Channel] = {}
    if not isinstance(raw, list) or not raw:
        c.err(key or root, "la liste « channels » est absente.", "Déclarez les canaux avec id, label et max_chars.")
        return out
    for item, item_node in zip(raw, node.value):
        cid = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(cid, str) or not isinstance(item.get("label"), str):
            c.err(item_node, "un canal doit avoir id et label (texte) et max_chars (nombre).", "")
            continue
        limit = item.get("max_chars")
        if not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0:
            c.err(_get(item_node, "max_chars")[0] or item_node,
                  f"canal « {cid} » : max_chars doit être un nombre entier positif.", "Par exemple max_chars: 300.")
            continue
        if cid in out:
            c.err(item_node, f"le canal « {cid} » est déclaré deux fois.", "Supprimez le doublon.")
            continue
        out[cid] = Channel(cid, item["label"], limit)
    return out


def _lists(c: _Checker, root, data) -> dict:
    key, node = _get(root, "lists")
    raw = data.get("lists")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        c.err(key, "« lists » doit associer un nom à une liste d'expressions.", "")
        return {}
    out = {}
    for name, value in raw.items():
        knode, vnode = _get(node, name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
            c.err(knode, f"la liste « {name} » doit être une liste non vide d'expressions (texte).", "")
            continue
        out[name] = (value, vnode)
    return out


def _phrase_list(c: _Checker, value, node, where: str, lists: dict, fix_node=None) -> Matcher | None:
    """Compile a list of phrases (with @list references) into one Matcher; report problems."""
    if isinstance(value, str):
        value = [value]
        node = yaml.SequenceNode("tag:yaml.org,2002:seq", [node], node.start_mark, node.end_mark) if node else None
    if (isinstance(value, list) and len(value) == 1 and isinstance(value[0], str)
            and value[0].startswith("@") and value[0][1:] in c.shared):
        return c.shared[value[0][1:]]
    if not isinstance(value, list) or not value:
        c.err(fix_node or node, f"{where} : une liste d'expressions non vide est attendue.",
              "Écrivez une liste YAML, une expression par ligne commençant par « - ».")
        return None
    compiled = []
    ok = True
    items = node.value if isinstance(node, yaml.SequenceNode) else [node] * len(value)
    for item, item_node in zip(value, items):
        if isinstance(item, str) and item.startswith("@"):
            name = item[1:]
            if name not in lists:
                c.err(item_node, f"{where} : la liste « {name} » n'existe pas.",
                      f"Listes connues : {', '.join(sorted(lists)) or 'aucune'}.")
                ok = False
                continue
            sub_compiled = _expand_list(c, name, lists, set())
            if sub_compiled is None:
                ok = False
            else:
                compiled.extend(sub_compiled)
            continue
        if not isinstance(item, str):
            c.err(item_node, f"{where} : chaque expression doit être un texte.", "Mettez-la entre guillemets.")
            ok = False
            continue
        try:
            compiled.append(compile_phrase(item))
        except SyntaxProblem as exc:
            c.err(item_node, f"{where}, expression « {item} » : {exc}.", "Corrigez l'expression.")
            ok = False
    if not ok or not compiled:
        return None
    matcher = Matcher(compiled)
    if len(value) == 1 and isinstance(value[0], str) and value[0].startswith("@"):
        c.shared[value[0][1:]] = matcher
    return matcher


def _expand_list(c: _Checker, name: str, lists: dict, seen: set) -> list | None:
    """Compiled phrases of the named list, following @references (a cycle is an error)."""
    if name in seen:
        c.err(lists[name][1], f"la liste « {name} » se cite elle-même (directement ou non).", "Retirez la référence circulaire.")
        return None
    items, node = lists[name]
    out, ok = [], True
    for sub, sub_node in zip(items, node.value):
        if sub.startswith("@"):
            ref = sub[1:]
            if ref not in lists:
                c.err(sub_node, f"liste « {name} » : la liste « {ref} » n'existe pas.", f"Listes connues : {', '.join(sorted(lists))}.")
                ok = False
                continue
            got = _expand_list(c, ref, lists, seen | {name})
            if got is None:
                ok = False
            else:
                out.extend(got)
            continue
        try:
            out.append(compile_phrase(sub))
        except SyntaxProblem as exc:
            c.err(sub_node, f"liste « {name} », expression « {sub} » : {exc}.", "Corrigez l'expression.")
            ok = False
    return out if ok else None


def _pattern(c: _Checker, value, node, where: str) -> PatternMatcher | None:
    if not isinstance(value, str) or not value:
        c.err(node, f"{where} : le motif doit être un texte non vide.", "Écrivez-le entre guillemets simples.")
        return None
    try:
        check_pattern(value)
    except SyntaxProblem as exc:
        c.err(node, f"{where}, motif « {value} » : {exc}.", "Voir la syntaxe des motifs en tête de rules.yml.")
        return None
    return PatternMatcher(compile_pattern(value))


def _rule(c: _Checker, raw, node, categories, channels, lists, seen_ids) -> Rule | None:
    if not isinstance(raw, dict):
        c.err(node, "chaque règle doit être un ensemble de champs (id, category, …).", "")
        return None
    rid = raw.get("id")
    where = f"règle « {rid} »" if isinstance(rid, str) else "règle sans id"
    before = len(c.errors)

    def field_node(name):
        k, v = _get(node, name)
        return v if v is not None else node

    for name in raw:
        if name not in RULE_FIELDS:
            c.err(_get(node, name)[0], f"{where} : champ inconnu « {name} ».",
                  f"Champs possibles : {', '.join(sorted(RULE_FIELDS))}.")
    for name in REQUIRED:
        value = raw.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            c.err(node, f"{where} : le champ « {name} » manque.", "Ajoutez-le (voir l'en-tête du fichier).")
    if isinstance(rid, str):
        if not ID_RE.match(rid):
            c.err(field_node("id"), f"{where} : l'id doit être en minuscules, chiffres et tirets.",
                  "Par exemple fr-comme-convenu.")
        elif rid in seen_ids:
            c.err(field_node("id"), f"{where} : cet id est déjà utilisé ligne {seen_ids[rid]}.",
                  "Choisissez un id unique.")
        else:
            seen_ids[rid] = _line(node)
    elif rid is not None:
        c.err(field_node("id"), "l'id d'une règle doit être un texte.", "")
    cat = raw.get("category")
    if cat is not None and cat not in categories:
        c.err(field_node("category"), f"{where} : catégorie inconnue « {cat} ».",
              f"Catégories possibles : {', '.join(CATEGORY_IDS)}.")
    sev = raw.get("severity")
    if sev is not None and sev not in SEVERITIES:
        c.err(field_node("severity"), f"{where} : sévérité inconnue « {sev} ».",
              "Choisissez error, warning ou info.")
    langs = raw.get("languages")
    if langs is not None and (not isinstance(langs, list) or not langs or any(l not in LANGUAGES for l in langs)):
        c.err(field_node("languages"), f"{where} : languages doit être une liste parmi fr, en.",
              "Par exemple languages: [fr] ou languages: [fr, en].")
    for name in ("message", "advice", "link"):
        if raw.get(name) is not None and not isinstance(raw.get(name), str):
            c.err(field_node(name), f"{where} : « {name} » doit être un texte.", "")
    link = raw.get("link")
    if isinstance(link, str) and link.strip() and not LINK_RE.match(link):
        c.err(field_node("link"), f"{where} : lien « {link} » mal formé.",
              "Écrivez un chemin de page de docs/, par exemple prospecter/cinq-fautes.md#faux-pretexte.")
    chans = raw.get("channels")
    if chans is not None and (not isinstance(chans, list) or not chans or any(ch not in channels for ch in chans)):
        c.err(field_node("channels"), f"{where} : channels doit être une liste parmi {', '.join(channels)}.", "")
    skip = raw.get("skip_channels")
    if skip is not None and (not isinstance(skip, list) or not skip or any(ch not in channels for ch in skip)):
        c.err(field_node("skip_channels"), f"{where} : skip_channels doit être une liste parmi {', '.join(channels)}.", "")
    kinds = [k for k in KINDS if k in raw]
    if len(kinds) != 1:
        c.err(node, f"{where} : une règle doit avoir exactement une sorte parmi {', '.join(KINDS)}"
              + (f" (trouvé : {', '.join(kinds)})." if kinds else " (aucune trouvée)."),
              "Gardez-en une seule ; faites deux règles si besoin.")
        return None
    kind = kinds[0]
    value, vnode = raw[kind], field_node(kind)
    rule = Rule(id=rid if isinstance(rid, str) else "", category=cat, severity=sev,
                languages=tuple(langs) if isinstance(langs, list) else (), message=raw.get("message"),
                advice=raw.get("advice"), link=link, kind=kind, line=_line(node),
                channels=tuple(chans) if isinstance(chans, list) else (),
                skip_channels=tuple(skip) if isinstance(skip, list) else ())
    if "unless" in raw:
        rule.unless = _phrase_list(c, raw["unless"], field_node("unless"), f"{where}, unless", lists)
    if kind == "phrases":
        rule.matcher = _phrase_list(c, value, vnode, where, lists)
    elif kind == "pattern":
        rule.matcher = _pattern(c, value, vnode, where)
    elif kind == "near":
        rule.near = _near(c, value, vnode, where, lists)
    elif kind == "absent":
        rule.absent = _absent(c, value, vnode, where, lists)
    elif kind == "too_long":
        if value is None:
            value = {}
        if not isinstance(value, dict) or set(value) - {"limit"}:
            c.err(vnode, f"{where} : too_long accepte seulement « limit ».", "Par exemple too_long: {limit: 600}.")
        else:
            limit = value.get("limit")
            if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0):
                c.err(vnode, f"{where} : limit doit être un nombre entier positif.", "")
            rule.limit = limit
            if limit is None and not rule.channels:
                c.err(vnode, f"{where} : sans « limit », too_long a besoin de « channels ».",
                      "Ajoutez channels: [connection-note] par exemple.")
    if len(c.errors) > before:
        return None
    return rule


def _near(c, value, vnode, where, lists) -> dict:
    if not isinstance(value, dict) or not {"a", "b", "within"} <= set(value) or set(value) - {"a", "b", "within", "ordered"}:
        c.err(vnode, f"{where} : near attend a, b, within (et ordered facultatif).",
              "Par exemple near: {a: [démo], b: [gratuit*], within: 3}.")
        return {}
    within = value["within"]
    if not isinstance(within, int) or isinstance(within, bool) or not 0 <= within <= 50:
        c.err(_get(vnode, "within")[1], f"{where} : within doit être un nombre de mots entre 0 et 50.", "")
    ordered = value.get("ordered", False)
    if not isinstance(ordered, bool):
        c.err(_get(vnode, "ordered")[1], f"{where} : ordered vaut true ou false.", "")
    a = _phrase_list(c, value["a"], _get(vnode, "a")[1], f"{where}, near.a", lists)
    b = _phrase_list(c, value["b"], _get(vnode, "b")[1], f"{where}, near.b", lists)
    return {"a": a, "b": b, "within": within, "ordered": ordered}


def _absent(c, value, vnode, where, lists) -> dict:
    allowed = {"signals", "signal_patterns", "when", "min_words", "span"}
    if not isinstance(value, dict) or "signals" not in value or set(value) - allowed:
        c.err(vnode, f"{where} : absent attend signals (et when, signal_patterns, min_words, span facultatifs).", "")
        return {}
    signals = []
    m = _phrase_list(c, value["signals"], _get(vnode, "signals")[1], f"{where}, absent.signals", lists)
    if m is not None:
        signals.append(m)
    for pat in value.get("signal_patterns") or []:
        p = _pattern(c, pat, _get(vnode, "signal_patterns")[1], f"{where}, absent.signal_patterns")
        if p is not None:
            signals.append(p)
    when = None
    if value.get("when") is not None:
        when = _phrase_list(c, value["when"], _get(vnode, "when")[1], f"{where}, absent.when", lists)
    min_words = value.get("min_words", 0)
    if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 0:
        c.err(_get(vnode, "min_words")[1], f"{where} : min_words doit être un nombre entier.", "")
    span = value.get("span", "message")
    if span not in ("message", "first-line"):
        c.err(_get(vnode, "span")[1], f"{where} : span vaut message ou first-line.", "")
    return {"signals": signals, "when": when, "min_words": min_words, "span": span}
