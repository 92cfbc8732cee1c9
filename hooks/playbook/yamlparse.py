"""One parse of a YAML document into its node tree (for line numbers) and its data.

The data files were parsed twice each (`yaml.compose` for the lines, `yaml.safe_load` for the
values) with PyYAML's pure-Python parser. `parse` parses once, with libyaml (`CSafeLoader`, about
ten times faster) when PyYAML was built with it. A document libyaml rejects is parsed again with
the pure-Python `SafeLoader`, so the error a contributor reads (problem and line) is the same
whichever parser is installed.
"""

from __future__ import annotations

import yaml

__all__ = ["compose", "parse"]

_FAST = getattr(yaml, "CSafeLoader", None)


def parse(text: str):
    """(root node or None for an empty document, data); raises `yaml.YAMLError`."""
    if _FAST is not None:
        try:
            return _compose_and_construct(_FAST, text)
        except yaml.YAMLError:
            pass  # report the pure-Python parser's own error, below
    return _compose_and_construct(yaml.SafeLoader, text)


def compose(text: str):
    """The root node (None for an empty document) without constructing the data."""
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _compose_and_construct(loader_class, text: str):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        return node, data
    finally:
        loader.dispose()
