"""Errors meant for people: every contributor mistake is reported as one `ContentError`.

A `ContentError` names the file (relative to the project root where possible), the line when it is
known, what is wrong and how to fix it. The MkDocs hooks turn these into warnings (so `--strict`
fails the build) and the CLI prints them; neither shows a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError(Exception):
    """A mistake in a content file (page, message, checklist, rule), explained for its author."""

    path: str
    line: int | None
    problem: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.problem}"
        if self.fix:
            text += f" {self.fix}"
        return text

