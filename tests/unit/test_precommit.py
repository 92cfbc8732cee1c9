"""The pre-commit configuration: valid, local only, and passing on the repository as committed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / ".pre-commit-config.yaml"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def test_config_is_valid_and_downloads_nothing():
    result = subprocess.run([str(PRE_COMMIT), "validate-config", str(CONFIG)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    repos = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["repos"]
    assert [r["repo"] for r in repos] == ["local"]  # no hook repository to fetch from the network
    for hook in repos[0]["hooks"]:
        assert hook["language"] == "system"
        program = hook["entry"].split()[0]
        assert (ROOT / program).name in ("playbook", "python"), hook["id"]


def test_hooks_pass_on_the_repository(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "SKIP": ""}
    result = subprocess.run([str(PRE_COMMIT), "run", "--all-files", "--config", str(CONFIG)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "playbook check" in result.stdout and "Passed" in result.stdout
