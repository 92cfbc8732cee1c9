"""Content-hash caches for the two slow build steps: executing the notebooks and writing the PDF.

A cache entry is named after the SHA-256 of everything its output depends on, so an entry can only
be reused for exactly the same inputs: a stale chart or PDF would need a SHA-256 collision.

Why this module exists beside the ecosystem's tools:
- mkdocs-jupyter has a cache, and the build uses it, but its key is the notebook file and the
  plugin's options only. The analyses also read `snippets/` (the message library, the rules) and
  import the `playbook` package, so a changed rule would be served with yesterday's chart. The
  hook therefore points the plugin's `cache_dir` at a folder named after the digest of every file
  the notebooks may read (`notebook_inputs_digest`); a test runs the notebooks and checks that
  they read nothing outside those inputs.
- WeasyPrint has no cache at all: `playbook.pdf` keys its output on the built pages, the images of
  the site, the print stylesheet, its own code, the cover's metadata and the library versions.

`PLAYBOOK_CACHE=off` turns both caches off (and the notebooks are then executed one by one);
`PLAYBOOK_CACHE_DIR` moves them (default: `.cache/playbook/` in the repository, ignored by git).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

__all__ = [
    "NOTEBOOK_INPUTS",
    "cache_dir",
    "enabled",
    "files_digest",
    "in_process",
    "notebook_inputs",
    "notebook_inputs_digest",
    "prune_siblings",
    "versions",
    "write_atomic",
]

#: What the analysis notebooks may read, relative to the repository root: the content they count,
#: the code they import, the data beside them and the pinned libraries.
NOTEBOOK_INPUTS = ("snippets", "hooks/playbook", "docs/analyses", "requirements.txt")

#: Libraries whose version changes the notebooks' or the PDF's output.
_LIBRARIES = ("mkdocs-jupyter", "nbconvert", "nbclient", "ipykernel", "matplotlib", "weasyprint",
              "pydyf", "fonttools", "beautifulsoup4", "pyphen", "markdown", "pymdown-extensions")

_SKIPPED_PARTS = {"__pycache__", ".ipynb_checkpoints"}


def enabled() -> bool:
    """False when `PLAYBOOK_CACHE=off` (or `0`, `no`, `false`)."""
    return os.environ.get("PLAYBOOK_CACHE", "on").strip().lower() not in {"off", "0", "no", "false"}


def cache_dir(root: Path, name: str) -> Path:
    """The folder of one cache (`notebooks`, `pdf`) for the project at `root`."""
    base = os.environ.get("PLAYBOOK_CACHE_DIR")
    return (Path(base) if base else Path(root) / ".cache" / "playbook") / name


def versions() -> str:
    """Python's and the output-shaping libraries' versions, one string (part of every key)."""
    found = [f"python={sys.version.split()[0]}"]
    for name in _LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=absent")
    return ";".join(found)


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out.extend(p for p in path.rglob("*") if p.is_file()
                       and not _SKIPPED_PARTS.intersection(p.parts) and p.suffix != ".pyc")
    return sorted(set(out))


def files_digest(root: Path, paths: Iterable[Path], *extra: str) -> str:
    """SHA-256 over the relative path and bytes of every file in `paths` (folders walked), plus
    the `extra` strings. A path that does not exist adds nothing, so a file that appears or
    disappears changes the digest."""
    root = Path(root)
    hasher = hashlib.sha256()
    for text in extra:
        hasher.update(b"extra\0" + text.encode("utf-8") + b"\0")
    for path in _files(paths):
        try:
            name = path.relative_to(root).as_posix()
        except ValueError:
            name = path.as_posix()
        data = path.read_bytes()
        hasher.update(f"file\0{name}\0{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()


def notebook_inputs(root: Path) -> list[Path]:
    """The paths of NOTEBOOK_INPUTS under `root`."""
    return [Path(root) / relative for relative in NOTEBOOK_INPUTS]


def notebook_inputs_digest(root: Path) -> str:
    """The digest of everything the notebooks may read, and of the libraries that run them."""
    return files_digest(root, notebook_inputs(root), versions())


def write_atomic(path: Path, text: str) -> None:
    """Write `path` so that a reader (another process, the next build) never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def prune_siblings(keep: Path) -> None:
    """Remove the other entries of `keep`'s folder (older digests), so a cache never grows."""
    parent = keep.parent
    if not parent.is_dir():
        return
    for entry in parent.iterdir():
        if entry == keep:
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def in_process(function):
    """Memoise `function(*paths)` for the life of the process, keyed on the bytes of every file
    under `paths` (and the code's versions): `mkdocs serve` rebuilds the whole site on every save,
    and this lets it skip re-reading and re-checking data files nobody touched, while an edit to any
    of them calls `function` again. One entry is kept (the latest inputs)."""
    import functools

    results: dict[str, object] = {}

    @functools.wraps(function)
    def wrapper(*paths: Path):
        key = files_digest(Path("/"), [Path(p) for p in paths], *map(str, paths))
        if key not in results:
            results.clear()
            results[key] = function(*paths)
        return results[key]

    return wrapper
