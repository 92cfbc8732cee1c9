"""playbook.review without MkDocs: owners file, page front matter, overdue pages, the CI summary."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from playbook import cli, review

OWNERS = "responsables:\n  - id: pole-contenu\n    nom: Pôle contenu\n"


def _project(tmp_path, pages: dict[str, str], owners: str = OWNERS):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "responsables.yml").write_text(owners, encoding="utf-8")
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _page(due: str, title: str = "Publier") -> str:
    return f"---\nresponsable: pole-contenu\na_revoir_le: {due}\n---\n\n# {title}\n"


def test_pages_are_read_with_owner_date_and_title(tmp_path):
    root = _project(tmp_path, {"a.md": _page("2027-03-01"), "sous/b.md": _page("2027-01-15", "Bêta | test")})
    reviews, errors = review.load(root, root / "docs")
    assert errors == []
    assert [(r.src, r.owner.name, r.due, r.title) for r in reviews] == [
        ("a.md", "Pôle contenu", dt.date(2027, 3, 1), "Publier"),
        ("sous/b.md", "Pôle contenu", dt.date(2027, 1, 15), "Bêta | test")]
    assert [r.src for r in review.overdue(reviews, dt.date(2027, 2, 1))] == ["sous/b.md"]
    assert review.overdue(reviews, dt.date(2027, 1, 15)) == []  # due today is not late yet


def test_without_an_owners_file_nothing_is_reviewed(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# Sans en-tête\n", encoding="utf-8")
    assert review.load(tmp_path, tmp_path / "docs") == ([], [])


@pytest.mark.parametrize(("owners", "line", "problem"), [
    ("responsables: []\n", 1, "le fichier doit contenir une liste `responsables` non vide."),
    ("responsables:\n  - id: Pôle\n    nom: X\n", 2, "chaque responsable a un `id`"),
    ("responsables:\n  - id: a\n    nom: A\n  - id: a\n    nom: B\n", 4, "le responsable « a » est déclaré deux fois."),
    ("responsables: [\n", None, "YAML invalide"),
])
def test_owners_file_mistakes_name_the_line(tmp_path, owners, line, problem):
    root = _project(tmp_path, {"a.md": _page("2027-03-01")}, owners)
    reviews, errors = review.load(root, root / "docs")
    assert reviews == [] and len(errors) == 1
    assert errors[0].path == "snippets/responsables.yml" and problem in errors[0].problem
    if line is not None:
        assert errors[0].line == line


def test_summary_lists_overdue_pages_with_links_and_escapes_titles(tmp_path):
    root = _project(tmp_path, {"a.md": _page("2027-03-01", "A | B"), "b.md": _page("2028-01-01")})
    reviews, _ = review.load(root, root / "docs")
    text = review.summary_markdown(reviews, dt.date(2027, 4, 1), lambda d: d.isoformat(), "https://ex.org/p/")
    assert "1 page(s) ont dépassé" in text
    assert "| [A \\| B](https://ex.org/p/a.html) (`docs/a.md`) | Pôle contenu | 2027-03-01 |" in text
    assert "b.md" not in text
    assert "Aucune page" in review.summary_markdown(reviews, dt.date(2027, 1, 1), str)


def test_today_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(review.TODAY_ENV, "2027-05-04")
    assert review.today() == dt.date(2027, 5, 4)
    monkeypatch.delenv(review.TODAY_ENV)
    assert review.today() == dt.date.today()
    monkeypatch.setenv(review.TODAY_ENV, "04/05/2027")
    with pytest.raises(review.ContentError, match="« 04/05/2027 » n'est pas une date"):
        review.today()


def test_git_history_full_shallow_or_none(tmp_path):
    assert review.git_history(tmp_path) == "none"
    repo = tmp_path / "repo"
    repo.mkdir()
    env_args = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "f").write_text("x", encoding="utf-8")
    subprocess.run(["git", "-C", str(repo), "add", "f"], check=True)
    subprocess.run(["git", *env_args, "-C", str(repo), "commit", "-qm", "x"], check=True)
    assert review.git_history(repo) == "full"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(tmp_path / "s")], check=True)
    assert review.git_history(tmp_path / "s") == "shallow"


def test_cli_prints_the_summary_and_never_fails_on_late_pages(tmp_path, monkeypatch, capsys):
    root = _project(tmp_path, {"a.md": _page("2027-03-01")})
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    labels = (review.Path(__file__).resolve().parents[2] / "snippets" / "labels.yml").read_text(encoding="utf-8")
    (root / "snippets" / "labels.yml").write_text(labels, encoding="utf-8")
    monkeypatch.setenv("PLAYBOOK_ROOT", str(root))
    monkeypatch.setenv(review.TODAY_ENV, "2027-04-01")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli.main(["review"]) == 0
    out, err = capsys.readouterr()
    assert "1er mars 2027" in out and "Pôle contenu" in out
    assert "::warning file=docs/a.md::" in err
    (root / "docs" / "a.md").write_text(_page("2027-03-01").replace("pole-contenu", "inconnu"), encoding="utf-8")
    assert cli.main(["review"]) == 2  # a broken front matter is a contributor's mistake: said, not hidden
    assert "docs/a.md:2: le responsable « inconnu » n'existe pas." in capsys.readouterr().err
