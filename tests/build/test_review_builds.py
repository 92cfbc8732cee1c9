"""Issue 17: pages that stay true. Fixture project tests/fixtures/review/ built into tmp_path:
owners and review dates in the front matter, the notice on overdue pages, the « Pages à revoir »
list, the contributor's mistakes, and « Mis à jour le … » from git history (full or shallow)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

PAGE = "docs/publier.md"


def _page(owner="pole-contenu", due="2027-03-01") -> str:
    return (f"---\ndescription: Une page à relire plus tôt.\nresponsable: {owner}\na_revoir_le: {due}\n---\n\n"
            "# Publier\n\nUne page dont la relecture vient plus tôt.\n")


def test_a_page_past_its_date_shows_the_notice_and_heads_the_list(build_fixture, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_TODAY", "2027-04-15")
    build = build_fixture("review")
    assert build.returncode == 0, build.log
    late = build.page("publier.html")
    # dates never break across lines (no-break spaces inside)
    assert "pb-review-banner" in late and "Cette page devait être relue le 1er\u00a0mars\u00a02027 par Pôle contenu" in late
    # under the title, not at the end
    assert late.index("</h1>") < late.index("pb-review-banner") < late.index("Une page dont la relecture")
    assert "Prochaine relecture prévue le 1er\u00a0mars\u00a02027" in late
    current = build.page("index.html")
    assert "pb-review-banner" not in current and "Responsable de cette page\u00a0: Pôle prospection" in current
    listing = build.page("a-revoir.html")
    rows = re.findall(r'<tr class="pb-review-list__row([^"]*)"><td><a href="([^"]+)">([^<]+)</a>', listing)
    assert rows[0] == (" pb-review-list__row--late", "publier.html", "Publier")
    assert [r[1] for r in rows[1:]] == ["a-revoir.html", "index.html"]  # then by date and owner
    assert "1\u00a0page(s) ont dépassé leur date de relecture" in listing


def test_before_the_date_no_notice_and_the_list_says_so(build_fixture, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_TODAY", "2027-02-28")
    build = build_fixture("review")
    assert build.returncode == 0, build.log
    assert "pb-review-banner" not in build.page("publier.html")
    assert "Aucune page n&#39;a dépassé sa date de relecture." in build.page("a-revoir.html")


@pytest.mark.parametrize(("text", "line", "problem"), [
    (_page(owner="pole-contenus"), 3, "le responsable « pole-contenus » n'existe pas. Vouliez-vous dire « pole-contenu » ?"),
    (_page(due="juin 2027"), 4, "`a_revoir_le: juin 2027` n'est pas une date."),
    (_page(due="2027-13-01"), 4, "en-tête de la page illisible : la date « 2027-13-01 » n'existe pas."),
    ("---\ndescription: Sans responsable.\na_revoir_le: 2027-03-01\n---\n\n# Publier\n", 2,
     "il manque le champ `responsable`"),
    ("# Publier\n\nSans en-tête.\n", 1, "la page n'a pas d'en-tête"),
], ids=["unknown-owner", "words-for-a-date", "impossible-date", "missing-owner", "no-front-matter"])
def test_front_matter_mistakes_fail_the_strict_build_with_file_and_line(build_fixture, text, line, problem):
    build = build_fixture("review", {PAGE: text})
    assert build.returncode != 0
    assert "Traceback" not in build.log
    messages = [w for w in build.warnings if PAGE in w]
    assert len(messages) == 1, build.warnings
    assert f"{PAGE}:{line}: {problem}" in messages[0], messages[0]


def test_a_broken_owners_file_is_named_with_its_line(build_fixture):
    build = build_fixture("review", {"snippets/responsables.yml": "responsables:\n  - id: pole-contenu\n    nom: A\n"
                                                                 "  - id: pole-contenu\n    nom: B\n"})
    assert build.returncode != 0 and "Traceback" not in build.log
    assert any("snippets/responsables.yml:4: le responsable « pole-contenu » est déclaré deux fois." in w
               for w in build.warnings), build.warnings


# --------------------------------------------------------------------------------------------
# « Mis à jour le … » from git history: the real theme overrides, a real git repository

def _git(*args, cwd: Path, date: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, timeout=60)


def _dated_project(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    project = tmp_path / "dated"
    shutil.copytree(FIXTURES / "review", project)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  font: false\n", f"  font: false\n  custom_dir: {ROOT / 'overrides'}\n")
    config += ("plugins:\n  - git-revision-date-localized:\n      type: date\n      locale: fr\n"
               "      timezone: Europe/Paris\n      fallback_to_build_date: true\n      strict: false\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    _git("init", "-q", "-b", "main", cwd=project)
    _git("add", ".", cwd=project)
    _git("commit", "-q", "-m", "first", cwd=project, date="2026-11-03T10:00:00+01:00")
    (project / "docs" / "publier.md").write_text(_page() + "\nUne phrase de plus.\n", encoding="utf-8")
    _git("commit", "-q", "-am", "second", cwd=project, date="2026-12-02T10:00:00+01:00")
    return project


def _updated(html: str) -> str:
    aside = re.search(r'<aside class="md-source-file pb-updated">(.*?)</aside>', html, re.S)
    assert aside, "no « Mis à jour » line under the page"
    return re.sub(r"\s+", " ", re.sub(r"<svg.*?</svg>|<[^>]+>", "", aside[1], flags=re.S)).strip()


def test_each_page_says_when_it_last_changed_in_french(tmp_path, build_project):
    build = build_project(_dated_project(tmp_path), tmp_path / "site")
    assert build.returncode == 0, build.log
    assert _updated(build.page("publier.html")) == "Mis à jour le 2 décembre 2026"
    assert _updated(build.page("index.html")) == "Mis à jour le 3 novembre 2026"


def test_a_shallow_clone_says_the_date_is_unknown_and_still_builds(tmp_path, build_project):
    project = _dated_project(tmp_path)
    shallow = tmp_path / "shallow"
    _git("clone", "-q", "--depth", "1", f"file://{project}", str(shallow), cwd=tmp_path)
    build = build_project(shallow, tmp_path / "site-shallow")
    assert build.returncode == 0, build.log
    assert _updated(build.page("index.html")) == "Date de mise à jour inconnue (copie du playbook sans son historique)"
