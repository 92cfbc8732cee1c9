"""What a pull request changes, written for the consultant who reviews it (issue 17).

`summary_markdown` is the job summary the CI workflow writes on a pull request (`playbook
pr-summary`): the pages changed, each with its path inside the uploaded site artifact; every
changed or added example message with what the verifier finds in it and whether that matches its
verdict; and the pages past their review date. `check` is what a commit can break and a
contributor can see in seconds without building the site (`playbook check`, pre-commit): every
data file, every example against its verdict, every page's owner and review date.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from playbook import build, messages, review
from playbook.errors import ContentError


def check(root: Path) -> list[ContentError]:
    """Every problem the build would report in the data files and the pages' front matter."""
    _state, errors = build.load(root, root / "docs")
    return errors


def changed_files(root: Path, base: str) -> list[str]:
    """Files changed between `base` and HEAD (added, modified, renamed; not deleted), as paths
    relative to the repository. Raises `ContentError` when git cannot compare them."""
    try:
        result = subprocess.run(["git", "diff", "--name-only", "--diff-filter=AMR", f"{base}...HEAD"], cwd=root,
                                capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ContentError("git", None, f"impossible de lancer git ({exc}).", "Installez git.") from exc
    if result.returncode != 0:
        raise ContentError("git", None, f"impossible de comparer avec « {base} » : {result.stderr.strip()}",
                           "Récupérez tout l'historique (actions/checkout avec fetch-depth: 0).")
    return [line for line in result.stdout.splitlines() if line.strip()]


def _page_rows(root: Path, changed: list[str], state, artifact_url: str | None) -> list[str]:
    pages = [p for p in changed if p.startswith("docs/") and p.endswith((".md", ".ipynb"))]
    if not pages:
        return ["Aucune page modifiée."]
    rows = ["| Page | Dans l'artefact du site |", "| --- | --- |"]
    for path in pages:
        src = path.removeprefix("docs/")
        entry = state.reviews.get(src)
        title = (entry.title if entry else None) or build.heading_of(_source_text(root / path)) or src
        built = src.rsplit(".", 1)[0] + ".html"
        where = f"[`{built}`]({artifact_url})" if artifact_url else f"`{built}`"
        rows.append(f"| {_cell(title)} (`{path}`) | {where} |")
    return rows


def _message_rows(changed: list[str], state) -> list[str]:
    ids = [Path(p).stem for p in changed if p.startswith("snippets/messages/") and p.endswith(".md")]
    if not ids:
        return ["Aucun exemple de message modifié."]
    rows = ["| Exemple | Verdict | Ce que le vérificateur relève | Conforme |", "| --- | --- | --- | --- |"]
    verdicts = (state.labels or {}).get("verdict", {})
    for message_id in ids:
        message = state.messages.get(message_id)
        if message is None:
            rows.append(f"| `{message_id}` | ? | le fichier a des erreurs (voir le journal) | non |")
            continue
        findings = state.findings.get(message_id) or []
        shown = " · ".join(_cell(f"{f.message} (« {messages.excerpt(message.text[f.start:f.end], 60)} »)"
                                if f.scope == "span" else f.message) for f in findings) or "rien"
        # The build's own verdict check: a good example clean, a bad one caught as announced.
        wrong = bool(messages.check_example(message, state.rules, findings=findings))
        rows.append(f"| {_cell(getattr(message, 'title', '') or message_id)} (`{message_id}`) | "
                    f"{verdicts.get(message.verdict, message.verdict)} | {shown} | {'non' if wrong else 'oui'} |")
    return rows


def summary_markdown(root: Path, base: str, artifact_url: str | None, french_date: Callable) -> tuple[str, list[ContentError]]:
    """(the pull request's job summary, the content errors found on the way)."""
    state, errors = build.load(root, root / "docs")
    changed = changed_files(root, base)
    lines = ["## Ce que change cette proposition", "", "### Pages modifiées", "",
             *_page_rows(root, changed, state, artifact_url), "",
             "Le site construit est joint à la vérification (artefact « site ») : ouvrez-y le fichier indiqué.", "",
             "### Exemples de messages", "", *_message_rows(changed, state), ""]
    summary = review.summary_markdown(list(state.reviews.values()), state.today, french_date)
    return "\n".join(lines) + "\n" + summary, errors


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _source_text(path: Path) -> str:
    """A page's Markdown: the file, or a notebook's Markdown cells (where its title is)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            cells = json.loads(text).get("cells", [])
            return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown")
        return text
    except (OSError, UnicodeDecodeError, ValueError, AttributeError):
        return ""
