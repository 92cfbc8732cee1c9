"""The example-message library: snippets/messages/<id>.md, one message per file.

Each file is YAML front matter between two `---` lines, then the message text:

    ---
    title: Invitation « robot »        # optional short French label
    lang: fr                           # fr | en
    channel: connection-note           # a channel declared in rules.yml
    verdict: bad                       # good | bad
    expect: [generic]                  # bad only, required: categories and/or rule ids it must trigger
    context: Qui écrit à qui, et pourquoi.
    pair: robot-good                   # bad: required, id of its good rewrite; good: optional, its bad
    ---
    Bonjour, …

- `parse_message(path, rules)` reads one file; `check_library(directory, rules)` reads them all and
  returns `(messages, errors)` with EVERY problem found (field missing or invalid, unknown value,
  `expect` on a good message or missing on a bad one, unknown category or rule in `expect`, `pair`
  pointing to a missing or wrong message, a good message paired by two bad ones, duplicate keys…).
- `load_library(directory, rules=None)` returns `{id: Message}` or raises an `ExceptionGroup` of
  `ContentError`s (each names the file, the line of the field, the problem and the fix).
- `check_example(message, rules)` lints the text: a good example with a finding above `info`, or a
  bad one missing an expected category or rule, gives `ContentError`s (file, line where the text
  starts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


from . import validate
from .errors import ContentError
from .lint import CATEGORY_IDS, excerpt, lint, load_rules

FIELDS = tuple(validate.schema("message")["properties"])  # the header's fields, from schemas/message.json
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Message:
    id: str
    path: str
    lang: str
    channel: str
    verdict: str
    context: str
    text: str
    text_line: int
    title: str = ""
    expect: tuple = ()
    pair: str | None = None
    lines: dict = field(default_factory=dict, compare=False, hash=False)


def plain_newlines(text: str) -> str:
    """CRLF and CR as LF: LinkedIn counts one character per line break, so does the linter."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Invisible control characters (NUL, escape...): never part of a message a reader types.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, 1-based line where the body starts), or None without front matter."""
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return None
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") == "---":
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1:])
            return front, body, index + 2
    return None


def parse_message(path: str | Path, rules=None) -> tuple[Message | None, list[ContentError]]:
    """Read and check one message file (everything that does not need the other files): the
    header against schemas/message.json, then the channel and `expect` against rules.yml."""
    path = Path(path)
    rules = rules or load_rules()
    out = validate.Collector(validate.display_path(path), line_offset=1)  # +1: the opening ---
    if not ID_RE.match(path.stem):
        out.add(None, f"le nom de fichier « {path.name} » n'est pas un identifiant valide.",
                "Renommez-le en minuscules, chiffres et tirets, par exemple robot-bad.md.")
    raw = validate.read_text(path, out, encoding="utf-8-sig")  # Windows editors: BOM, CRLF
    parts = _front_matter(plain_newlines(raw), out) if raw is not None else None
    parsed = validate.parse_yaml(parts[0], out, what="en-tête YAML invalide",
                                 fix="Vérifiez les deux-points et les guillemets de cette ligne.") if parts else None
    if parsed is None:
        return None, out.errors
    node, data = parsed
    validate.duplicate_keys(node, out)
    validate.check("message", data, node, out, root_line=1)
    if not isinstance(data, dict):
        return None, out.errors
    _check_against_rules(data, node, rules, out)
    front, body, text_line = parts
    if not body.strip():
        out.add(text_line, "le texte du message est vide.", "Écrivez le message après la ligne ---.")
    if out.errors:
        return None, out.sorted()
    expect = data.get("expect") if data["verdict"] == "bad" else None
    lines = {k.value: out.line(k) for k, _ in node.value}
    text = body.strip("\n")
    lead = len(body) - len(body.lstrip("\n"))
    return Message(id=path.stem, path=out.path, lang=data["lang"].strip(), channel=data["channel"].strip(),
                   verdict=data["verdict"], context=data["context"].strip(), text=text, text_line=text_line + lead,
                   title=(data.get("title") or "").strip(), expect=tuple([expect] if isinstance(expect, str) else expect or ()),
                   pair=data["pair"].strip() if isinstance(data.get("pair"), str) else None, lines=lines), []


def _front_matter(raw: str, out: validate.Collector) -> tuple[str, str, int] | None:
    """(front matter, body, body line) of a message file, or None with the error reported."""
    control = _CONTROL.search(raw)
    if control:
        out.add(raw.count("\n", 0, control.start()) + 1,
                f"le fichier contient un caractère de contrôle invisible (U+{ord(control[0]):04X}).",
                "Supprimez-le (il vient souvent d'un copier-coller) : retapez la ligne si besoin.")
        return None
    parts = split_front_matter(raw)
    if parts is None:
        out.add(1, "l'en-tête YAML manque (ou n'est pas fermé par une ligne ---).",
                "Commencez le fichier par ---, les champs lang, channel, verdict…, puis --- et le texte.")
    return parts


def _check_against_rules(data: dict, node, rules, out: validate.Collector) -> None:
    """What the schema cannot know: the channels declared in rules.yml, its categories and rules."""
    channel = data.get("channel")
    if isinstance(channel, str) and channel.strip() and channel.strip() not in rules.channels:
        out.at(validate.node_at(node, ("channel",))[0], f"channel « {channel} » inconnu.",
               f"{validate.suggest(channel, rules.channels)}Valeurs possibles : {', '.join(rules.channels)}.")
    expect = data.get("expect")
    if data.get("verdict") != "bad" or not isinstance(expect, (str, list)):
        return
    for item in [expect] if isinstance(expect, str) else expect:
        if isinstance(item, str) and item not in CATEGORY_IDS and item not in rules.by_id:
            out.at(validate.node_at(node, ("expect",))[0],
                   f"expect : « {item} » n'est ni une catégorie ni une règle connue.",
                   f"{validate.suggest(item, [*CATEGORY_IDS, *rules.by_id])}Catégories : {', '.join(CATEGORY_IDS)} ; "
                   "ou un id de snippets/rules.yml.")


def check_library(directory: str | Path, rules=None) -> tuple[dict, list[ContentError]]:
    """Read every <id>.md of `directory`; return ({id: Message}, all errors)."""
    directory = Path(directory)
    rules = rules or load_rules()
    messages: dict[str, Message] = {}
    errors: list[ContentError] = []
    if not directory.is_dir():
        return messages, [ContentError(validate.display_path(directory), None, "ce dossier de messages n'existe pas.",
                                       "Créez-le, avec un fichier .md par exemple de message.")]
    files = sorted(directory.glob("*.md"))
    for odd in sorted(p for p in directory.iterdir() if p.suffix.lower() in (".md", ".markdown", ".txt")
                      and p.suffix != ".md" and p.is_file()):
        errors.append(ContentError(validate.display_path(odd), None, f"« {odd.name} » est ignoré : seuls les fichiers en .md "
                                   "(minuscules) sont des messages de la bibliothèque.",
                                   f"Renommez-le en {odd.stem}.md."))
    if not files:
        errors.append(ContentError(validate.display_path(directory), None, "aucun message (fichier .md) trouvé.",
                                   "Ajoutez les exemples dans ce dossier."))
        return messages, errors
    for path in files:
        message, problems = parse_message(path, rules)
        errors.extend(problems)
        if message is not None:
            messages[message.id] = message
    # A good message rewrites one bad message. When several bad ones claim it (often a copied
    # file), the one it names back in its own `pair` keeps it and only the others are blamed.
    claims: dict[str, list[str]] = {}
    for message in messages.values():
        other = messages.get(message.pair) if message.pair else None
        if message.verdict == "bad" and other is not None and other.verdict != message.verdict:
            claims.setdefault(message.pair, []).append(message.id)
    rightful = {good: (messages[good].pair if messages[good].pair in bads else bads[0])
                for good, bads in claims.items()}
    for message in messages.values():
        if message.pair is None:
            continue
        line = message.lines.get("pair")
        other = messages.get(message.pair)
        if other is None:
            if not (directory / f"{message.pair}.md").exists():
                errors.append(ContentError(message.path, line, f"pair « {message.pair} » : ce message n'existe pas.",
                                           f"Créez {message.pair}.md ou corrigez l'id."))
            continue
        if other.verdict == message.verdict:
            errors.append(ContentError(message.path, line,
                                       f"pair « {message.pair} » est aussi un message « {other.verdict} ».",
                                       "Un message « bad » s'apparie à sa réécriture « good », et inversement."))
            continue
        if message.verdict == "bad":
            owner = rightful[message.pair]
            if owner != message.id:
                errors.append(ContentError(message.path, line,
                                           f"« {message.pair} » est déjà la réécriture de « {owner} ».",
                                           "Un bon message ne réécrit qu'un seul mauvais : écrivez une autre "
                                           "réécriture (ce fichier est-il une copie ?)."))
            elif other.pair is not None and other.pair != message.id:
                errors.append(ContentError(other.path, other.lines.get("pair"),
                                           f"pair « {other.pair} » alors que « {message.id} » se donne « {other.id} » pour réécriture.",
                                           f"Écrivez pair: {message.id} ou retirez le champ."))
    return messages, errors


def load_library(directory: str | Path, rules=None) -> dict[str, Message]:
    """{id: Message}; raises ExceptionGroup("…", [ContentError, …]) listing every problem."""
    messages, errors = check_library(directory, rules)
    if errors:
        raise ExceptionGroup(f"{len(errors)} problème(s) dans la bibliothèque de messages", errors)
    return messages


def check_example(message: Message, rules=None, findings=None) -> list[ContentError]:
    """Lint an example: good → no finding above info; bad → every `expect` item found.

    `findings`, when the caller already linted the message (the build does, for the cards), saves
    linting it twice."""
    rules = rules or load_rules()
    if findings is None:
        findings = lint(message.text, lang=message.lang, channel=message.channel, rules=rules)
    errors = []
    if message.verdict == "good":
        for f in findings:
            if f.severity == "info":
                continue
            quoted = "l'ensemble du message" if f.scope == "message" else f"« {excerpt(message.text[f.start:f.end], 60)} »"
            errors.append(ContentError(
                message.path, message.text_line,
                f"ce bon exemple déclenche la règle {f.rule} ({f.category}) sur {quoted}.",
                "Réécrivez ce passage, ou affinez la règle dans snippets/rules.yml si elle se trompe."))
    else:
        got = {f.category for f in findings} | {f.rule for f in findings}
        for item in message.expect:
            if item not in got:
                errors.append(ContentError(
                    message.path, message.text_line,
                    f"ce mauvais exemple devrait déclencher « {item} », mais le vérificateur ne le trouve pas"
                    + (f" (trouvé : {', '.join(sorted({f.rule for f in findings}))})." if findings else " (rien trouvé)."),
                    "Rendez la faute visible dans le texte, ou ajoutez une expression à la règle dans snippets/rules.yml."))
    return errors
