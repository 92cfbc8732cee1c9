"""The real-message corpus: `python -m tools.corpus [--out DIR] FILE.jsonl ...`.

Reads collected rows (tests/corpus/real/LABELLING.md says what a row holds), checks each one
(fields, channel, categories, no duplicate text, at most 10 rows from one source), sets
`verdict` from the categories and writes them to `train.jsonl`, `dev.jsonl` and `test.jsonl`
of `--out` (default tests/corpus/real/), split by source: a source's split is fixed by the
SHA-256 of its `source_key` (a repository, an index file or a page: 6 in 10 train, 2 dev, 2
test), so adding rows never moves a source from one split to another. Prints the counts per split. Exit status 2 on a bad row.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

from . import project_root

CHANNELS = ("connection-note", "message", "inmail", "follow-up")
CATEGORIES = ("generic", "not-personalized", "false-pretext", "demands-reply", "hard-sell", "no-purpose")
FIELDS = ("id", "text", "lang", "channel", "categories", "source", "source_kind", "reason")
PER_SOURCE = 10
SPLITS = ("train", "dev", "test")


def source_key(source: str) -> str:
    """What counts as one source: a repository (`repo:owner/name/…` → `repo:owner/name`), a file
    of the index cited by its id (`file id N`, the first when several), or a page address."""
    ids = re.search(r"file ids? ([0-9]+)", source)
    if ids:
        return f"file:{ids[1]}"
    if source.startswith("repo:") and "unidentified/" not in source:
        return "repo:" + "/".join(source[5:].split("/")[:2])
    return source


def split_of(source: str) -> str:
    bucket = int(hashlib.sha256(source_key(source).encode("utf-8")).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


def problems(row: dict) -> list[str]:
    found = [f"missing `{name}`" for name in FIELDS if name not in row]
    if row.get("lang") not in ("fr", "en"):
        found.append(f"lang {row.get('lang')!r} is not fr or en")
    if row.get("channel") not in CHANNELS:
        found.append(f"channel {row.get('channel')!r} is not one of {', '.join(CHANNELS)}")
    unknown = set(row.get("categories") or ()) - set(CATEGORIES)
    if unknown:
        found.append(f"unknown categories {sorted(unknown)}")
    if not str(row.get("text", "")).strip():
        found.append("empty text")
    return found


def check(rows: list[dict]) -> list[str]:
    """Every problem of `rows` as a whole: bad rows, duplicate ids or texts, crowded sources."""
    found = [f"{row.get('id')}: {p}" for row in rows for p in problems(row)]
    for what, key in (("id", lambda r: r.get("id")), ("text", lambda r: " ".join(str(r.get("text")).split()).casefold())):
        counts = Counter(key(row) for row in rows)
        found += [f"duplicate {what}: {value!r:.60}" for value, n in counts.items() if n > 1]
    per_source = Counter(source_key(str(row.get("source"))) for row in rows)
    found += [f"{n} rows from one source (at most {PER_SOURCE}): {source}"
              for source, n in per_source.items() if n > PER_SOURCE]
    return found


def read(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except ValueError as error:
                    raise SystemExit(f"{path}:{number}: invalid JSON ({error})") from None
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--root")
    args = parser.parse_args(argv)
    rows = read(args.files)
    found = check(rows)
    if found:
        print("\n".join(found), file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else project_root(args.root) / "tests" / "corpus" / "real"
    out.mkdir(parents=True, exist_ok=True)
    by_split: dict[str, list[dict]] = {name: [] for name in SPLITS}
    for row in sorted(rows, key=lambda r: r["id"]):
        row = {**row, "verdict": "bad" if row["categories"] else "good"}
        by_split[split_of(row["source"])].append(row)
    for name, chosen in by_split.items():
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in chosen)
        (out / f"{name}.jsonl").write_text(text, encoding="utf-8")
        langs = Counter(r["lang"] for r in chosen)
        good = sum(r["verdict"] == "good" for r in chosen)
        print(f"{name:5} {len(chosen):4} rows, {len({source_key(r['source']) for r in chosen}):3} sources, "
              f"fr {langs['fr']}, en {langs['en']}, good {good}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
