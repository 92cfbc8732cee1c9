"""Score the linter on a labelled corpus: `python -m tools.evaluate FILE.jsonl [--rules PATH]`.

Each line: {"id", "text", "lang", "channel"?, "verdict": "good"|"bad", "categories": [...]}.
A message is predicted to have a category when it has a finding of that category above `info`
(after the judgment layer; `--rules-only`: the rules' own severities).
Prints, per category, precision, recall and F1 over messages, their mean (macro-F1), the share of
bad messages with a finding above info and the share of good messages left clean (none). `--show` also lists every miss and false alarm. Exit status 0
(2 on unreadable input).

`--against LABELS.jsonl` scores a second labelling (`{"id", "categories"}` per line, e.g.
tests/corpus/real/second-pass.jsonl) in place of the linter: how often two annotators agree,
with the same figures.
"""

from __future__ import annotations

import argparse
import json
import sys

from playbook.errors import ContentError
from playbook.lint import CATEGORY_IDS, lint, load_rules


def read_corpus(path: str) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise SystemExit(f"{path}:{number}: invalid JSON ({exc.msg})")
            rows.append(row)
    return rows


def predicted(row: dict, rules, rules_only: bool = False) -> tuple[set, list]:
    findings = lint(row["text"], lang=row.get("lang"), channel=row.get("channel"), rules=rules,
                    every_rule=rules_only)
    counted = [f for f in findings if f.severity != "info"]
    return {f.category for f in counted}, counted


def evaluate(rows: list[dict], rules, rules_only: bool = False, against: dict | None = None) -> dict:
    """`against` (id → categories): score those labels instead of the linter's findings."""
    stats = {c: {"tp": 0, "fp": 0, "fn": 0, "on_good": 0} for c in CATEGORY_IDS}
    good = clean = bad = caught = 0
    details = []
    for row in rows:
        if against is not None:
            cats, findings = set(against[row["id"]]), []
        else:
            cats, findings = predicted(row, rules, rules_only)
        truth = set(row.get("categories") or [])
        for c in CATEGORY_IDS:
            if c in cats and c in truth:
                stats[c]["tp"] += 1
            elif c in cats:
                stats[c]["fp"] += 1
                if row.get("verdict") == "good":
                    stats[c]["on_good"] += 1
            elif c in truth:
                stats[c]["fn"] += 1
        if row.get("verdict") == "good":
            good += 1
            clean += not cats
        elif row.get("verdict") == "bad":
            bad += 1
            caught += bool(cats)
        details.append((row, cats, truth, findings))
    return {"stats": stats, "good": good, "clean": clean, "bad": bad, "caught": caught, "details": details}


def second_labels(rows: list[dict], path: str) -> dict[str, list[str]]:
    """id → categories of a second labelling; ValueError naming the row for a missing id, a
    duplicate, or categories that are not a list of known ones."""
    out: dict[str, list[str]] = {}
    for number, row in enumerate(rows, 1):
        cats = row.get("categories") if isinstance(row, dict) else None
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            raise ValueError(f"{path}: row {number} has no string `id`")
        if not isinstance(cats, list) or not set(cats) <= set(CATEGORY_IDS):
            raise ValueError(f"{path}: row {number} ({row['id']}): `categories` must be a list of {', '.join(CATEGORY_IDS)}")
        if row["id"] in out:
            raise ValueError(f"{path}: row {number}: id {row['id']} is labelled twice")
        out[row["id"]] = cats
    return out


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--rules", default=None, help="rules file (default: the snippets/rules.yml of the playbook found from here upwards)")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    parser.add_argument("--rules-only", action="store_true",
                        help="score the rules alone, without the judgment layer (judge.py)")
    parser.add_argument("--against", metavar="LABELS.jsonl",
                        help="score this second labelling of the corpus instead of the linter")
    args = parser.parse_args(argv)
    if args.against is not None and (args.rules is not None or args.rules_only):
        parser.error("--against scores a labelling, not the linter: drop --rules / --rules-only")
    try:
        rows = read_corpus(args.corpus)
        against = None if args.against is None else second_labels(read_corpus(args.against), args.against)
    except OSError as exc:
        print(f"{exc.filename}: cannot read ({exc.strerror})", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    missing = [row["id"] for row in rows if against is not None and row["id"] not in against]
    if missing:
        print(f"{args.against}: no labels for {len(missing)} messages, e.g. {missing[:3]}", file=sys.stderr)
        return 2
    try:
        rules = None if against is not None else load_rules(args.rules)
    except ContentError as exc:  # no rules file found, or one with mistakes
        print(exc, file=sys.stderr)
        return 2
    result = evaluate(rows, rules, args.rules_only, against)
    scored = f"; scoring the labels of {args.against}, not the linter" if against is not None else ""
    print(f"{args.corpus}: {len(rows)} messages, {result['good']} good{scored}")
    print(f"{'category':18} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn  fp-on-good")
    scores = []
    for c, s in result["stats"].items():
        p = _ratio(s["tp"], s["tp"] + s["fp"])
        r = _ratio(s["tp"], s["tp"] + s["fn"])
        f1 = _ratio(2 * p * r, p + r)
        scores.append(f1)
        print(f"{c:18} {p:6.2f} {r:6.2f} {f1:6.2f}  {s['tp']:3} {s['fp']:3} {s['fn']:3}  {s['on_good']:3}")
    print(f"macro-F1 (six categories): {sum(scores) / len(scores):.2f}")
    print(f"bad messages caught: {result['caught']}/{result['bad']} ({_ratio(result['caught'], result['bad']):.0%})")
    print(f"good messages left clean: {result['clean']}/{result['good']} "
          f"({_ratio(result['clean'], result['good']):.0%})")
    if args.show:
        for row, cats, truth, findings in result["details"]:
            missed, extra = truth - cats, cats - truth
            if missed or extra:
                print(f"\n{row['id']} [{row.get('verdict')}] missed={sorted(missed)} extra={sorted(extra)}")
                print("   " + row["text"].replace("\n", " / ")[:400])
                for f in findings:
                    if f.category in extra:
                        print(f"   -> {f.rule} «{row['text'][f.start:f.end]}»")
    return 0


if __name__ == "__main__":
    sys.exit(main())
