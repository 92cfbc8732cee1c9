"""Linter speed: `python -m tools.lint_bench [--root DIR] [CORPUS.jsonl ...] [--seconds N]`.

Lints the corpus messages (default: the project's tests/corpus/dev.jsonl and validation.jsonl,
the project found by `tools.project_root`) over and over
for about N seconds on one core and prints messages per second. Rules are loaded once, before
timing, as in the CLI, and every message is linted once untimed (regexes compile on first use).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from playbook.lint import lint, load_rules

from . import project_root


def corpus_dir(root: Path) -> Path:
    """The linter's labelled corpora of the project at `root`."""
    return root / "tests" / "corpus"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.lint_bench", description="Linter speed in messages/second.")
    parser.add_argument("corpus", nargs="*", help="JSONL corpora (default: tests/corpus/dev.jsonl and validation.jsonl)")
    parser.add_argument("--root", default=None, help="the playbook's folder (default: found from here upwards)")
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    root = project_root(args.root)
    rows = []
    for path in args.corpus or [corpus_dir(root) / "dev.jsonl", corpus_dir(root) / "validation.jsonl"]:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], row.get("lang"), row.get("channel")))
    rules = load_rules(root / "snippets" / "rules.yml")
    for text, lang, channel in rows:  # one untimed pass: regexes compile on first use
        lint(text, lang=lang, channel=channel, rules=rules)
        lint(text, channel=channel, rules=rules)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < args.seconds:
        for text, lang, channel in rows:
            lint(text, lang=lang, channel=channel, rules=rules)
        count += len(rows)
    elapsed = time.perf_counter() - start
    # also time language detection (lang=None), the CLI's default
    count_detect, start_detect = 0, time.perf_counter()
    while time.perf_counter() - start_detect < args.seconds / 3:
        for text, _, channel in rows:
            lint(text, channel=channel, rules=rules)
        count_detect += len(rows)
    elapsed_detect = time.perf_counter() - start_detect
    print(f"{len(rows)} messages, {len(rules)} rules")
    print(f"{count / elapsed:,.0f} messages/second (language given)")
    print(f"{count_detect / elapsed_detect:,.0f} messages/second (language detected)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
