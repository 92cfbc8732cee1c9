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
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict", "-q", "-f", str(config),
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


BENCHMARKS: dict[str, Callable[[int], None]] = {
    "lint": bench_lint,
    "build": bench_build,
    "pdf": bench_pdf,
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
