"""MkDocs' own link, anchor and navigation warnings, in French and with the line to fix.

MkDocs validates the links of every page (and `--strict` fails on them), but says it in English
and without a line: "Doc file 'x.md' contains a link 'y.md', but the target is not found among
documentation files." `translate(message, ...)` rewrites the messages it knows into the
playbook's form (`docs/x.md:12: problem. How to fix.`), finding the link's line in the page (or
the nav entry's line in mkdocs.yml); anything else is left as MkDocs wrote it (None).
`FrenchMessages` is the logging filter the hooks put on MkDocs' loggers.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

__all__ = ["FrenchMessages", "translate"]

_PAGE = r"^Doc file '(?P<page>[^']+)' contains "
_SUGGEST = r"(?: Did you mean '(?P<suggest>[^']*)'\?)?$"
_KNOWN = [
    ("missing", re.compile(_PAGE + r"a link '(?P<link>[^']+)', but the target(?: '[^']+')? is not found "
                           r"among documentation files\." + _SUGGEST)),
    ("anchor", re.compile(_PAGE + r"a link '(?P<link>[^']+)', but the doc '(?P<doc>[^']+)' does not contain "
                          r"an anchor '#(?P<anchor>[^']+)'\.$")),
    ("own-anchor", re.compile(_PAGE + r"a link '(?P<link>[^']+)', but there is no such anchor on this page\."
                              r"(?P<footnote> This seems to be a footnote.*)?$")),
    ("unrecognized", re.compile(_PAGE + r"an unrecognized relative link '(?P<link>[^']+)', it was left as is\."
                                + _SUGGEST)),
    ("absolute", re.compile(_PAGE + r"an absolute link '(?P<link>[^']+)', it was left as is\." + _SUGGEST)),
    ("nav", re.compile(r"^A reference to '(?P<link>[^']+)' is included in the 'nav' configuration, which is "
                       r"not found in the documentation files\.$")),
]


def translate(message: str, docs_dir: Path, docs_shown: str, config_file: Path | None = None,
              config_shown: str = "mkdocs.yml") -> str | None:
    """The French version of one of MkDocs' link warnings, or None for any other message."""
    for kind, pattern in _KNOWN:
        match = pattern.match(message)
        if match is None:
            continue
        link = match["link"]
        suggest = match.groupdict().get("suggest")
        hint = f"Vouliez-vous dire `{suggest}` ? " if suggest else ""
        if kind == "nav":
            line = _line(config_file, link) if config_file else None
            where = f"{config_shown}:{line}" if line else config_shown
            return (f"{where}: la navigation (`nav`) cite `{link}`, qui n'est pas une page de `docs/`. "
                    "Corrigez le chemin (relatif à `docs/`) ou retirez l'entrée.")
        page = match["page"]
        line = _line(Path(docs_dir) / page, link)
        where = f"{docs_shown}{page}:{line}" if line else f"{docs_shown}{page}"
        if kind == "missing":
            return (f"{where}: le lien `{link}` ne mène à aucune page ni aucun fichier du site. {hint}"
                    "Écrivez le chemin du fichier .md depuis cette page (par exemple `../reseau/index.md`).")
        if kind == "anchor":
            return (f"{where}: le lien `{link}` vise le titre `#{match['anchor']}`, que `{match['doc']}` "
                    "n'a pas. Reprenez l'identifiant d'un titre de cette page (la partie après # dans son "
                    "adresse), ou retirez l'ancre.")
        if kind == "own-anchor":
            extra = " C'est sans doute une note de bas de page jamais appelée." if match["footnote"] else ""
            return (f"{where}: le lien `{link}` vise un titre absent de cette page.{extra} Reprenez "
                    "l'identifiant d'un titre de la page, ou retirez le lien.")
        if kind == "unrecognized":
            return (f"{where}: le lien `{link}` ne désigne pas un fichier. {hint}Visez le fichier .md "
                    "lui-même (par exemple `relances.md`, pas `relances/`).")
        return (f"{where}: le lien `{link}` part de la racine du site, ce qui casse sous un sous-dossier et "
                f"dans le PDF. {hint}Écrivez un chemin relatif à la page.")
    return None


def _line(path: Path, link: str) -> int | None:
    """1-based line where `link` appears as a link target in `path` (Markdown or YAML)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    contexts = (f"]({link}", f"({link})", f"]: {link}", f'"{link}"', f"'{link}'", f": {link}", f"- {link}")
    for wanted in (contexts, (link,)):
        for number, line in enumerate(lines, start=1):
            if any(piece in line for piece in wanted):
                return number
    return None


class FrenchMessages(logging.Filter):
    """Rewrites MkDocs' link warnings in place (level unchanged, so --strict still counts them)."""

    def __init__(self, docs_dir: Path, docs_shown: str, config_file: Path | None) -> None:
        super().__init__()
        self.docs_dir, self.docs_shown, self.config_file = Path(docs_dir), docs_shown, config_file

    def filter(self, record: logging.LogRecord) -> bool:
        french = translate(record.getMessage(), self.docs_dir, self.docs_shown, self.config_file)
        if french is not None:
            record.msg, record.args = french, ()
        return True
