"""`make bench`: the playbook's figures, printed, never pass/fail.

Each benchmark is a small function that prints its own lines; later features add theirs to
BENCHMARKS. Run from the repository root: `.venv/bin/python -m tools.bench [--root DIR] [--runs N]
[NAME...]`; the project measured is `--root`, else $PLAYBOOK_ROOT, else the folder holding
mkdocs.yml from the current directory upwards (see `tools`).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from . import project_root
from .lint_bench import corpus_dir
from .lint_bench import main as lint_main


def _mkdocs(root: Path, config: Path, site: Path, **env: str) -> float:
    """Seconds taken by one strict build of `config` into `site` (fails loudly if it fails)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    start = time.perf_counter()
    result = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-f", str(config),
         "-d", str(site)], cwd=root, env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build of {config.name} failed:\n{result.stderr}")
    return elapsed


def _variant(root: Path, name: str, overrides: dict) -> Path:
    """A configuration inheriting mkdocs.yml, written in the repository root (the hooks find the
    project's data next to the configuration file). The caller removes it."""
    config = root / f".bench-{name}-{os.getpid()}.yml"
    config.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", **overrides}), encoding="utf-8")
    return config


# Without mkdocs-jupyter the notebooks are not pages: links and nav entries to them only inform.
_LENIENT = {"links": {"not_found": "info", "anchors": "info"}, "nav": {"not_found": "info"}}
#: The same pages and theme with the project's hooks and plugins off (search only).
_PLAIN = {"hooks": [], "plugins": ["search"], "validation": _LENIENT}
#: The project's hooks, tags and offline plugins; no notebooks (mkdocs-jupyter off), no PDF.
_HOOKS_ONLY = {"extra": {"pdf": ""}, "plugins": [{"search": {"lang": "fr"}}, "tags", "offline"],
               "validation": _LENIENT}


def _line(label: str, seconds: float, runs: int, target: str = "", ratio: float | None = None) -> None:
    against = f"  {ratio:5.2f}x plain" if ratio is not None else ""
    print(f"build  {label:<44} median of {runs}: {seconds:6.2f} s{against}"
          + (f"   target {target}" if target else ""))


def bench_build(root: Path, runs: int) -> None:
    """Plain Material, the project's hooks alone, and the full strict build (notebooks executed,
    PDF written) without and with the content-hash caches, all in the same run."""
    configs = []
    try:
        plain = _variant(root, "plain", _PLAIN)
        hooks = _variant(root, "hooks", _HOOKS_ONLY)
        configs = [plain, hooks]
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            bare = statistics.median(_mkdocs(root, plain, tmp_path / "plain") for _ in range(runs))
            own = statistics.median(_mkdocs(root, hooks, tmp_path / "hooks") for _ in range(runs))
            cold_runs = max(1, min(runs, 3))
            # Cold = a fresh clone: an empty cache folder each time (the notebooks are executed
            # ahead, in parallel, and the PDF laid out), not PLAYBOOK_CACHE=off (which also turns
            # the parallel execution off).
            cold = statistics.median(
                _mkdocs(root, root / "mkdocs.yml", tmp_path / "cold", PLAYBOOK_CACHE_DIR=str(tmp_path / f"empty-{run}"))
                for run in range(cold_runs))
            store = str(tmp_path / "cache")
            _mkdocs(root, root / "mkdocs.yml", tmp_path / "warm", PLAYBOOK_CACHE_DIR=store)  # fills the cache
            warm = statistics.median(_mkdocs(root, root / "mkdocs.yml", tmp_path / "warm", PLAYBOOK_CACHE_DIR=store)
                                     for _ in range(runs))
    finally:
        for config in configs:
            config.unlink(missing_ok=True)
    _line("plain Material (search only)", bare, runs)
    _line("project hooks (no notebooks, no PDF)", own, runs, "<= 1.5x plain", own / bare)
    _line("make site, cold (empty cache, as a fresh clone)", cold, cold_runs, "<= 20 s, <= 8x plain", cold / bare)
    _line("make site, unchanged inputs (caches warm)", warm, runs, "<= 20 s, <= 8x plain", warm / bare)


def bench_pdf(root: Path, runs: int) -> None:
    """The offline PDF alone (playbook.pdf.build_pdf) on one strict build of the real site: laid
    out from scratch, then served from its content-hash cache."""
    from mkdocs.config import load_config

    from playbook import pdf

    config = root / "mkdocs.yml"
    cold_runs = max(1, min(runs, 3))
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        _mkdocs(root, config, site, PLAYBOOK_CACHE_DIR=str(Path(tmp) / "build-cache"))
        pages = pdf.pages_from_config(config)
        labels = yaml.safe_load((root / "snippets" / "labels.yml").read_text(encoding="utf-8"))["pdf"]
        meta = pdf.meta_from_config(load_config(str(config)), root, labels=labels)
        cold = [pdf.build_pdf(site, pages, Path(tmp) / "cold.pdf", meta=meta) for _ in range(cold_runs)]
        store = Path(tmp) / "pdf-cache"
        pdf.build_pdf(site, pages, Path(tmp) / "warm.pdf", meta=meta, cache_dir=store)
        warm = [pdf.build_pdf(site, pages, Path(tmp) / "warm.pdf", meta=meta, cache_dir=store)
                for _ in range(runs)]
    last = cold[-1]
    print(f"pdf    laid out (WeasyPrint)          median of {cold_runs}: "
          f"{statistics.median(r.seconds for r in cold):6.2f} s   target <= 10 s "
          f"({last.chapters} chapters, {last.page_count} pages, {last.size_bytes / 1e6:.1f} MB)")
    print(f"pdf    same inputs (cache)            median of {runs}: "
          f"{statistics.median(r.seconds for r in warm):6.2f} s   target <= 10 s "
          f"(reused: {all(r.cached for r in warm)})")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_serve(root: Path, runs: int) -> None:
    """`mkdocs serve` on a copy of the project: seconds from saving an edit to one Markdown page
    until the server returns the rebuilt page (loopback only, bounded in time)."""
    import shutil
    import urllib.request

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "project"
        for name in ("docs", "snippets", "hooks", "overrides", "mkdocs.yml", "requirements.txt"):
            source = root / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
            elif source.is_file():
                copy.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, copy / name)
        port = _free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1",
               "PLAYBOOK_CACHE_DIR": str(Path(tmp) / "cache")}
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("mkdocs")), "serve", "--strict", "--dev-addr",
             f"127.0.0.1:{port}"], cwd=copy, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        page = copy / "docs" / "prospecter" / "relances.md"
        url = f"http://127.0.0.1:{port}/playbook-linkedin/prospecter/relances.html"

        def fetch() -> str:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    return response.read().decode("utf-8", "replace")
            except OSError:
                return ""

        def wait_for(word: str, limit: float) -> float | None:
            start = time.perf_counter()
            while time.perf_counter() - start < limit:
                if word in fetch():
                    return time.perf_counter() - start
                time.sleep(0.05)
            return None

        try:
            if wait_for("</html>", 240) is None:
                print("serve  the server did not answer within 240 s")
                return
            delays = []
            original = page.read_text(encoding="utf-8")
            for run in range(max(runs, 1)):
                word = f"Motrepere{run}x{os.getpid()}"
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                page.write_text(original + f"\n{word}\n", encoding="utf-8")
                seen = wait_for(word, 60)
                delays.append(seen if seen is not None else float("inf"))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"serve  edit of one page, saved -> served rebuilt, median of {len(delays)}: "
          f"{statistics.median(delays):6.2f} s (max {max(delays):.2f} s)   target <= 2 s")


def _real_length_messages(root: Path, count: int, length: int = 265) -> list[dict]:
    """`count` messages of about `length` characters, cut at a word from the linter corpora's
    texts (one after the other, so each message is made of real sentences)."""
    texts = []
    for path in sorted(corpus_dir(root).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    stream = " ".join(texts)
    out, position = [], 0
    for index in range(count):
        if position + length + 40 > len(stream):
            position = 0
        cut = stream.rfind(" ", position, position + length)
        cut = cut if cut > position else position + length
        out.append({"id": str(index), "text": stream[position:cut]})
        position = cut + 1
    return out


def bench_cli(root: Path, runs: int) -> None:
    """`playbook lint --jsonl` on 16,000 real-length messages, start-up included (a new process
    each run), as a consultant's script or CI would call it."""
    messages = _real_length_messages(root, 16_000)
    payload = "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in messages).encode("utf-8")
    average = sum(len(m["text"]) for m in messages) / len(messages)
    command = [str(Path(sys.executable).with_name("playbook")), "lint", "--jsonl"]
    times = []
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        result = subprocess.run(command, input=payload, capture_output=True, cwd=root)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"playbook lint --jsonl failed:\n{result.stderr.decode()}")
    seconds = statistics.median(times)
    print(f"cli    playbook lint --jsonl, {len(messages):,} messages of {average:.0f} chars, "
          f"start-up included, median of {len(times)}: {len(messages) / seconds:,.0f} messages/s "
          f"({seconds:.2f} s)   target >= 10,000/s")


def bench_lint(root: Path, runs: int) -> None:
    """Linter throughput on one core (tools.lint_bench), about `runs` seconds of linting."""
    print("lint   ", end="")
    lint_main(["--root", str(root), "--seconds", str(max(1, runs))])


def _chromium_path() -> str | None:
    """Chromium for Playwright, found like tests/browser/conftest.py (None: Playwright's own)."""
    import shutil

    explicit = os.environ.get("PLAYBOOK_CHROMIUM")
    if explicit:
        return explicit
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser", shutil.which("chromium") or ""):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def _verifier_sample(root: Path, length: int) -> str:
    """A realistic draft of `length` characters: the library's bad examples, one after another."""
    from playbook.messages import load_library

    library = load_library(root / "snippets" / "messages")
    text = "\n\n".join(m.text for m in library.values() if m.verdict == "bad")
    return (text * (length // len(text) + 1))[:length]


def bench_verifier(root: Path, runs: int) -> None:
    """`window.playbook.lint` in Chromium (Playwright) on 2 000 and 20 000 characters.

    The page is a static file holding linter.js and the rules exactly as the verifier page embeds
    them (`render_rules_json`); no server, no network. One animation frame is 16 ms.
    """
    from playwright.sync_api import sync_playwright

    from playbook.lint import load_rules
    from playbook.lint.export import render_rules_json

    linter = root / "docs" / "assets" / "javascripts" / "linter.js"
    calls = max(runs, 1) * 20  # one call is short: 20 timed calls per requested run
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "bench.html"
        page_file.write_text(
            "<!doctype html><meta charset=utf-8><title>bench</title>"
            f'{render_rules_json(load_rules(root / "snippets" / "rules.yml"))}<script src="{linter.as_uri()}"></script>',
            encoding="utf-8")
        browser = p.chromium.launch(headless=True, executable_path=_chromium_path(),
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            first = page.evaluate("""() => { const t = performance.now(); window.playbook.rules();
                                             return performance.now() - t; }""")
            print(f"verifier  rules compiled on first use: {first:6.1f} ms")
            for length in (2000, 20000):
                times, found = page.evaluate("""([text, calls]) => {
                    for (let i = 0; i < 5; i++) window.playbook.lint(text + i, {channel: 'message'});
                    const times = [];
                    let found = 0;
                    for (let i = 0; i < calls; i++) {
                        const variant = text.slice(0, -1) + String.fromCharCode(97 + i % 26);
                        const t = performance.now();
                        found = window.playbook.lint(variant, {lang: null, channel: 'message'}).length;
                        times.push(performance.now() - t);
                    }
                    return [times, found];
                }""", [_verifier_sample(root, length), calls])
                times.sort()
                print(f"verifier  lint {length:6d} chars, median of {calls}: {statistics.median(times):6.2f} ms "
                      f"(p90 {times[int(len(times) * 0.9) - 1]:.2f} ms, max {times[-1]:.2f} ms, "
                      f"{found} findings; one frame = 16 ms)")
        finally:
            browser.close()


BENCHMARKS: dict[str, Callable[[Path, int], None]] = {
    "lint": bench_lint,
    "cli": bench_cli,
    "build": bench_build,
    "pdf": bench_pdf,
    "serve": bench_serve,
    "verifier": bench_verifier,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per measurement (default 3; cold builds at most 3)")
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], metavar="NAME",
                        help=f"benchmarks to run (default all: {', '.join(BENCHMARKS)})")
    parser.add_argument("--root", default=None,
                        help="the playbook's folder (default: $PLAYBOOK_ROOT, else found from here upwards)")
    args = parser.parse_args(argv)
    root = project_root(args.root)
    for name in args.names or BENCHMARKS:
        BENCHMARKS[name](root, args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
