"""The message linter: checks a LinkedIn prospecting message against snippets/rules.yml.

    >>> from playbook.lint import lint
    >>> [f.rule for f in lint("Bonjour, comme convenu, voici notre offre.")]   # doctest: +SKIP

- `load_rules(path=None)` loads and checks a rules file (default: the repository's
  snippets/rules.yml, loaded once and cached). Mistakes raise `playbook.errors.ContentError`
  naming the rule and its line; `check_rules(path)` returns all of them.
- `lint(text, *, lang=None, channel=None, rules=None)` returns `Finding`s sorted by
  (start, end, rule). `lang=None` detects French or English (see `engine.detect_language`); rules
  for the other language are skipped. `channel` enables channel rules (length limits, follow-ups).

How matching works (normalisation, phrase syntax, regex subset, rule kinds, word boundaries) is
documented in `normalize.py`, `syntax.py` and `engine.py`; consultants read the French header of
rules.yml.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .engine import Finding, detect_language, excerpt, run
from .normalize import normalize
from .rules import CATEGORY_IDS, RuleSet, check_rules, load_rules_file


def project_root(start: str | Path | None = None, explicit: str | Path | None = None) -> Path:
    """The playbook's folder (the one holding mkdocs.yml), found from configuration rather than
    from where this package is installed: `explicit`, else $PLAYBOOK_ROOT, else the nearest such
    folder from `start` (default: the current directory) upwards. Raises a French `ContentError`
    when there is none."""
    import os

    from ..errors import ContentError

    environ = os.environ.get("PLAYBOOK_ROOT")
    given = explicit or environ
    here = Path(start or Path.cwd()).resolve()
    for root in [Path(given).resolve()] if given else [here, *here.parents]:
        if (root / "mkdocs.yml").is_file():
            return root
    where = explicit or (f"PLAYBOOK_ROOT={environ}" if environ else f"{here} ni au-dessus")
    raise ContentError("snippets/rules.yml", None, f"introuvable : pas de mkdocs.yml dans {where}.",
                       "Lancez la commande depuis le dossier du playbook, ou donnez --rules FICHIER.")


def default_rules_path(start: str | Path | None = None) -> Path:
    """The project's snippets/rules.yml (see `project_root`); `DEFAULT_RULES` is this path,
    resolved when first read."""
    return project_root(start) / "snippets" / "rules.yml"


def __getattr__(name: str) -> Path:  # `DEFAULT_RULES`, kept for callers: see default_rules_path
    if name == "DEFAULT_RULES":
        return default_rules_path()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["CATEGORY_IDS", "DEFAULT_RULES", "Finding", "RuleSet", "check_rules", "default_rules_path", "project_root",
           "detect_language", "excerpt", "lint", "load_rules", "normalize"]


@lru_cache(maxsize=1)
def _default_rules() -> RuleSet:
    return load_rules_file(default_rules_path())  # DEFAULT_RULES, resolved once per process


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load a rules file; `None` loads (once) the repository's snippets/rules.yml."""
    if path is None:
        return _default_rules()
    return load_rules_file(path)


def lint(text: str, *, lang: str | None = None, channel: str | None = None,
         rules: RuleSet | None = None, every_rule: bool = False) -> list[Finding]:
    """Check one message; see the module docstring. By default there is one finding per fault and
    the judgment layer (judge.py) sets each category's severity, as the site and the command line
    show. `every_rule=True` gives the rules' raw output instead: every rule's finding, even where
    several of one category cover the same words, at the rule's own severity (rule authors' tests)."""
    if rules is None:
        rules = load_rules()
    if lang is not None and lang not in ("fr", "en"):
        raise ValueError(f"unknown language {lang!r}: use 'fr', 'en' or None")
    if channel is not None and channel not in rules.channels:
        raise ValueError(f"unknown channel {channel!r}: use one of {', '.join(rules.channels)}")
    return run(text, rules, lang, channel, one_per_fault=not every_rule, judge=not every_rule)
