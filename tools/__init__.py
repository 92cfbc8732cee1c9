"""The playbook's developer tools: figures and scores for the people working on it.

    .venv/bin/python -m tools.bench [--root DIR] [--runs N] [NAME...]   `make bench`
    .venv/bin/python -m tools.lint_bench [--root DIR] [CORPUS.jsonl...] [--seconds N]
    .venv/bin/python -m tools.evaluate FILE.jsonl [--rules PATH] [--show]

They are not part of the `playbook` package (hooks/playbook/): the site build never imports them
(tests/test_tools.py checks that nothing under hooks/ names this package).

Why modules run with `-m` from the repository root, rather than scripts: `-m` puts the current
directory on `sys.path`, so the tools share this package's helper (`project_root`) with plain
imports and no `sys.path` editing; `playbook` itself is installed (editable) in .venv either way.

Data is found from configuration, never from where these files live: `--root DIR`, else
`$PLAYBOOK_ROOT`, else the nearest folder holding mkdocs.yml from the current directory upwards.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def project_root(explicit: str | Path | None = None) -> Path:
    """The playbook's folder (`playbook.lint.project_root`: `explicit`, else $PLAYBOOK_ROOT, else
    the nearest folder holding mkdocs.yml upwards). SystemExit with a one-line message (exit
    status 2) when there is none."""
    from playbook.errors import ContentError
    from playbook.lint import project_root as find

    try:
        return find(explicit=explicit)
    except ContentError:
        where = explicit or os.environ.get("PLAYBOOK_ROOT") or f"{Path.cwd().resolve()} or above"
        print(f"no mkdocs.yml in {where}: run from the playbook's folder or give --root DIR", file=sys.stderr)
        raise SystemExit(2) from None
