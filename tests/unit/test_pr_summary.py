"""playbook.pr: the pull request's job summary and `playbook check`, on a copy of the library
fixture with a real git history (two commits: the base and the proposal)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from playbook import cli, pr

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "library"
GOOD = "snippets/messages/invitation-motivee.md"


def _git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, timeout=60)


@pytest.fixture
def proposal(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "base")
    # The proposal: a page edited, and the good example now gives no purpose (a fault).
    index = root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    good = root / GOOD
    good.write_text(good.read_text(encoding="utf-8").rstrip() + " J'aimerais agrandir mon réseau.\n",
                    encoding="utf-8")
    _git(root, "commit", "-qam", "proposal")
    return root


def test_summary_lists_changed_pages_examples_and_their_verdicts(proposal):
    text, errors = pr.summary_markdown(proposal, "HEAD~1", "https://example.org/artifact/1", str)
    assert "| Accueil (`docs/index.md`) | [`index.html`](https://example.org/artifact/1) |" in text
    row = next(line for line in text.splitlines() if "`invitation-motivee`" in line)
    assert "À préférer" in row and row.endswith("| non |"), row  # a good example that now breaks a rule
    assert "invitation-vide" not in text  # unchanged examples are not listed
    assert any("invitation-motivee" in e.path for e in errors)  # the build's own message, passed on
    assert "### Pages à revoir" in text


def test_summary_of_a_proposal_without_pages_or_examples(proposal):
    text, _ = pr.summary_markdown(proposal, "HEAD", None, str)
    assert "Aucune page modifiée." in text and "Aucun exemple de message modifié." in text


def test_an_unknown_base_is_said_in_french(proposal):
    with pytest.raises(Exception, match="impossible de comparer avec « origin/nope »"):
        pr.changed_files(proposal, "origin/nope")


def test_check_command_reports_the_broken_example_and_fails(proposal, monkeypatch, capsys):
    monkeypatch.setenv("PLAYBOOK_ROOT", str(proposal))
    assert cli.main(["check"]) == 1
    assert "invitation-motivee.md" in capsys.readouterr().err
    _git(proposal, "checkout", "-q", "HEAD~1", "--", GOOD)
    assert cli.main(["check"]) == 0
    assert "tout est en ordre" in capsys.readouterr().out
