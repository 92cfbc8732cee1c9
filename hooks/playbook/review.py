"""Pages that stay true: each page's owner and review date, and the pages past that date.

A page names its owner and the date it must be reread in its front matter:

    responsable: pole-prospection
    a_revoir_le: 2027-06-01

The owners are listed once, in `snippets/responsables.yml` (id and name). When that file exists,
every Markdown page under docs/ must have both fields; a missing or malformed field or an unknown
owner is one `ContentError` with the file and line. Notebook pages (.ipynb) have no front matter
and are not reviewed here.

`load` reads every page's front matter itself (MkDocs reads a page only when it renders it, and
the « Pages à revoir » page must know them all); `overdue` and `summary_markdown` serve the site
(banner, list page) and the CI job summary (`playbook review`).

Why written here: the MkDocs plugins for page metadata (mkdocs-meta-manager, mkdocs-document-dates)
neither validate against a list of owners nor report file and line in French.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from playbook import validate
from playbook.errors import ContentError

OWNERS_FILE = Path("snippets", "responsables.yml")
OWNER_KEY, DUE_KEY = "responsable", "a_revoir_le"
#: The build's « today », for tests and for checking a date ahead (`AAAA-MM-JJ`).
TODAY_ENV = "PLAYBOOK_TODAY"

_BLOCK = re.compile(r"\A\ufeff?---[ \t]*\n(?P<yaml>.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Owner:
    id: str
    name: str


@dataclass(frozen=True)
class PageReview:
    src: str  # docs/-relative path (`reseau/index.md`)
    title: str
    owner: Owner
    due: dt.date

    def is_overdue(self, today: dt.date) -> bool:
        return self.due < today


def git_history(root: Path) -> str:
    """`full`, `shallow` (a clone with `--depth`: every page would show the same date) or `none`
    (no git): the site shows the pages' dates only with the full history."""
    try:
        result = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=root, capture_output=True,
                                text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return "none"
    if result.returncode != 0:
        return "none"
    return "shallow" if result.stdout.strip() == "true" else "full"


def today() -> dt.date:
    """The date the build compares review dates with: $PLAYBOOK_TODAY (AAAA-MM-JJ) or today."""
    value = os.environ.get(TODAY_ENV, "").strip()
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        raise ContentError(f"${TODAY_ENV}", None, f"« {value} » n'est pas une date.",
                           "Écrivez-la au format AAAA-MM-JJ, ou retirez cette variable.") from None


def load_owners(path: Path, shown: str) -> tuple[dict[str, Owner], list[ContentError]]:
    """The owners file: `responsables:` then a list of `id` and `nom`."""
    out = validate.Collector(shown)
    text = validate.read_text(path, out)
    parsed = validate.parse_yaml(text, out) if text is not None else None
    if parsed is None:
        return {}, out.sorted()
    root, data = parsed
    fix = "Écrivez `responsables:` puis, pour chaque responsable, `- id: pole-contenu` et `nom: Pôle contenu`."
    entries = data.get("responsables") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        out.at(root, "le fichier doit contenir une liste `responsables` non vide.", fix)
        return {}, out.sorted()
    owners: dict[str, Owner] = {}
    for index, entry in enumerate(entries):
        _key, node = validate.node_at(root, ("responsables", index))
        owner_id = entry.get("id") if isinstance(entry, dict) else None
        name = entry.get("nom") if isinstance(entry, dict) else None
        if not isinstance(owner_id, str) or not _ID.match(owner_id) or not isinstance(name, str) or not name.strip():
            out.at(node, "chaque responsable a un `id` (minuscules, chiffres et tirets) et un `nom`.", fix)
        elif owner_id in owners:
            out.at(node, f"le responsable « {owner_id} » est déclaré deux fois.", "Gardez une seule entrée par id.")
        else:
            owners[owner_id] = Owner(owner_id, name.strip())
    return owners, out.sorted()


def load(root: Path, docs: Path, *, report_unreadable: bool = False) -> tuple[list[PageReview], list[ContentError]]:
    """Every Markdown page's owner and review date, checked (nothing when the owners file is
    absent: a project without owners does not review its pages). An unreadable header is left to
    the build's page_meta check unless `report_unreadable` (the command line)."""
    owners_path = root / OWNERS_FILE
    if not owners_path.is_file():
        return [], []
    owners, errors = load_owners(owners_path, OWNERS_FILE.as_posix())
    if errors:
        return [], errors
    reviews: list[PageReview] = []
    for path in sorted(docs.rglob("*.md")):
        shown = validate.display_path(path, root)
        review, found = read_page(path, path.relative_to(docs).as_posix(), shown, owners,
                                  report_unreadable=report_unreadable)
        errors += found
        if review is not None:
            reviews.append(review)
    return reviews, errors


def read_page(path: Path, src: str, shown: str, owners: dict[str, Owner], *,
              report_unreadable: bool = False) -> tuple[PageReview | None, list[ContentError]]:
    out = validate.Collector(shown, line_offset=1)  # +1: the opening ---
    text = validate.read_text(path, out)
    if text is None:
        return None, out.sorted()
    block = _BLOCK.match(text)
    fields = "`responsable: <id>` et `a_revoir_le: AAAA-MM-JJ`"
    if block is None:
        out.add(1, f"la page n'a pas d'en-tête : il lui faut {fields}.",
                f"Ajoutez en tête de la page un bloc entre deux lignes --- avec {fields} "
                f"(les responsables sont listés dans {OWNERS_FILE.as_posix()}).")
        return None, out.sorted()
    parsed = validate.parse_yaml(block["yaml"], out, what="en-tête de la page illisible")
    if parsed is None or not isinstance(parsed[1], dict):
        # An unreadable header is reported by page_meta when MkDocs renders the page: once.
        return None, out.sorted() if report_unreadable else []
    root, meta = parsed
    owner = _owner(meta, root, out, owners)
    due = _due(meta, root, out)
    if owner is None or due is None:
        return None, out.sorted()
    return PageReview(src, _title(text[block.end():], meta, src), owner, due), []


def _owner(meta: dict, root, out: validate.Collector, owners: dict[str, Owner]) -> Owner | None:
    known = ", ".join(f"`{o}`" for o in owners)
    value = meta.get(OWNER_KEY)
    key, node = validate.node_at(root, (OWNER_KEY,))
    if value is None:
        out.at(key or root, f"il manque le champ `{OWNER_KEY}` (qui tient cette page à jour).",
               f"Ajoutez `{OWNER_KEY}: <id>` à l'en-tête ; les ids connus : {known}.")
        return None
    if str(value) not in owners:
        out.at(node, f"le responsable « {value} » n'existe pas.",
               f"{validate.suggest(str(value), owners)}Les ids connus : {known} "
               f"(ajoutez-en un dans {OWNERS_FILE.as_posix()} si besoin).")
        return None
    return owners[str(value)]


def _due(meta: dict, root, out: validate.Collector) -> dt.date | None:
    value = meta.get(DUE_KEY)
    key, node = validate.node_at(root, (DUE_KEY,))
    fix = f"Écrivez la date au format AAAA-MM-JJ, par exemple `{DUE_KEY}: 2027-06-01`."
    if value is None:
        out.at(key or root, f"il manque le champ `{DUE_KEY}` (la date à laquelle relire la page).", fix)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        out.at(node, f"`{DUE_KEY}: {value}` n'est pas une date.", fix)
        return None


def _title(body: str, meta: dict, src: str) -> str:
    if isinstance(meta.get("title"), str):
        return meta["title"]
    heading = re.search(r"^# (.+?)\s*(?:\{.*\})?\s*$", body, re.M)
    return heading[1].strip() if heading else src


def overdue(reviews: list[PageReview], on: dt.date) -> list[PageReview]:
    """The pages whose review date is past, oldest first."""
    return sorted((r for r in reviews if r.is_overdue(on)), key=lambda r: (r.due, r.owner.name, r.src))


def by_date(reviews: list[PageReview]) -> list[PageReview]:
    return sorted(reviews, key=lambda r: (r.due, r.owner.name, r.src))


def summary_markdown(reviews: list[PageReview], on: dt.date, french_date, site_url: str | None = None) -> str:
    """The CI job summary (GitHub Markdown) of the pages past their review date."""
    late = overdue(reviews, on)
    if not late:
        return f"### Pages à revoir\n\nAucune page n'a dépassé sa date de relecture ({french_date(on)}).\n"
    lines = ["### Pages à revoir", "",
             f"{len(late)} page(s) ont dépassé leur date de relecture au {french_date(on)} :", "",
             "| Page | Responsable | À revoir le |", "| --- | --- | --- |"]
    for review in late:
        title = review.title.replace("|", "\\|")
        page = f"[{title}]({site_url.rstrip('/')}/{review.src[:-3]}.html)" if site_url else title
        lines.append(f"| {page} (`docs/{review.src}`) | {review.owner.name} | {french_date(review.due)} |")
    return "\n".join(lines) + "\n"
