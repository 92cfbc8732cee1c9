"""The interface texts: snippets/labels.yml (card badges, listing headings, checklist buttons...).

The texts are French data that consultants may edit; their keys are a contract with the code that
shows them, written down in `schemas/labels.json` (every section and key the code reads). `load_labels`
checks the file once: a YAML error, a missing key or a value that is not text is one `ContentError`
naming the file, the line and the key, instead of a KeyError later.
"""

from __future__ import annotations

from pathlib import Path

from playbook import validate
from playbook.errors import ContentError


def load_labels(path: Path, display: str = "snippets/labels.yml") -> tuple[dict | None, list[ContentError]]:
    """The labels as a dict, or None with the errors found."""
    out = validate.Collector(display)
    text = validate.read_text(Path(path), out)
    parsed = validate.parse_yaml(text, out) if text is not None else None
    if parsed is None:
        return None, out.sorted()
    node, data = parsed
    validate.duplicate_keys(node, out)
    validate.check("labels", data, node, out)
    return (data if not out.errors else None), out.sorted()
