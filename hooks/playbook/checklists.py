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

from playbook import templating, validate
from playbook.errors import ContentError
from playbook.templating import Markup

__all__ = [
    "CHECKLIST_KEYS",
    "ITEM_KEYS",
    "LINK_KINDS",
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

#: The keys of a checklist and of an item, as schemas/checklist.json declares them.
CHECKLIST_KEYS = tuple(validate.schema("checklist")["properties"])
ITEM_KEYS = tuple(validate.schema("checklist")["properties"]["items"]["items"]["properties"])
LINK_KINDS = ("link", "rule", "category")

# (French keys typed by reflex, e.g. `titre`, are suggested by schemas/checklist.json's x-aliases.)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PAGE_RE = re.compile(r"^(?!/)(?:[a-z0-9_.-]+/)*[a-z0-9_-][a-z0-9_.-]*\.md$")
_ANCHOR_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.:-]*$")



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


def _parse_link(kind: str, value: str, line: int, where: str, out: validate.Collector) -> ItemLink | None:
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


def _yaml_fix(exc: yaml.YAMLError) -> str:
    if "mapping values are not allowed" in str(getattr(exc, "problem", "") or ""):
        return ("Un texte qui contient ` : ` (fréquent en français) doit être mis entre guillemets, "
                "ou écrit en bloc : `text: >-`, puis le texte sur les lignes suivantes, décalé.")
    return ("Vérifiez le décalage des lignes (des espaces uniquement, les points alignés sous "
            "`items:`) et mettez entre guillemets les textes qui commencent par `*`, `&`, `!`, "
            "`[`, `{`, `>`, `|`, `@` ou un guillemet.")


def _subject(data, path: tuple) -> str:
    """How a message names the part of the checklist at `path`: the checklist or one of its points."""
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        item = data["items"][path[1]] if isinstance(data.get("items"), list) else None
        item_id = item.get("id") if isinstance(item, dict) else None
        return f"point `{item_id.strip()}`" if isinstance(item_id, str) and item_id.strip() else f"point {path[1] + 1}"
    return "la checklist"


def parse_checklist(text: str, path: str, expected_id: str | None = None
                    ) -> tuple[Checklist | None, list[ContentError]]:
    """Parse one checklist file's text. Returns (checklist or None, every error found).

    `path` is only used in messages; `expected_id` (the file name without .yml) must equal `id`.
    A checklist is returned only when it has no error: the schema (schemas/checklist.json) first,
    then the checks it cannot express (the id against the file name, slugs, duplicates, links).
    """
    out = validate.Collector(path)
    parsed = validate.parse_yaml(text, out, as_text=True, what="erreur de syntaxe YAML", fix=_yaml_fix)
    if parsed is None:
        return None, out.sorted()
    root, data = parsed
    if root is None or (isinstance(root, yaml.ScalarNode) and not root.value.strip()):
        out.add(1, "le fichier de la checklist est vide.",
                "Écrivez au moins `id`, `title` et `items` (voir la page « Contribuer », `docs/contribuer.md`).")
        return None, out.errors
    validate.duplicate_keys(root, out, lambda p: f"{_subject(data, p)} : " if p else "")

    def context(p):
        subject = _subject(data, p)
        return {"subject": subject, "where": f"{subject} : " if p[:1] == ("items",) else "",
                "expected": expected_id or "<nom du fichier>"}

    validate.check("checklist", data, root, out, context=context)
    if isinstance(data, dict):
        _check_id(data, root, out, expected_id)
        items = data.get("items") if isinstance(data.get("items"), list) else []
        seen: dict[str, int] = {}
        for number, item in enumerate(items):
            if isinstance(item, dict):
                _check_item(item, ("items", number), data, root, out, seen)
    if out.errors:
        return None, out.sorted()
    items = tuple(ChecklistItem(item["id"].strip(), item["text"].strip(), _stripped(item.get("detail")),
                                _link_of(item, ("items", number), root, out),
                                out.line(validate.node_at(root, ("items", number))[1]))
                  for number, item in enumerate(data["items"]))
    return Checklist(id=data["id"].strip(), title=data["title"].strip(), intro=_stripped(data.get("intro")),
                     items=items, path=path, line=1,
                     categories=tuple(i.link.target for i in items if i.link and i.link.kind == "category")), []


def _stripped(value: str | None) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _check_id(data: dict, root, out: validate.Collector, expected_id: str | None) -> None:
    checklist_id = data.get("id")
    if not isinstance(checklist_id, str) or not checklist_id.strip():
        return  # reported by the schema
    checklist_id = checklist_id.strip()
    line = out.line(validate.node_at(root, ("id",))[0])
    if expected_id is not None and checklist_id != expected_id:
        out.add(line, f"l'identifiant `{checklist_id}` diffère du nom du fichier `{expected_id}`.",
                f"Écrivez `id: {expected_id}`, ou renommez le fichier en `{checklist_id}.yml` "
                "(et mettez à jour les pages qui affichent la checklist).")
    elif not SLUG_RE.match(checklist_id):
        out.add(line, f"l'identifiant `{checklist_id}` n'est pas valide.",
                "N'utilisez que des minuscules, des chiffres et des tirets, par exemple `avant-relance`.")


def _check_item(item: dict, path: tuple, data: dict, root, out: validate.Collector, seen: dict[str, int]) -> None:
    """An item's id (slug, unique) and its single link, after the schema."""
    where = _subject(data, path)
    item_id = item.get("id").strip() if isinstance(item.get("id"), str) else ""
    if item_id:
        line = out.line(validate.node_at(root, (*path, "id"))[0])
        if not SLUG_RE.match(item_id):
            out.add(line, f"{where} : l'identifiant n'est pas valide.",
                    "N'utilisez que des minuscules sans accents, des chiffres et des tirets, par exemple "
                    f"`{_slugify(item_id) or 'element-nouveau'}`.")
        elif item_id in seen:
            out.add(line, f"{where} : le même identifiant est utilisé lignes {seen[item_id]} et {line}.",
                    "Donnez à chaque point son propre identifiant ; les coches sont mémorisées par identifiant.")
        else:
            seen[item_id] = line
    present = [k for k in LINK_KINDS if k in item]
    if len(present) > 1:
        out.add(out.line(validate.node_at(root, (*path, present[1]))[0]),
                f"{where} a à la fois `{present[0]}` et `{present[1]}`.",
                "Un point ne renvoie qu'à un seul endroit : gardez l'un des deux.")
    elif present and isinstance(item[present[0]], str) and item[present[0]].strip():
        _link_of(item, path, root, out, where)


def _link_of(item: dict, path: tuple, root, out: validate.Collector, where: str = "") -> ItemLink | None:
    kind = next((k for k in LINK_KINDS if k in item), None)
    if kind is None:
        return None
    line = out.line(validate.node_at(root, (*path, kind))[0])
    return _parse_link(kind, item[kind].strip(), line, where, out)


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
        errors.append(ContentError(validate.display_path(directory, root_path), None,
                                   "le dossier des checklists n'existe pas.",
                                   "Créez-le et ajoutez-y un fichier `<id>.yml` par checklist."))
        return checklists, errors
    for file in sorted(directory.iterdir()):
        if file.suffix.lower() in (".yaml", ".yml") and file.suffix != ".yml" and file.is_file():
            errors.append(ContentError(validate.display_path(file, root_path), None,
                                       "le nom d'un fichier de checklist doit se terminer par `.yml`.",
                                       f"Renommez-le en `{file.stem}.yml`."))
            continue
        if file.suffix != ".yml" or not file.is_file():
            continue
        shown = validate.display_path(file, root_path)
        unreadable = validate.Collector(shown)
        text = validate.read_text(file, unreadable)
        if text is None:
            errors.extend(unreadable.errors)
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
