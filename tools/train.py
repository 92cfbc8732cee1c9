"""Train the verifier's judgment layer: `python -m tools.train [--root DIR] [--check]` (`make train`).

Learns one logistic regression per category (hooks/playbook/lint/judge.py says what it decides)
from the labelled messages:

- the real corpus's train and dev splits (tests/corpus/real/, weight 3): the evidence;
- the team's own corpora (tests/corpus/*.jsonl, weight 1) and the library's examples
  (snippets/messages/, weight 2): unit material, so the library keeps validating.

The test split is never read here. The thresholds are chosen on a 5-fold cross-validation over
the real rows, grouped by source (a source is never in the training folds and the scored fold at
once): see `best_thresholds`. The model
is then fitted on everything and written to snippets/verifier-model.json (weights as integer thousandths; features seen in fewer than 4 messages, or whose weights all round to 0, are left out).
Prints the cross-validated figures. `--check` writes nothing and exits 1 when the committed file
differs from what training gives beyond `differences`' tolerance (use it after changing the rules,
the corpora or the library; a unit test runs it).

numpy is used here only (it is in requirements.txt for the notebooks); the build never imports this.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from playbook.lint import CATEGORY_IDS
from playbook.lint.engine import features
from playbook.lint.judge import FORMAT
from playbook.lint.rules import MODEL_FILE, load_rules_file
from playbook.messages import check_library

from . import project_root
from .corpus import source_key

WEIGHT_REAL, WEIGHT_TEAM, WEIGHT_LIBRARY = 3.0, 1.0, 2.0
MIN_COUNT = 4
GOOD_CLEAN_WEIGHT = 0.5
SCALE = 1000  # weights are stored as integer thousandths (judge.Model)
L2 = 1.0
STEPS = 400
RATE = 2.5
FOLDS = 5
TOLERANCE = 2  # thousandths: see `differences`
TEAM_CORPORA = ("dev", "fresh", "fresh2", "fresh3", "heldout", "validation")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def examples(root: Path, rules) -> list[dict]:
    """Every training row: {text, lang, channel, categories, weight, group}."""
    rows = []
    for split in ("train", "dev"):
        for row in read_jsonl(root / "tests" / "corpus" / "real" / f"{split}.jsonl"):
            rows.append({**row, "weight": WEIGHT_REAL, "group": source_key(row["source"])})
    for name in TEAM_CORPORA:
        for row in read_jsonl(root / "tests" / "corpus" / f"{name}.jsonl"):
            rows.append({**row, "weight": WEIGHT_TEAM, "group": None})
    library, errors = check_library(root / "snippets" / "messages", rules)
    if errors:
        raise SystemExit(f"{errors[0]}")
    for message in library.values():
        cats = sorted({rules.by_id[e].category if e in rules.by_id else e for e in message.expect})
        rows.append({"text": message.text, "lang": message.lang, "channel": message.channel,
                     "categories": cats, "weight": WEIGHT_LIBRARY, "group": None})
    for row in rows:
        row["features"] = features(row["text"], rules, row.get("lang"), row.get("channel"))
    return rows


def matrix(rows: list[dict], vocabulary: dict) -> np.ndarray:
    x = np.zeros((len(rows), len(vocabulary)), dtype=np.float64)
    for i, row in enumerate(rows):
        for name in row["features"]:
            j = vocabulary.get(name)
            if j is not None:
                x[i, j] = 1.0
    return x


def targets(rows: list[dict]) -> np.ndarray:
    return np.array([[1.0 if c in (row.get("categories") or []) else 0.0 for c in CATEGORY_IDS] for row in rows])


def vocabulary_of(rows: list[dict]) -> dict:
    counts = Counter(name for row in rows for name in row["features"])
    return {name: i for i, name in enumerate(sorted(n for n, k in counts.items() if k >= MIN_COUNT))}


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the weighted, L2-regularised logistic loss (deterministic)."""
    n = len(x)
    w = np.zeros((x.shape[1], y.shape[1]))
    b = np.zeros(y.shape[1])
    sw = weight[:, None]
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = (p - y) * sw
        w -= RATE * ((x.T @ g) / n + L2 * w / n)
        b -= RATE * g.mean(axis=0)
    return w, b


def fold_of(group: str) -> int:
    return int(hashlib.sha256(group.encode("utf-8")).hexdigest(), 16) % FOLDS


def held_out_scores(rows: list[dict]) -> tuple[list[dict], np.ndarray]:
    """Scores of each real row by a model that never saw its source."""
    real = [r for r in rows if r["group"] is not None]
    scores = np.zeros((len(real), len(CATEGORY_IDS)))
    for k in range(FOLDS):
        fitted = [r for r in rows if r["group"] is None or fold_of(r["group"]) != k]
        scored = [i for i, r in enumerate(real) if fold_of(r["group"]) == k]
        vocab = vocabulary_of(fitted)
        w, b = fit(matrix(fitted, vocab), targets(fitted), np.array([r["weight"] for r in fitted]))
        scores[scored] = matrix([real[i] for i in scored], vocab) @ w + b
    return real, scores


def best_thresholds(y: np.ndarray, scores: np.ndarray) -> list[float]:
    """The thresholds (a grid of quarter steps) that maximise macro-F1 + GOOD_CLEAN_WEIGHT × the
    share of good messages left clean, by coordinate ascent from 0: a consultant who is told a
    good draft is impersonal stops trusting the tool, so a false alarm costs more than a miss."""
    grid = [round(float(t), 2) for t in np.arange(-3.0, 4.01, 0.25)]
    threshold = [0.0] * y.shape[1]

    def value(th):
        got = figures(y, (scores >= np.array(th)).astype(float))
        return got["macro_f1"] + GOOD_CLEAN_WEIGHT * got["good_left_clean"]

    for _ in range(3):
        for k in range(y.shape[1]):
            best = max(grid, key=lambda t: (value([*threshold[:k], t, *threshold[k + 1:]]), -abs(t)))
            threshold[k] = best
    return threshold


def figures(y: np.ndarray, predicted: np.ndarray) -> dict:
    f1 = {}
    for k, c in enumerate(CATEGORY_IDS):
        tp = float((predicted[:, k] * y[:, k]).sum())
        fp = float((predicted[:, k] * (1 - y[:, k])).sum())
        fn = float(((1 - predicted[:, k]) * y[:, k]).sum())
        f1[c] = round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0
    good = y.sum(axis=1) == 0
    flagged = predicted.max(axis=1) > 0
    return {"f1": f1, "macro_f1": round(sum(f1.values()) / len(f1), 3),
            "good_left_clean": round(float((~flagged[good]).mean()), 3),
            "bad_caught": round(float(flagged[~good].mean()), 3), "messages": int(len(y))}


def train(root: Path) -> tuple[dict, dict]:
    rules = load_rules_file(root / "snippets" / "rules.yml", with_model=False)  # the model being replaced
    rows = examples(root, rules)
    real, scores = held_out_scores(rows)
    y_real = targets(real)
    threshold = best_thresholds(y_real, scores)
    cv = figures(y_real, (scores >= np.array(threshold)).astype(float))
    vocab = vocabulary_of(rows)
    w, b = fit(matrix(rows, vocab), targets(rows), np.array([r["weight"] for r in rows]))
    names = sorted(vocab, key=vocab.get)
    kept = [(name, [int(round(float(v) * SCALE)) for v in w[vocab[name]]]) for name in names]
    kept = [(name, row) for name, row in kept if any(row)]
    model = {"format": FORMAT, "categories": list(CATEGORY_IDS), "features": [n for n, _ in kept],
             "weights": [row for _, row in kept], "bias": [int(round(float(v) * SCALE)) for v in b],
             "threshold": [int(round(t * SCALE)) for t in threshold],
             "info": {"generated_by": "make train (tools/train.py); do not edit by hand",
                      "trained_on": {"real": len(real), "other": len(rows) - len(real)},
                      "cross_validation": cv}}
    return model, cv


def dump(model: dict) -> str:
    head = {k: v for k, v in model.items() if k not in ("features", "weights")}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "features": ' + json.dumps(model["features"], ensure_ascii=False)
             + ', "weights": [']
    lines += [json.dumps(row) + ("," if i < len(model["weights"]) - 1 else "") for i, row in enumerate(model["weights"])]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def differences(committed: dict, trained: dict, tolerance: int = TOLERANCE) -> list[str]:
    """What keeps `committed` from being the model training gives now: categories, thresholds or
    features that differ, or a weight or bias off by more than `tolerance` thousandths (the last
    digit of a float sum may differ between two machines' maths libraries; a change of rules,
    corpora or library examples moves far more than that)."""
    found = []
    for key in ("format", "categories", "threshold"):
        if committed.get(key) != trained.get(key):
            found.append(f"{key}: {committed.get(key)} != {trained.get(key)}")
    old = dict(zip(committed.get("features", ()), committed.get("weights", ())))
    new = dict(zip(trained["features"], trained["weights"]))
    changed = sorted(set(old) ^ set(new))
    # A feature whose weights all round to 0 on one machine and to ±1 on another may come and go.
    changed = [n for n in changed if max(map(abs, old.get(n) or new.get(n))) > tolerance]
    if changed:
        found.append(f"{len(changed)} features added or dropped, e.g. {changed[:3]}")
    rows = [("bias", committed.get("bias", ()), trained["bias"])]
    rows += [(n, old[n], new[n]) for n in sorted(set(old) & set(new))]
    moved = [n for n, a, b in rows if len(a) != len(b) or any(abs(x - y) > tolerance for x, y in zip(a, b))]
    if moved:
        found.append(f"{len(moved)} weight rows moved by more than {tolerance}, e.g. {moved[:3]}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.train", description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=None, help="the playbook's folder (default: found from here)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the committed model is stale")
    args = parser.parse_args(argv)
    root = project_root(explicit=args.root)
    model, cv = train(root)
    print(f"cross-validated on {cv['messages']} real messages (train+dev, grouped by source): "
          f"macro-F1 {cv['macro_f1']:.2f}, bad caught {cv['bad_caught']:.0%}, good left clean {cv['good_left_clean']:.0%}")
    print("  F1: " + ", ".join(f"{c} {v:.2f}" for c, v in cv["f1"].items()))
    print(f"  thresholds: {model['threshold']}; {len(model['features'])} features kept")
    path = root / "snippets" / MODEL_FILE
    text = dump(model)
    if args.check:
        try:
            found = differences(json.loads(path.read_text(encoding="utf-8")), model) if path.is_file() else ["missing"]
        except ValueError as exc:  # a merge conflict in the generated file, say
            found = [f"unreadable ({exc})"]
        print(f"{path.name}: " + ("up to date" if not found else "stale: run make train (" + "; ".join(found) + ")"))
        return 1 if found else 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path.relative_to(root)} ({len(text) // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
