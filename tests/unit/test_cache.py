"""playbook.cache: digests that change with every input, and the switches."""

from __future__ import annotations

from pathlib import Path

from playbook import cache


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "snippets" / "messages").mkdir(parents=True)
    (root / "snippets" / "messages" / "a.md").write_text("un\n", encoding="utf-8")
    (root / "hooks" / "playbook").mkdir(parents=True)
    (root / "hooks" / "playbook" / "charts.py").write_text("X = 1\n", encoding="utf-8")
    (root / "docs" / "analyses").mkdir(parents=True)
    (root / "docs" / "analyses" / "n.ipynb").write_text("{}", encoding="utf-8")
    (root / "requirements.txt").write_text("a==1\n", encoding="utf-8")
    return root


def test_notebook_digest_follows_every_input(tmp_path):
    root = _project(tmp_path)
    seen = {cache.notebook_inputs_digest(root)}
    assert cache.notebook_inputs_digest(root) in seen, "the same inputs give the same digest"
    for relative, content in [("snippets/messages/a.md", "deux\n"),
                              ("snippets/messages/b.md", "nouveau\n"),
                              ("hooks/playbook/charts.py", "X = 2\n"),
                              ("docs/analyses/data.csv", "1,2\n"),
                              ("requirements.txt", "a==2\n")]:
        (root / relative).write_text(content, encoding="utf-8")
        digest = cache.notebook_inputs_digest(root)
        assert digest not in seen, f"changing {relative} must change the digest"
        seen.add(digest)
    (root / "snippets" / "messages" / "b.md").unlink()
    removed = cache.notebook_inputs_digest(root)
    assert removed not in seen, "a removed file changes the digest"
    seen.add(removed)
    renamed = root / "snippets" / "messages" / "c.md"
    (root / "snippets" / "messages" / "a.md").rename(renamed)
    assert cache.notebook_inputs_digest(root) not in seen, "a renamed file changes the digest"


def test_bytecode_does_not_change_the_digest(tmp_path):
    root = _project(tmp_path)
    before = cache.notebook_inputs_digest(root)
    (root / "hooks" / "playbook" / "__pycache__").mkdir()
    (root / "hooks" / "playbook" / "__pycache__" / "charts.cpython-311.pyc").write_bytes(b"\0")
    assert cache.notebook_inputs_digest(root) == before


def test_extra_strings_are_part_of_the_key(tmp_path):
    assert cache.files_digest(tmp_path, [], "a") != cache.files_digest(tmp_path, [], "b")


def test_switches(monkeypatch, tmp_path):
    monkeypatch.delenv("PLAYBOOK_CACHE", raising=False)
    monkeypatch.delenv("PLAYBOOK_CACHE_DIR", raising=False)
    assert cache.enabled()
    assert cache.cache_dir(tmp_path, "pdf") == tmp_path / ".cache" / "playbook" / "pdf"
    for off in ("off", "0", "no", "FALSE"):
        monkeypatch.setenv("PLAYBOOK_CACHE", off)
        assert not cache.enabled()
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache.cache_dir(tmp_path, "pdf") == tmp_path / "elsewhere" / "pdf"


def test_prune_keeps_only_the_current_entry(tmp_path):
    for name in ("old", "older", "current"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f").write_text("x", encoding="utf-8")
    (tmp_path / "stray.json").write_text("{}", encoding="utf-8")
    cache.prune_siblings(tmp_path / "current")
    assert [p.name for p in tmp_path.iterdir()] == ["current"]


def test_rules_json_is_stored_and_never_stale(tmp_path, monkeypatch):
    """The verifier's rules JSON is reused for the same rules.yml, labels.yml and linter code,
    and made again when one of them changes."""
    import shutil

    from playbook import loading

    root = Path(__file__).resolve().parents[2]
    snippets = tmp_path / "snippets"
    shutil.copytree(root / "snippets", snippets)
    args = (snippets / "rules.yml", snippets / "messages", snippets / "labels.yml", tmp_path / "store")
    first = loading.stored_rules_json(*args)
    assert first.startswith('<script type="application/json" id="pb-rules">')
    monkeypatch.setattr(loading, "rules_json", lambda *a: "recomputed")
    assert loading.stored_rules_json(*args) == first  # same inputs: from the store
    labels = snippets / "labels.yml"
    labels.write_text(labels.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert loading.stored_rules_json(*args) == "recomputed"
    assert len(list((tmp_path / "store").glob("*.html"))) == 1  # older entries pruned
