"""The JavaScript's own unit tests (tests/js/*.test.js), run with Node's test runner."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_js_node_unit_tests():
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required under CI")
        pytest.skip("node not found")
    import material  # its lunr.fr files are what search_fr.test.js patches

    lunr_dir = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js")], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PLAYBOOK_LUNR_DIR": str(lunr_dir)})
    assert result.returncode == 0, result.stdout + result.stderr
