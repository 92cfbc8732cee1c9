"""Page markers: one line such as `<!-- playbook:checklist avant-invitation -->` in a page.

Like Material's own shortcodes hook, one regular expression finds every marker and each marker name
is handled by a small renderer; an unknown name, a missing argument or a malformed marker is an
error naming the page and line. Markers are HTML comments so that a page still reads cleanly on
GitHub or in any Markdown viewer. Markers inside fenced code blocks are left alone, so the
contributor guide can show them.

A renderer is `Callable[[str | None], str]`: it receives the marker's argument and returns Markdown
(raw HTML allowed). It raises `MarkerError` for a problem with that argument (unknown id...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from playbook.errors import ContentError

#: A well-formed marker, alone on its line (indentation kept, e.g. inside an admonition or a tab).
MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--[ \t]*playbook:(?P<name>[a-z][a-z0-9-]*)"
    r"(?:[ \t]+(?P<arg>[^\s]+?))?[ \t]*-->[ \t]*$"
)
#: Anything that looks like a marker, to catch typos such as `<!-- playbook: message x -->`.
NEAR_MARKER = re.compile(r"<!--\s*playbook\b")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")


class MarkerError(Exception):
    """A renderer's complaint about its argument; `expand` adds the page and line."""

    def __init__(self, problem: str, fix: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.fix = fix


@dataclass(frozen=True)
class Renderer:
    render: Callable[[str | None], str]
    #: Whether the marker takes an argument (an id): `checklist ID` does, `glossary` does not.
    takes_argument: bool = True
    usage: str = ""


def expand(
    markdown: str, renderers: Mapping[str, Renderer], path: str, *, _depth: int = 0
) -> tuple[str, list[ContentError]]:
    """Replace every marker in `markdown`; return the new text and the errors found (page `path`).

    A renderer's output may hold markers too (the library lists examples with message markers):
    they are expanded in turn, and their errors point at the line of the marker that produced them.
    """
    out: list[str] = []
    errors: list[ContentError] = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening["fence"][0] == fence[0] and len(opening["fence"]) >= len(fence):
                fence = None
            out.append(line)
            continue
        if opening:
            fence = opening["fence"]
            out.append(line)
            continue
        match = MARKER.match(line)
        if match is None:
            if NEAR_MARKER.search(line):
                errors.append(ContentError(
                    path, number, "ce marqueur playbook est mal formé.",
                    "Écrivez-le seul sur sa ligne, par exemple `<!-- playbook:checklist avant-invitation -->` "
                    f"(marqueurs connus : {_known(renderers)}).",
                ))
            out.append(line)
            continue
        try:
            rendered = _render_one(match, renderers)
        except MarkerError as error:
            errors.append(ContentError(path, number, error.problem, error.fix))
            out.append(line)
            continue
        if _depth < 2 and "playbook:" in rendered:
            rendered, inner = expand(rendered, renderers, path, _depth=_depth + 1)
            errors += [ContentError(path, number, e.problem, e.fix) for e in inner]
        indent = match["indent"]
        block = "\n".join(indent + part if part else part for part in rendered.split("\n"))
        out.append(f"\n{block}\n")
    return "\n".join(out), errors


def _render_one(match: re.Match[str], renderers: Mapping[str, Renderer]) -> str:
    name, arg = match["name"], match["arg"]
    renderer = renderers.get(name)
    if renderer is None:
        raise MarkerError(
            f"marqueur inconnu `playbook:{name}`.", f"Utilisez l'un de ceux-ci : {_known(renderers)}."
        )
    if renderer.takes_argument and not arg:
        raise MarkerError(f"le marqueur `playbook:{name}` demande un identifiant.", f"Écrivez `{renderer.usage}`.")
    if not renderer.takes_argument and arg:
        raise MarkerError(
            f"le marqueur `playbook:{name}` ne prend pas d'identifiant.", f"Écrivez `{renderer.usage}`."
        )
    return renderer.render(arg)


def _known(renderers: Mapping[str, Renderer]) -> str:
    return ", ".join(f"`{r.usage}`" for r in renderers.values()) or "aucun"
