"""The linter on our own labelled corpora: dev (tuned on) and validation (written before tuning).

Thresholds are floors that catch a broken feature, not targets: see the figures printed by
`python -m tools.evaluate tests/corpus/<file>.jsonl`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playbook.lint import CATEGORY_IDS, load_rules
from site_facts import tool

evaluate = tool("evaluate").evaluate

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def rows(name):
    return [json.loads(line) for line in (CORPUS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name, minimum", [("dev.jsonl", 150), ("validation.jsonl", 60)])
def test_corpus_is_well_formed(name, minimum):
    data = rows(name)
    assert len(data) >= minimum
    assert len({r["id"] for r in data}) == len(data)
    assert {r["lang"] for r in data} == {"fr", "en"}
    for r in data:
        assert r["verdict"] in ("good", "bad") and r["text"].strip()
        assert set(r["categories"]) <= set(CATEGORY_IDS)
        assert bool(r["categories"]) == (r["verdict"] == "bad"), r["id"]


@pytest.mark.parametrize("name, min_f1, min_clean", [("dev.jsonl", 0.85, 0.9), ("validation.jsonl", 0.6, 0.85)])
def test_corpus_scores(name, min_f1, min_clean):
    result = evaluate(rows(name), load_rules())
    for category, s in result["stats"].items():
        p = s["tp"] / (s["tp"] + s["fp"]) if s["tp"] + s["fp"] else 0
        r = s["tp"] / (s["tp"] + s["fn"]) if s["tp"] + s["fn"] else 0
        f1 = 2 * p * r / (p + r) if p + r else 0
        assert f1 >= min_f1, f"{name} {category}: F1 {f1:.2f}"
    assert result["clean"] / result["good"] >= min_clean
