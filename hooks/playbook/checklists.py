"""Live checklists: read `snippets/checklists/<id>.yml`, check them, render them as HTML.

A checklist file looks like this (the content is French, the keys are English):

    id: avant-relance                  # must equal the file name
    title: Avant de relancer
    intro: Une relance doit *apporter* quelque chose.      # optional, inline Markdown
    items:
      - id: element-nouveau            # stable slug: ticks are remembered under it
        text: La relance apporte un élément nouveau.      # inline Markdown
        detail: |                      # optional, Markdown
          Un article, une date, une question précise.
        link: prospecter/relances.md#ancre                # optional: a docs page (anchor optional)
      - id: pas-d-exigence
        text: Vous ne réclamez pas de réponse.
        category: demands-reply        # or `rule: <rule-id>`: a linter category or rule

Everything here is a plain function without MkDocs: the build hook passes what the site knows
(pages, rules, categories), a Markdown renderer and a URL builder. Every mistake is reported as a
`ContentError` naming the file and the YAML line; loading collects all of them before failing.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from playbook import templating, yamlparse
from playbook.errors import ContentError
from playbook.templating import Markup

__all__ = [
    "CHECKLIST_KEYS",
    "ITEM_KEYS",
    "LINK_KINDS",
    "MARKER_RE",
    "Checklist",
    "ChecklistErrors",
    "ChecklistItem",
    "ItemLink",
    "check_links",
    "load_checklists",
    "parse_checklist",
    "read_checklists",
    "render_checklist",
]

CHECKLIST_KEYS = ("id", "title", "intro", "items")
ITEM_KEYS = ("id", "text", "detail", "link", "rule", "category")
LINK_KINDS = ("link", "rule", "category")

# Keys a French-speaking contributor may type by reflex, mapped to the expected key.
_FRENCH_KEYS = {
    "titre": "title",
    "introduction": "intro",
    "elements": "items",
    "éléments": "items",
    "points": "items",
    "texte": "text",
    "détail": "detail",
    "details": "detail",
    "détails": "detail",
    "lien": "link",
    "page": "link",
    "règle": "rule",
    "regle": "rule",
    "catégorie": "category",
    "categorie": "category",
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PAGE_RE = re.compile(r"^(?!/)(?:[a-z0-9_.-]+/)*[a-z0-9_-][a-z0-9_.-]*\.md$")
_ANCHOR_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")

#: The page marker that embeds a checklist, alone on its line: `<!-- playbook:checklist ID -->`.
MARKER_RE = re.compile(r"^[ \t]*<!--[ \t]*playbook:checklist[ \t]+(?P<id>\S+)[ \t]*-->[ \t]*$", re.M)

_NULL_TAG = "tag:yaml.org,2002:null"

#: Keys of the `checklist` section of snippets/labels.yml: the interface text around every
#: checklist (link labels, button, progress, messages that checklists.js announces).
LABEL_KEYS = ("link", "reset", "progress", "progress_value", "done", "reset_done", "no_storage")


# --------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True)
class ItemLink:
    """Where an item points: a docs page (`kind="link"`), a linter rule or a linter category.

    `target` is the page path relative to docs/ (e.g. `prospecter/relances.md`), the rule id or
    the category id; `anchor` is the part after `#` for pages, else None.
    """

    kind: str
    target: str
    anchor: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    detail: str | None = None
    link: ItemLink | None = None
    line: int | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    title: str
    items: tuple[ChecklistItem, ...]
    intro: str | None = None
    path: str = ""
    line: int | None = None
    categories: tuple[str, ...] = field(default=(), compare=False)

    @property
    def links(self) -> list[ItemLink]:
        return [item.link for item in self.items if item.link is not None]


class ChecklistErrors(Exception):
    """Raised by `load_checklists` with every `ContentError` found, in file and line order."""

    def __init__(self, errors: Iterable[ContentError]):
        self.errors: list[ContentError] = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


# --------------------------------------------------------------------------------------------
# Loading and validation


def _display_path(path: Path, root: Path | None) -> str:
    """The path as people see it: relative to `root` (or the working directory) when inside it."""
    resolved = path.resolve()
    for base in (root, Path.cwd()):
        if base is not None and resolved.is_relative_to(base.resolve()):
            return resolved.relative_to(base.resolve()).as_posix()
    return path.as_posix()


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _suggest(key: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    if key.lower() in _FRENCH_KEYS and _FRENCH_KEYS[key.lower()] in allowed:
        return f"Vouliez-vous dire `{_FRENCH_KEYS[key.lower()]}` ? "
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if close:
        return f"Vouliez-vous dire `{close[0]}` ? "
    return ""


class _Collector:
    def __init__(self, path: str):
        self.path = path
        self.errors: list[ContentError] = []

    def add(self, line: int | None, problem: str, fix: str = "") -> None:
        self.errors.append(ContentError(self.path, line, problem, fix))


def _mapping(node: yaml.MappingNode, allowed: tuple[str, ...], where: str, out: _Collector
             ) -> dict[str, tuple[yaml.Node, int]]:
    """Keys of a mapping node as {key: (value node, key line)}; reports unknown and repeated keys."""
    result: dict[str, tuple[yaml.Node, int]] = {}
    for key_node, value_node in node.value:
        line = _line(key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            out.add(line, f"{where} : une clé doit être un simple mot.", f"Clés possibles : {', '.join(allowed)}.")
            continue
        key = key_node.value
        if key not in allowed:
            out.add(line, f"{where} : clé inconnue `{key}`.",
                    f"{_suggest(key, allowed)}Clés possibles : {', '.join(allowed)}.")
            continue
        if key in result:
            out.add(line, f"{where} : la clé `{key}` apparaît deux fois (d'abord ligne {result[key][1]}).",
                    "Gardez-en une seule.")
            continue
        result[key] = (value_node, line)
    return result


def _text(entry: tuple[yaml.Node, int] | None, what: str, out: _Collector,
          *, required: bool, fix: str) -> str | None:
    """A scalar value as a stripped string (YAML's `yes`/`no`/numbers stay text); None if absent."""
    if entry is None:
        return None
    node, line = entry
    if not isinstance(node, yaml.ScalarNode):
        out.add(_line(node), f"{what} doit être un texte, pas une liste ni un ensemble de champs.", fix)
        return None
    value = "" if node.tag == _NULL_TAG else str(node.value).strip()
    if not value:
        if required:
            out.add(line, f"{what} est vide.", fix)
        return None
    return value


def _parse_link(kind: str, value: str, line: int, where: str, out: _Collector) -> ItemLink | None:
    if kind == "link":
        page, _, anchor = value.partition("#")
        if "#" in value and not anchor:
            out.add(line, f"{where} : le lien `{value}` se termine par une ancre vide.",
                    "Retirez le `#` ou écrivez l'ancre après lui, par exemple `prospecter/relances.md#quand-relancer`.")
            return None
        if not _PAGE_RE.match(page) or ".." in page.split("/"):
            out.add(line, f"{where} : `{value}` n'est pas le chemin d'une page de `docs/`.",
                    "Écrivez le chemin de la page depuis `docs/`, terminé par `.md` et éventuellement suivi "
                    "de `#ancre`, par exemple `prospecter/relances.md`.")
            return None
        if anchor and not _ANCHOR_RE.match(anchor):
            out.add(line, f"{where} : l'ancre `#{anchor}` contient des espaces ou de la ponctuation.",
                    "Reprenez l'identifiant du titre tel qu'il apparaît dans l'adresse de la page, "
                    "par exemple `#quand-relancer`.")
            return None
        return ItemLink("link", page, anchor or None, line)
    if not SLUG_RE.match(value):
        out.add(line, f"{where} : `{value}` n'est pas un identifiant de {'règle' if kind == 'rule' else 'catégorie'} valide.",
                f"Recopiez {_kind_name(kind)} tel qu'il est écrit dans `snippets/rules.yml` "
                "(minuscules, chiffres et tirets).")
        return None
    return ItemLink(kind, value, None, line)


def parse_checklist(text: str, path: str, expected_id: str | None = None
                    ) -> tuple[Checklist | None, list[ContentError]]:
    """Parse one checklist file's text. Returns (checklist or None, every error found).

    `path` is only used in messages; `expected_id` (the file name without .yml) must equal `id`.
    A checklist is returned only when it has no error.
    """
    out = _Collector(path)
    try:
        root = yamlparse.compose(text)
    except yaml.MarkedYAMLError as exc:
        line, described = yamlparse.describe(exc, text)
        problem = str(exc.problem or "")
        if "mapping values are not allowed" in problem:
            fix = ("Un texte qui contient ` : ` (fréquent en français) doit être mis entre guillemets, "
                   "ou écrit en bloc : `text: >-`, puis le texte sur les lignes suivantes, décalé.")
        else:
            fix = ("Vérifiez le décalage des lignes (des espaces uniquement, les points alignés sous "
                   "`items:`) et mettez entre guillemets les textes qui commencent par `*`, `&`, `!`, "
                   "`[`, `{`, `>`, `|`, `@` ou un guillemet.")
        out.add(line, f"erreur de syntaxe YAML : {described}.", fix)
        return None, out.errors
    except yaml.YAMLError as exc:  # pragma: no cover - non-marked errors are rare
        out.add(None, f"erreur de syntaxe YAML : {exc}.", "Vérifiez la syntaxe du fichier.")
        return None, out.errors

    if root is None or (isinstance(root, yaml.ScalarNode) and not root.value.strip()):
        out.add(1, "le fichier de la checklist est vide.",
                "Écrivez au moins `id`, `title` et `items` (voir la page « Contribuer », `docs/contribuer.md`).")
        return None, out.errors
    if not isinstance(root, yaml.MappingNode):
        out.add(_line(root), "un fichier de checklist doit être un ensemble de champs `id`, `title` et `items`.",
                "Commencez le fichier par `id: <nom du fichier>` sur la première ligne, sans `-` devant.")
        return None, out.errors

    keys = _mapping(root, CHECKLIST_KEYS, "la checklist", out)

    checklist_id = _text(keys.get("id"), "le champ `id`", out, required=True,
                         fix=f"Écrivez `id: {expected_id or '<nom du fichier>'}`.")
    if "id" not in keys:
        out.add(1, "la checklist n'a pas de champ `id`.",
                f"Ajoutez `id: {expected_id or '<nom du fichier>'}` en haut du fichier.")
    elif checklist_id is not None and expected_id is not None and checklist_id != expected_id:
        out.add(keys["id"][1], f"l'identifiant `{checklist_id}` diffère du nom du fichier `{expected_id}`.",
                f"Écrivez `id: {expected_id}`, ou renommez le fichier en `{checklist_id}.yml` "
                "(et mettez à jour les pages qui affichent la checklist).")
    elif checklist_id is not None and not SLUG_RE.match(checklist_id):
        out.add(keys["id"][1], f"l'identifiant `{checklist_id}` n'est pas valide.",
                "N'utilisez que des minuscules, des chiffres et des tirets, par exemple `avant-relance`.")

    title = _text(keys.get("title"), "le champ `title`", out, required=True,
                  fix="Écrivez un titre court en français, par exemple `title: Avant de relancer`.")
    if "title" not in keys:
        out.add(1, "la checklist n'a pas de champ `title`.",
                "Ajoutez un titre court en français, par exemple `title: Avant de relancer`.")

    intro = _text(keys.get("intro"), "le champ `intro`", out, required=False,
                  fix="Écrivez l'introduction sur une ligne de texte, ou retirez `intro`.")

    items: list[ChecklistItem] = []
    if "items" not in keys:
        out.add(1, "la checklist n'a pas de champ `items`.",
                "Ajoutez `items:` suivi de la liste des points (`- id: ...` puis `text: ...`).")
    else:
        node, line = keys["items"]
        if isinstance(node, yaml.ScalarNode) and (node.tag == _NULL_TAG or not node.value.strip()):
            out.add(line, "la checklist n'a aucun point.",
                    "Ajoutez au moins un point sous `items:` (`- id: ...` et `text: ...`).")
        elif not isinstance(node, yaml.SequenceNode):
            out.add(line, "le champ `items` doit être une liste.",
                    "Écrivez chaque point sur sa propre ligne, qui commence par `- id: ...`.")
        elif not node.value:
            out.add(line, "la checklist n'a aucun point.",
                    "Ajoutez au moins un point sous `items:` (`- id: ...` et `text: ...`).")
        else:
            items = _parse_items(node, out)

    if out.errors:
        return None, sorted(out.errors, key=lambda e: e.line or 0)
    checklist = Checklist(
        id=checklist_id or "",
        title=title or "",
        intro=intro,
        items=tuple(items),
        path=path,
        line=1,
        categories=tuple(i.link.target for i in items if i.link and i.link.kind == "category"),
    )
    return checklist, []


def _parse_items(node: yaml.SequenceNode, out: _Collector) -> list[ChecklistItem]:
    items: list[ChecklistItem] = []
    seen: dict[str, int] = {}
    for number, item_node in enumerate(node.value, start=1):
        line = _line(item_node)
        where = f"point {number}"
        if isinstance(item_node, yaml.MappingNode):
            for key_node, value_node in item_node.value:
                if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode) \
                        and str(value_node.value).strip():
                    where = f"point `{str(value_node.value).strip()}`"
                    break
        if not isinstance(item_node, yaml.MappingNode):
            out.add(line, f"{where} doit être un ensemble de champs `id` et `text`.",
                    "Écrivez-le ainsi : `- id: mon-point`, puis `  text: ...` sur la ligne suivante.")
            continue
        keys = _mapping(item_node, ITEM_KEYS, where, out)

        item_id = _text(keys.get("id"), f"{where} : le champ `id`", out, required=True,
                        fix="Donnez au point un identifiant court et stable, par exemple `id: element-nouveau`.")
        if "id" not in keys:
            out.add(line, f"{where} n'a pas de champ `id`.",
                    "Ajoutez un identifiant court et stable, par exemple `id: element-nouveau` ; "
                    "les coches sont mémorisées sous cet identifiant.")
        elif item_id is not None:
            if not SLUG_RE.match(item_id):
                out.add(keys["id"][1], f"{where} : l'identifiant n'est pas valide.",
                        "N'utilisez que des minuscules sans accents, des chiffres et des tirets, par exemple "
                        f"`{_slugify(item_id) or 'element-nouveau'}`.")
            elif item_id in seen:
                out.add(keys["id"][1],
                        f"{where} : le même identifiant est utilisé lignes {seen[item_id]} et {keys['id'][1]}.",
                        "Donnez à chaque point son propre identifiant ; les coches sont mémorisées par identifiant.")
            else:
                seen[item_id] = keys["id"][1]

        text = _text(keys.get("text"), f"{where} : le champ `text`", out, required=True,
                     fix="Écrivez ce qu'il faut vérifier, en une phrase.")
        if "text" not in keys:
            out.add(line, f"{where} n'a pas de champ `text`.",
                    "Ajoutez `text:` avec ce qu'il faut vérifier, en une phrase.")

        detail = _text(keys.get("detail"), f"{where} : le champ `detail`", out, required=False,
                       fix="Écrivez le détail sous forme de texte (avec `|` pour plusieurs paragraphes), "
                           "ou retirez-le.")

        present = [k for k in LINK_KINDS if k in keys]
        link = None
        if len(present) > 1:
            out.add(keys[present[1]][1],
                    f"{where} a à la fois `{present[0]}` et `{present[1]}`.",
                    "Un point ne renvoie qu'à un seul endroit : gardez l'un des deux.")
        elif present:
            kind = present[0]
            value = _text(keys[kind], f"{where} : le champ `{kind}`", out, required=True,
                          fix=f"Écrivez {_kind_name(kind)}, ou retirez `{kind}`.")
            if value is not None:
                link = _parse_link(kind, value, keys[kind][1], where, out)

        if item_id and text:
            items.append(ChecklistItem(item_id, text, detail, link, line))
    return items


def _kind_name(kind: str) -> str:
    return {"link": "le chemin de la page (depuis `docs/`)", "rule": "l'identifiant de la règle",
            "category": "l'identifiant de la catégorie"}[kind]


def _slugify(value: str) -> str:
    ascii_value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_value.lower()).strip("-")


def read_checklists(directory: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
                    ) -> tuple[dict[str, Checklist], list[ContentError]]:
    """Read every `*.yml` checklist in `directory`; return (valid checklists by id, all errors).

    Paths in messages are relative to `root` (default: the working directory) when possible.
    A missing directory is an error too.
    """
    directory = Path(directory)
    root_path = Path(root) if root is not None else None
    checklists: dict[str, Checklist] = {}
    errors: list[ContentError] = []
    if not directory.is_dir():
        errors.append(ContentError(_display_path(directory, root_path), None,
                                   "le dossier des checklists n'existe pas.",
                                   "Créez-le et ajoutez-y un fichier `<id>.yml` par checklist."))
        return checklists, errors
    for file in sorted(directory.iterdir()):
        if file.suffix.lower() in (".yaml", ".yml") and file.suffix != ".yml" and file.is_file():
            errors.append(ContentError(_display_path(file, root_path), None,
                                       "le nom d'un fichier de checklist doit se terminer par `.yml`.",
                                       f"Renommez-le en `{file.stem}.yml`."))
            continue
        if file.suffix != ".yml" or not file.is_file():
            continue
        shown = _display_path(file, root_path)
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            errors.append(ContentError(shown, None, f"le fichier n'est pas du texte UTF-8 ({exc.reason}).",
                                       "Enregistrez-le en UTF-8 dans votre éditeur."))
            continue
        checklist, found = parse_checklist(text, shown, expected_id=file.stem)
        errors.extend(found)
        if checklist is not None:
            checklists[checklist.id] = checklist
    return checklists, errors


def load_checklists(directory: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
                    ) -> dict[str, Checklist]:
    """Every checklist in `directory` by id; raises `ChecklistErrors` listing ALL mistakes."""
    checklists, errors = read_checklists(directory, root=root)
    if errors:
        raise ChecklistErrors(errors)
    return checklists


def check_links(checklists: Mapping[str, Checklist] | Iterable[Checklist],
                known_pages: set[str], known_rules: set[str] | None, known_categories: set[str] | None,
                *, known_anchors: Mapping[str, set[str]] | None = None) -> list[ContentError]:
    """Errors for item links to a page, rule or category the site does not have.

    `known_rules` / `known_categories` None means "not known" (rules.yml has errors, reported on
    their own): links to rules and categories are then not checked, so one mistake gives one
    message.

    `known_pages` are docs-relative paths (`prospecter/relances.md`). When `known_anchors` maps a
    page to its heading ids, anchors are checked too; otherwise they are accepted as written.
    """
    values = checklists.values() if isinstance(checklists, Mapping) else checklists
    errors: list[ContentError] = []
    for checklist in values:
        for item in checklist.items:
            link = item.link
            if link is None:
                continue
            where = f"point `{item.id}`"
            if link.kind == "link":
                if link.target not in known_pages:
                    close = difflib.get_close_matches(link.target, sorted(known_pages), n=1, cutoff=0.6)
                    hint = f"Vouliez-vous dire `{close[0]}` ? " if close else ""
                    errors.append(ContentError(checklist.path, link.line,
                                               f"{where} renvoie à `{link.target}`, qui n'est pas une page du site.",
                                               f"{hint}Écrivez un chemin depuis `docs/`, comme dans la navigation."))
                elif link.anchor and known_anchors is not None and link.target in known_anchors \
                        and link.anchor not in known_anchors[link.target]:
                    close = difflib.get_close_matches(link.anchor, sorted(known_anchors[link.target]),
                                                      n=1, cutoff=0.6)
                    hint = f"Vouliez-vous dire `#{close[0]}` ? " if close else ""
                    errors.append(ContentError(checklist.path, link.line,
                                               f"{where} : `{link.target}` n'a pas de titre `#{link.anchor}`.",
                                               f"{hint}Renvoyez à la page sans ancre, ou utilisez l'identifiant "
                                               "d'un titre existant."))
            else:
                known = known_rules if link.kind == "rule" else known_categories
                if known is None:
                    continue
                name = "règle du vérificateur" if link.kind == "rule" else "catégorie du vérificateur"
                if link.target not in known:
                    close = difflib.get_close_matches(link.target, sorted(known), n=1, cutoff=0.6)
                    hint = f"Vouliez-vous dire `{close[0]}` ? " if close else ""
                    listed = f" Identifiants connus : {', '.join(sorted(known))}." if link.kind == "category" else ""
                    errors.append(ContentError(checklist.path, link.line,
                                               f"{where} : `{link.target}` n'est pas une {name}.",
                                               f"{hint}Utilisez un identifiant de `snippets/rules.yml`.{listed}"))
    return errors


# --------------------------------------------------------------------------------------------
# Rendering

_SINGLE_P = re.compile(r"^\s*<p>(?P<body>.*)</p>\s*$", re.S)


def _inline(md: Callable[[str], str], text: str) -> str:
    """Render inline Markdown with a block renderer: drop the single wrapping <p>, if any."""
    rendered = md(text).strip()
    match = _SINGLE_P.match(rendered)
    if match and "<p>" not in match.group("body") and "<p " not in match.group("body"):
        return match.group("body").strip()
    return rendered


def _one_line(fragment: str) -> str:
    # Raw HTML spliced into a Markdown page must not contain blank lines (they end the HTML block).
    return re.sub(r"\n\s*\n", "\n", fragment.strip())


def render_checklist(checklist: Checklist, *, md: Callable[[str], str],
                     url_for: Callable[[ItemLink], str | None], instance: int,
                     labels: Mapping[str, object], heading_level: int = 2) -> str:
    """The checklist as HTML that works without JavaScript (templates/checklist.html).

    `md(text)` renders Markdown to sanitized HTML (`playbook.safe_html.block`; a single wrapping
    `<p>` is removed for inline texts). `url_for(link)` returns the href for an item's link, or
    None to render no link. `instance` must differ for each checklist rendered on the same page
    (a page-wide counter starting at 1): element ids are `pb-<checklist>-<item>-<instance>`.
    `labels` is the `checklist` section of snippets/labels.yml.
    """
    total = len(checklist.items)
    items = []
    for item in checklist.items:
        href = url_for(item.link) if item.link is not None else None
        items.append({
            "id": item.id, "box": f"pb-{checklist.id}-{item.id}-{instance}",
            "text": Markup(_inline(md, item.text)),
            "detail": Markup(_one_line(md(item.detail))) if item.detail else None,
            "href": href, "link_label": labels["link"][item.link.kind] if href else None,
        })
    return templating.render(
        "checklist.html", c=checklist, instance=instance, base=f"pb-{checklist.id}-{instance}",
        level=min(max(int(heading_level), 2), 6), labels=labels, items=items,
        intro=Markup(_inline(md, checklist.intro)) if checklist.intro else None,
        progress_start=str(labels["progress_value"]).format(ticked=0, total=total))
