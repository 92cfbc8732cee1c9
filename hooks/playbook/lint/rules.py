"""Load and check snippets/rules.yml into a `RuleSet` (compiled once).

Every mistake becomes a `ContentError(path, line, problem, fix)` naming the rule (or the list,
category, channel) and the line in rules.yml. The shape is checked by schemas/rules.json
(`playbook.validate`); what a schema cannot express (a pattern's syntax, @list references,
duplicate ids, channels declared in the file, exactly one kind per rule) is checked after, for
the parts the schema accepted. `check_rules` returns all errors; `load_rules_file` raises the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import validate
from ..errors import ContentError
from .engine import LANGUAGES, SEVERITIES, GateIndex, Matcher, PatternMatcher, Rule
from .judge import Model, load_model
from .syntax import SyntaxProblem, check_pattern, compile_pattern, compile_phrase

CATEGORY_IDS = ("generic", "not-personalized", "false-pretext", "demands-reply", "hard-sell", "no-purpose")
MODEL_FILE = "verifier-model.json"  # written by `make train`, read beside the rules file
KINDS = ("phrases", "pattern", "near", "absent", "too_long")


@dataclass(frozen=True)
class Category:
    id: str
    label: str
    description: str
    link: str
    overall: str = ""  # the judgment layer's whole-message remark (judge.py)


@dataclass(frozen=True)
class Channel:
    id: str
    label: str
    max_chars: int
    free_max_chars: int | None = None  # a free (Basic) account's lower limit, when there is one


class RuleSet:
    """Loaded rules: `rules` (in file order), `by_id`, `categories`, `channels`, `path`."""

    def __init__(self, path: Path, categories: dict, channels: dict, rules: list[Rule], lists: dict,
                 model: Model | None = None):
        self.path = path
        self.model = model  # the judgment layer (judge.py), from verifier-model.json beside the rules
        self.categories = categories
        self.channels = channels
        self.rules = rules
        self.lists = lists
        self.by_id = {r.id: r for r in rules}
        self.channel_limits = {c.id: c.max_chars for c in channels.values()}
        self.free_limits = {c.id: c.free_max_chars for c in channels.values() if c.free_max_chars}
        self.limits_by_account = {None: self.channel_limits, "free": self.free_limits}  # too_long's `account`
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


def _get(node, key):
    """(key node, value node) of `key` in a YAML mapping node, or (None, None)."""
    if not isinstance(node, yaml.MappingNode):
        return None, None
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None, None


class _Out(validate.Collector):
    """The collector, plus the matchers compiled for a rule that uses exactly ["@name"]."""

    def __init__(self, path: str):
        super().__init__(path)
        self.shared: dict = {}

    def err(self, node, problem: str, fix: str = "") -> None:
        self.at(node, problem, fix)

    def rejected(self, *path) -> bool:
        """Did the schema reject something at or under `path`?"""
        return any(failed[:len(path)] == path for failed in self.failed)


def _where(data, path: tuple) -> str:
    """The prefix naming the rule, category or channel a path is in."""
    if len(path) < 2 or not isinstance(path[1], int) or not isinstance(data, dict):
        return ""
    items = data.get(path[0])
    item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
    ident = item.get("id") if isinstance(item, dict) else None
    named = f"« {ident} »" if isinstance(ident, str) else None
    if path[0] == "rules":
        return f"règle {named} : " if named else "règle sans id : "
    if path[0] == "categories":
        return f"catégorie {named} : " if named else ""
    return f"canal {named} : " if path[0] == "channels" and named else ""


def check_rules(path: str | Path, with_model: bool = True) -> tuple[RuleSet | None, list[ContentError]]:
    """Load `path` (and the judgment layer's model beside it unless `with_model` is False);
    return (RuleSet or None, every error found)."""
    path = Path(path)
    c = _Out(validate.display_path(path))
    text = validate.read_text(path, c)
    parsed = validate.parse_yaml(text, c) if text is not None else None
    if parsed is None:
        return None, c.errors
    root, data = parsed
    validate.duplicate_keys(root, c, lambda p: _where(data, p) or "rules.yml : ")
    validate.check("rules", data, root, c, context=lambda p: {"where": _where(data, p)})
    if not isinstance(data, dict):
        return None, c.sorted()
    categories = _categories(c, root, data)
    channels = _channels(c, root, data)
    lists = _lists(c, root, data)
    rules: list[Rule] = []
    seen_ids: dict[str, int] = {}
    raw_rules = data.get("rules") if isinstance(data.get("rules"), list) else []
    for index, (raw, node) in enumerate(zip(raw_rules, _get(root, "rules")[1].value if raw_rules else ())):
        if not c.rejected("rules", index):
            rule = _rule(c, raw, node, categories, channels, lists, seen_ids)
            if rule is not None:
                rules.append(rule)
    if c.errors:
        return None, c.sorted()
    try:
        model = load_model(path.parent / MODEL_FILE, categories) if with_model else None
    except ContentError as exc:
        return None, [exc]
    return RuleSet(path, categories, channels, rules, lists, model), []


def load_rules_file(path: str | Path, with_model: bool = True) -> RuleSet:
    ruleset, errors = check_rules(path, with_model)
    if errors:
        raise errors[0]
    return ruleset


def _categories(c: _Out, root, data) -> dict:
    """The declared categories (shape checked by the schema): each of the six exactly once."""
    key, node = _get(root, "categories")
    raw = data.get("categories")
    out: dict[str, Category] = {}
    if not isinstance(raw, list):
        return out
    for index, (item, item_node) in enumerate(zip(raw, node.value)):
        if c.rejected("categories", index):
            continue
        if item["id"] in out:
            c.err(item_node, f"la catégorie « {item['id']} » est déclarée deux fois.", "Supprimez le doublon.")
            continue
        out[item["id"]] = Category(item["id"], item["label"], item["description"], item["link"],
                                   item.get("overall") or item["description"])
    for cid in CATEGORY_IDS:
        if cid not in out and not any(isinstance(i, dict) and i.get("id") == cid for i in raw):
            c.err(key, f"la catégorie « {cid} » n'est pas déclarée.", "Ajoutez-la à la liste « categories ».")
    return out


def _channels(c: _Out, root, data) -> dict:
    _key, node = _get(root, "channels")
    raw = data.get("channels")
    out: dict[str, Channel] = {}
    for index, (item, item_node) in enumerate(zip(raw if isinstance(raw, list) else (), node.value if raw else ())):
        if c.rejected("channels", index):
            continue
        if item["id"] in out:
            c.err(item_node, f"le canal « {item['id']} » est déclaré deux fois.", "Supprimez le doublon.")
            continue
        free = item.get("free_max_chars")
        if free is not None and free >= item["max_chars"]:
            c.err(item_node, f"le canal « {item['id']} » : free_max_chars ({free}) doit être plus petit que max_chars ({item['max_chars']}).",
                  "free_max_chars est la limite, plus basse, d'un compte gratuit ; retirez-la si elle n'existe pas.")
            free = None  # the channel stays declared: its rules are not reported a second time
        out[item["id"]] = Channel(item["id"], item["label"], item["max_chars"], free)
    return out


def _lists(c: _Out, root, data) -> dict:
    _key, node = _get(root, "lists")
    raw = data.get("lists")
    if not isinstance(raw, dict):
        return {}
    # A list named `12:` is the text "12" (YAML reads a number), as `@12` refers to it.
    return {str(name): (value, _get(node, str(name))[1]) for name, value in raw.items()
            if not c.rejected("lists", name)}


def _phrase_list(c: _Out, value, node, where: str, lists: dict, fix_node=None) -> Matcher | None:
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


def _expand_list(c: _Out, name: str, lists: dict, seen: set) -> list | None:
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


def _pattern(c: _Out, value, node, where: str) -> PatternMatcher | None:
    if not isinstance(value, str) or not value:
        c.err(node, f"{where} : le motif doit être un texte non vide.", "Écrivez-le entre guillemets simples.")
        return None
    try:
        check_pattern(value)
    except SyntaxProblem as exc:
        c.err(node, f"{where}, motif « {value} » : {exc}.", "Voir la syntaxe des motifs en tête de rules.yml.")
        return None
    return PatternMatcher(compile_pattern(value))


def _rule(c: _Out, raw: dict, node, categories, channels, lists, seen_ids) -> Rule | None:
    """A rule the schema accepted: what needs the rest of the file, then its matchers compiled."""
    rid = raw["id"]
    where = f"règle « {rid} »"
    before = len(c.errors)

    def field_node(name):
        return _get(node, name)[1] or node

    if rid in seen_ids:
        c.err(field_node("id"), f"{where} : cet id est déjà utilisé ligne {seen_ids[rid]}.", "Choisissez un id unique.")
    else:
        seen_ids[rid] = c.line(node)
    if categories and raw["category"] not in categories:  # no categories: reported once, on the list
        c.err(field_node("category"), f"{where} : catégorie inconnue « {raw['category']} ».",
              f"Catégories possibles : {', '.join(CATEGORY_IDS)}.")
    for name in ("channels", "skip_channels"):
        if any(ch not in channels for ch in raw.get(name) or ()):
            c.err(field_node(name), f"{where} : {name} doit être une liste parmi {', '.join(channels)}.",
                  validate.suggest(next(ch for ch in raw[name] if ch not in channels), channels)
                  + "Utilisez les id déclarés dans « channels », en tête du fichier.")
    kinds = [k for k in KINDS if k in raw]
    if len(kinds) != 1:
        c.err(node, f"{where} : une règle doit avoir exactement une sorte parmi {', '.join(KINDS)}"
              + (f" (trouvé : {', '.join(kinds)})." if kinds else " (aucune trouvée)."),
              "Gardez-en une seule ; faites deux règles si besoin.")
        return None
    kind = kinds[0]
    rule = Rule(id=rid, category=raw["category"], severity=raw["severity"], languages=tuple(raw["languages"]),
                message=raw["message"], advice=raw["advice"], link=raw["link"], kind=kind, line=c.line(node),
                channels=tuple(raw.get("channels") or ()), skip_channels=tuple(raw.get("skip_channels") or ()))
    if "unless" in raw:
        rule.unless = _phrase_list(c, raw["unless"], field_node("unless"), f"{where}, unless", lists)
    _compile_kind(c, rule, raw[kind], field_node(kind), where, lists, channels)
    return rule if len(c.errors) == before else None


def _compile_kind(c: _Out, rule: Rule, value, vnode, where: str, lists: dict, channels: dict) -> None:
    if rule.kind == "phrases":
        rule.matcher = _phrase_list(c, value, vnode, where, lists)
    elif rule.kind == "pattern":
        rule.matcher = _pattern(c, value, vnode, where)
    elif rule.kind == "near":
        rule.near = _near(c, value, vnode, where, lists)
    elif rule.kind == "absent":
        rule.absent = _absent(c, value, vnode, where, lists)
    elif rule.kind == "too_long":
        rule.limit = (value or {}).get("limit")
        rule.account = (value or {}).get("account")
        if rule.limit is None and not rule.channels:
            c.err(vnode, f"{where} : sans « limit », too_long a besoin de « channels ».",
                  "Ajoutez channels: [connection-note] par exemple.")
        elif rule.limit is not None and rule.account:
            c.err(vnode, f"{where} : too_long prend « limit » ou « account », pas les deux.",
                  "Gardez limit: N pour un repère à vous, ou account: free pour la limite d'un compte gratuit.")
        elif rule.account:
            missing = [ch for ch in rule.channels if ch in channels and not channels[ch].free_max_chars]
            if missing:
                c.err(vnode, f"{where} : account: free, mais le canal « {missing[0]} » n'a pas de free_max_chars.",
                      "Donnez free_max_chars à ce canal dans « channels », ou retirez-le des channels de la règle.")


def _near(c, value: dict, vnode, where, lists) -> dict:
    """near, shape checked by the schema: its two phrase lists compiled."""
    a = _phrase_list(c, value["a"], _get(vnode, "a")[1], f"{where}, near.a", lists)
    b = _phrase_list(c, value["b"], _get(vnode, "b")[1], f"{where}, near.b", lists)
    return {"a": a, "b": b, "within": value["within"], "ordered": value.get("ordered", False)}


def _absent(c, value: dict, vnode, where, lists) -> dict:
    """absent, shape checked by the schema: signals, signal patterns and `when` compiled."""
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
    return {"signals": signals, "when": when, "min_words": value.get("min_words", 0),
            "span": value.get("span", "message")}
