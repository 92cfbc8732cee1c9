"""The rules and the example library, loaded, checked and linted once per set of inputs.

`rules_and_library(rules_path, messages_dir)` does what every build needs before any page: check
`rules.yml`, check the rules the browser would lint differently, read every example, lint it and
check its verdict. The result is memoised per process on the files' bytes (`playbook.cache.
in_process`), so `mkdocs serve` pays for it only when one of those files changes. The errors are
returned, never logged: the caller reports them on every build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import cache, messages
from .errors import ContentError
from .lint import check_rules, lint
from .lint.export import export_problems, render_rules_json

__all__ = ["Loaded", "rules_and_library", "rules_json", "stored_rules_json"]


@dataclass(frozen=True)
class Loaded:
    """What `rules_and_library` found. `rules` is None when `rules.yml` has errors (then nothing
    else is read: one mistake, one message); `broken` names the example files that had errors."""

    rules: object | None
    errors: list[ContentError] = field(default_factory=list)
    library: dict = field(default_factory=dict)
    findings: dict = field(default_factory=dict)
    broken: frozenset[str] = frozenset()


@cache.in_process
def rules_and_library(rules_path: Path, messages_dir: Path) -> Loaded:
    rules, errors = check_rules(rules_path)
    if rules is None or errors:
        return Loaded(None, list(errors))
    errors = list(export_problems(rules))  # rules the browser verifier could not reproduce
    if not messages_dir.is_dir():
        return Loaded(rules, errors)
    library, library_errors = messages.check_library(messages_dir, rules)
    errors += library_errors
    findings = {}
    for message in library.values():
        found = lint(message.text, lang=message.lang, channel=message.channel, rules=rules)
        findings[message.id] = found
        errors += messages.check_example(message, rules, findings=found)
    broken = frozenset(p.stem for p in messages_dir.glob("*.md")) - set(library)
    return Loaded(rules, errors, library, findings, broken)


@cache.in_process
def rules_json(rules_path: Path, messages_dir: Path, labels_path: Path) -> str:
    """The verifier's `<script id="pb-rules">` for valid rules (see export.render_rules_json).
    Memoised like `rules_and_library`, on the labels' bytes too: the export takes 0.2–0.6 s, and
    reading `labels.yml` again here costs a few milliseconds once per change."""
    from .labels import load_labels

    labels, _errors = load_labels(labels_path) if labels_path.is_file() else (None, [])
    return render_rules_json(rules_and_library(rules_path, messages_dir).rules, labels)


def stored_rules_json(rules_path: Path, messages_dir: Path, labels_path: Path, store: Path | None) -> str:
    """`rules_json`, kept in `store` (a cache folder, or None) under the SHA-256 of what it is made
    of: rules.yml, labels.yml, the linter's code and the libraries' versions. Rules change far
    less often than pages, and the export costs about half a second of every build."""
    if store is None:
        return rules_json(rules_path, messages_dir, labels_path)
    code = Path(__file__).resolve().parent / "lint"
    key = cache.files_digest(Path(rules_path).parent, [Path(rules_path), Path(labels_path), code],
                             cache.versions())
    entry = Path(store) / f"{key}.html"
    try:
        return entry.read_text(encoding="utf-8")
    except OSError:
        pass
    markup = rules_json(rules_path, messages_dir, labels_path)
    try:
        cache.write_atomic(entry, markup)
        cache.prune_siblings(entry)
    except OSError:
        pass  # a read-only disk costs the next build time, never this one's page
    return markup
