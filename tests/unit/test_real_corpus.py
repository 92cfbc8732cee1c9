"""The real-message corpus (tests/corpus/real/, see its LABELLING.md) keeps its own rules: valid
rows, at most 10 from one source, each source in one split only, the split its hash gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from site_facts import tool

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"
corpus = tool("corpus")


def rows_of(split: str) -> list[dict]:
    return [json.loads(line) for line in (REAL / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


ALL = {split: rows_of(split) for split in corpus.SPLITS}


def test_the_corpus_is_large_and_mixed_enough():
    rows = [row for split in ALL.values() for row in split]
    assert len(rows) >= 600
    assert {row["channel"] for row in rows} == set(corpus.CHANNELS)
    assert 0.35 <= sum(row["lang"] == "fr" for row in rows) / len(rows) <= 0.65
    assert sum(row["verdict"] == "good" for row in rows) / len(rows) >= 0.25


def test_every_row_is_valid_and_no_source_crowds_the_corpus():
    assert corpus.check([row for split in ALL.values() for row in split]) == []


@pytest.mark.parametrize("split", corpus.SPLITS)
def test_rows_sit_in_the_split_of_their_source(split):
    for row in ALL[split]:
        assert corpus.split_of(row["source"]) == split, row["id"]
        assert row["verdict"] == ("bad" if row["categories"] else "good"), row["id"]


def test_a_source_is_never_in_two_splits():
    keys = [{corpus.source_key(row["source"]) for row in rows} for rows in ALL.values()]
    assert not (keys[0] & keys[1] or keys[0] & keys[2] or keys[1] & keys[2])


def test_the_second_pass_labels_every_message_once_with_known_categories():
    labels = [json.loads(line) for line in (REAL / "second-pass.jsonl").read_text(encoding="utf-8").splitlines()
              if line.strip()]
    ids = [row["id"] for row in labels]
    assert len(ids) == len(set(ids))
    assert set(ids) == {row["id"] for split in ALL.values() for row in split}
    assert all(set(row["categories"]) <= set(corpus.CATEGORIES) and row["note"].strip() for row in labels)
