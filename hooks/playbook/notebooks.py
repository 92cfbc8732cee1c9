"""Execute the analysis notebooks in parallel, ahead of the MkDocs pages that show them.

mkdocs-jupyter executes a notebook when MkDocs renders its page: one after the other, in the
build's own process, about 6 s each here. Its cache, though, is one JSON file per notebook. When
the build starts, `Prewarm.start` executes in worker processes (one per core) the notebooks whose
cache file is missing and writes exactly the file mkdocs-jupyter would have written; when MkDocs
reaches a notebook's page, `Prewarm.wait` blocks until that file is there, and mkdocs-jupyter reads
it as a cache hit. The notebooks run while MkDocs renders the other pages.

If a worker fails (an error in a cell, a file that is not a notebook), `wait` returns the reason
in one French line for the build to report, and a placeholder page is written in the cache entry's
place, so mkdocs-jupyter does not execute the notebook again and print its hundred-line
traceback. The placeholder is marked: the next build removes it and executes the notebook again.

It relies on mkdocs-jupyter's private `_compute_cache_key`, `_get_cache_path`,
`_get_nb_toc_tokens` and `convert.nb2html` (the version is pinned in requirements.txt);
tests/test_notebooks.py checks that every notebook of a build is then a cache hit, so an upgrade
that changes them fails there.

Command line (what a worker runs): `python -m playbook.notebooks NOTEBOOK CACHE_FILE`, with the
plugin's options as JSON on standard input.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path, PurePath

__all__ = ["Prewarm", "execute_to_cache"]

#: Marks a cache entry that holds the explanation of a failure, never an executed notebook.
FAILED = "playbook_failed"

#: The options of mkdocs-jupyter that change a notebook's page (passed on to the worker).
_OPTIONS = ("execute", "kernel_name", "theme", "allow_errors", "show_input", "no_input", "no_prompt",
            "remove_tag_config", "highlight_extra_classes", "include_requirejs",
            "custom_mathjax_url", "toc_depth")


class Prewarm:
    """The notebooks being executed for one build."""

    def __init__(self) -> None:
        self._jobs: dict[str, Future] = {}
        self._pool: ThreadPoolExecutor | None = None

    def start(self, notebooks: list[Path], plugin_config) -> None:
        """Start executing each notebook (a path) whose mkdocs-jupyter cache file is missing.
        `plugin_config` is the mkdocs-jupyter plugin's configuration for this build."""
        from mkdocs_jupyter.plugin import _compute_cache_key, _get_cache_path

        if not plugin_config.get("cache") or not plugin_config.get("execute"):
            return
        options = {key: plugin_config[key] for key in _OPTIONS}
        ignored = plugin_config.get("execute_ignore") or []
        missing = []
        for notebook in notebooks:
            if any(PurePath(notebook).match(pattern) for pattern in ignored):
                continue  # not executed: nothing slow to do ahead
            target = _get_cache_path(plugin_config["cache_dir"],
                                     _compute_cache_key(str(notebook), plugin_config, True))
            if target.exists() and _is_placeholder(target):
                target.unlink()  # last build's failure: execute it again
            if not target.exists():
                missing.append((notebook, target))
        if not missing:
            return
        self._pool = ThreadPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 2))
        payload = json.dumps(options)
        for notebook, target in missing:
            self._jobs[str(Path(notebook).resolve())] = self._pool.submit(
                _run_worker, Path(notebook), target, payload)
        self._pool.shutdown(wait=False)

    def wait(self, notebook: str | Path) -> str | None:
        """Block until the notebook's worker (if any) is done; the reason it failed, or None."""
        job = self._jobs.pop(str(Path(notebook).resolve()), None)
        return job.result() if job is not None else None

    def wait_all(self) -> None:
        for notebook in list(self._jobs):
            self.wait(notebook)


def _run_worker(notebook: Path, target: Path, options: str) -> str | None:
    result = subprocess.run(
        [sys.executable, "-m", "playbook.notebooks", str(notebook), str(target)],
        input=options, capture_output=True, text=True, check=False,
    )
    if result.returncode == 0 and target.exists():
        return None
    reason = next((line[len("PLAYBOOK-FAILURE "):] for line in result.stdout.splitlines()
                   if line.startswith("PLAYBOOK-FAILURE ")), None)
    reason = reason or f"son exécution a échoué ({_last_line(result.stderr)})"
    _write(target, {"content": _placeholder(reason), "toc_tokens": [], "title": None, FAILED: True})
    return reason


def _is_placeholder(target: Path) -> bool:
    try:
        return bool(json.loads(target.read_text(encoding="utf-8")).get(FAILED))
    except (OSError, ValueError, AttributeError):
        return True  # unreadable: execute again


def _placeholder(reason: str) -> str:
    import html

    return (f'<div class="admonition failure"><p class="admonition-title">Notebook non exécuté</p>'
            f"<p>{html.escape(reason)}</p></div>")


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _last_line(text: str) -> str:
    lines = [line.strip() for line in _ANSI.sub("", text).splitlines() if line.strip()]
    return lines[-1][:300] if lines else "sans message"


def _write(target: Path, entry: dict) -> None:
    from playbook import cache

    cache.write_atomic(target, json.dumps(entry))  # never half a file for mkdocs-jupyter to read


def execute_to_cache(notebook: Path, target: Path, options: dict) -> None:
    """Execute `notebook` and write mkdocs-jupyter's cache file `target`, as the plugin does on a
    cache miss (same content, table of contents and title)."""
    from mkdocs_jupyter.plugin import _get_nb_toc_tokens, convert

    body = convert.nb2html(
        str(notebook), execute=options["execute"], kernel_name=options["kernel_name"],
        theme=options["theme"], allow_errors=options["allow_errors"],
        show_input=options["show_input"], no_input=options["no_input"],
        no_prompt=options["no_prompt"], remove_tag_config=options["remove_tag_config"],
        highlight_extra_classes=options["highlight_extra_classes"],
        include_requirejs=options["include_requirejs"],
        custom_mathjax_url=options["custom_mathjax_url"],
    )
    toc_tokens, title = _get_nb_toc_tokens(str(notebook), options["toc_depth"])
    _write(target, {"content": body, "toc_tokens": toc_tokens, "title": title})


def _failure(notebook: Path, error: BaseException) -> str:
    """One French line saying why `notebook` could not be executed."""
    from nbclient.exceptions import CellExecutionError
    from nbformat.reader import NotJSONError

    if isinstance(error, CellExecutionError):
        cell = _failing_cell(notebook, str(error))
        where = f"la cellule {cell}" if cell else "une cellule"
        return (f"{where} échoue : {error.ename}: {_ANSI.sub('', str(error.evalue))[:200]}. "
                "Corrigez-la dans Jupyter, exécutez tout le notebook, puis enregistrez-le.")
    if isinstance(error, (NotJSONError, json.JSONDecodeError)):
        return ("le fichier n'est pas un notebook lisible (JSON invalide) ; "
                "rouvrez-le dans Jupyter ou reprenez la version du dépôt.")
    return f"son exécution a échoué ({type(error).__name__}: {_ANSI.sub('', str(error))[:200]})"


def _failing_cell(notebook: Path, message: str) -> int | None:
    """Number (1-based, code cells counted) of the cell whose source the error message quotes."""
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    code = [c for c in cells if c.get("cell_type") == "code"]
    for number, cell in enumerate(code, start=1):
        source = "".join(cell.get("source", "")).strip()
        if source and source.splitlines()[0] in message:
            return number
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m playbook.notebooks NOTEBOOK CACHE_FILE < options.json", file=sys.stderr)
        return 2
    notebook = Path(args[0])
    try:
        execute_to_cache(notebook, Path(args[1]), json.load(sys.stdin))
    except Exception as error:  # noqa: BLE001 - any failure becomes one line for the build log
        print(f"PLAYBOOK-FAILURE {_failure(notebook, error)}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
