"""`make bench`: the playbook's figures, printed, never pass/fail.

Each benchmark is a small function that prints its own lines; later features add theirs to
BENCHMARKS. Run from the repository root: `.venv/bin/python -m playbook.bench [--runs N] [NAME...]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _mkdocs(config: Path, site: Path) -> float:
    """Seconds taken by one strict build of `config` into `site` (fails loudly if it fails)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-f", str(config),
         "-d", str(site)], cwd=ROOT, env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build of {config.name} failed:\n{result.stderr}")
    return elapsed


def _plain_config(directory: Path) -> Path:
    """The same pages and theme with the project's hooks and plugins off (search only)."""
    config = directory / "plain.yml"
    config.write_text(yaml.safe_dump({
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "docs_dir": str(ROOT / "docs"),
        "theme": {"custom_dir": str(ROOT / "overrides")},
        "hooks": [],
        "plugins": ["search"],
        "validation": {"links": {"not_found": "info", "anchors": "info"}},
    }), encoding="utf-8")
    return config


def bench_build(runs: int) -> None:
    """Strict build of the real site against the same pages built with plain Material."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        plain = _plain_config(tmp_path)
        real = [_mkdocs(ROOT / "mkdocs.yml", tmp_path / "real") for _ in range(runs)]
        bare = [_mkdocs(plain, tmp_path / "plain") for _ in range(runs)]
    real_median, bare_median = statistics.median(real), statistics.median(bare)
    print(f"build  playbook (hooks, plugins) median of {runs}: {real_median:6.2f} s")
    print(f"build  plain Material            median of {runs}: {bare_median:6.2f} s")
    print(f"build  ratio playbook / plain: {real_median / bare_median:.2f}x")


def bench_pdf(runs: int) -> None:
    """The offline PDF alone (playbook.pdf.build_pdf) on one strict build of the real site."""
    from mkdocs.config import load_config

    from playbook import pdf

    config = ROOT / "mkdocs.yml"
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        _mkdocs(config, site)
        pages = pdf.pages_from_config(config)
        meta = pdf.meta_from_config(load_config(str(config)), ROOT)
        reports = [pdf.build_pdf(site, pages, Path(tmp) / "bench.pdf", meta=meta) for _ in range(runs)]
    last = reports[-1]
    print(f"pdf    build_pdf median of {runs}: {statistics.median(r.seconds for r in reports):6.2f} s "
          f"({last.chapters} chapters, {last.page_count} pages, {last.size_bytes / 1e6:.1f} MB)")


def bench_lint(runs: int) -> None:
    """Linter throughput on one core (playbook.lint.bench), about `runs` seconds of linting."""
    from playbook.lint import bench

    print("lint   ", end="")
    bench.main(["--seconds", str(max(1, runs))])


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


def _verifier_sample(length: int) -> str:
    """A realistic draft of `length` characters: the library's bad examples, one after another."""
    from playbook.messages import load_library

    library = load_library(ROOT / "snippets" / "messages")
    text = "\n\n".join(m.text for m in library.values() if m.verdict == "bad")
    return (text * (length // len(text) + 1))[:length]


def bench_verifier(runs: int) -> None:
    """`window.playbook.lint` in Chromium (Playwright) on 2 000 and 20 000 characters.

    The page is a static file holding linter.js and the rules exactly as the verifier page embeds
    them (`render_rules_json`); no server, no network. One animation frame is 16 ms.
    """
    from playwright.sync_api import sync_playwright

    from playbook.lint import load_rules
    from playbook.lint.export import render_rules_json

    linter = ROOT / "docs" / "assets" / "javascripts" / "linter.js"
    calls = max(runs, 1) * 20  # one call is short: 20 timed calls per requested run
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_file = Path(tmp) / "bench.html"
        page_file.write_text(
            "<!doctype html><meta charset=utf-8><title>bench</title>"
            f'{render_rules_json(load_rules())}<script src="{linter.as_uri()}"></script>',
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
                }""", [_verifier_sample(length), calls])
                times.sort()
                print(f"verifier  lint {length:6d} chars, median of {calls}: {statistics.median(times):6.2f} ms "
                      f"(p90 {times[int(len(times) * 0.9) - 1]:.2f} ms, max {times[-1]:.2f} ms, "
                      f"{found} findings; one frame = 16 ms)")
        finally:
            browser.close()


BENCHMARKS: dict[str, Callable[[int], None]] = {
    "lint": bench_lint,
    "build": bench_build,
    "pdf": bench_pdf,
    "verifier": bench_verifier,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playbook.bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("names", nargs="*", choices=[[], *BENCHMARKS], metavar="NAME",
                        help=f"benchmarks to run (default all: {', '.join(BENCHMARKS)})")
    args = parser.parse_args(argv)
    for name in args.names or BENCHMARKS:
        BENCHMARKS[name](args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
