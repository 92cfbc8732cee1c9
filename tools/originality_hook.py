"""pre-commit hook: the playbook's text must share no run of words with the source article.

Runs the team's checker (`../shared/tools/originality.py`, next to the repository on the team's
machines; $PLAYBOOK_ORIGINALITY to point elsewhere) and passes its verdict on. Where the checker
is not installed (a consultant's laptop), says so and lets the commit through: CI runs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    tool = Path(os.environ.get("PLAYBOOK_ORIGINALITY") or ROOT.parent / "shared" / "tools" / "originality.py")
    if not tool.is_file():
        print(f"originalité : vérificateur absent ({tool}), vérification laissée à la CI.")
        return 0
    return subprocess.run([sys.executable, str(tool)], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
