"""The `playbook` command line (entry point `playbook.cli:main`).

Subcommands are registered in `COMMANDS` (name → function that adds its parser); each sets
`func(args) -> exit status`. Add a new command by writing `_add_<name>(subparsers)`.

    playbook lint FILE... | -       check messages (text files, library .md files, or stdin)
        --format text|json          findings for people (default) or JSON
        --lang fr|en                language (default: detected per message)
        --channel ID                channel (enables length and follow-up rules)
        --jsonl                     read {"id","text","lang"?,"channel"?} lines on stdin, write
                                    {"id","findings":[…]} lines in the same order
        --rules FILE                rules file (default: snippets/rules.yml of the project found
                                    by `playbook.lint.default_rules_path`: $PLAYBOOK_ROOT, else
                                    the nearest folder holding mkdocs.yml from here upwards)

    playbook review [--site-url URL]   the pages past their review date, as Markdown (the CI job
                                    summary); in GitHub Actions also one warning per page.
                                    Always 0 when the pages' front matter is valid: an overdue
                                    page never blocks anyone.

    playbook check                  every data file, every example against its verdict, every
                                    page's owner and review date, without building the site (the
                                    pre-commit hook): 0 when all is well, 1 with the problems
    playbook pr-summary --base REF [--artifact-url URL]
                                    the pull request's job summary: pages changed (their path in
                                    the site artifact), changed examples and what the verifier
                                    finds in them, overdue pages; 0 unless git cannot compare

Exit status (lint): 0 when no finding at all, 1 when something is found, 2 on usage or input
error (one clear line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from .errors import ContentError


class InputError(Exception):
    """A problem with what the user gave us; printed as one line, exit status 2."""


# --- lint -----------------------------------------------------------------------------------

def _read_source(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read()
        label = "<stdin>"
    else:
        path = Path(name)
        if path.is_dir():
            raise InputError(f"{name}: est un dossier ; donnez des fichiers (par exemple snippets/messages/*.md)")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{name}: fichier introuvable")
        except OSError as exc:
            raise InputError(f"{name}: illisible ({exc.strerror})")
        label = name
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark (Windows editors) is not text
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: n'est pas du texte UTF-8 valide (octet {exc.start})")
    from .messages import plain_newlines

    return plain_newlines(text)


def _prepare(name: str, text: str, lang: str | None, channel: str | None, rules):
    """(text to lint, offset of its first line in the file, lang, channel) for one input."""
    from .messages import split_front_matter

    line_offset = 0
    if name.lower().endswith(".md"):
        parts = split_front_matter(text)
        if parts is not None:
            import yaml

            front, body, body_line = parts
            try:
                meta = yaml.safe_load(front) or {}
            except yaml.YAMLError:
                raise InputError(f"{name}: en-tête YAML invalide")
            if not isinstance(meta, dict):
                raise InputError(f"{name}: en-tête YAML invalide")
            stripped = body.lstrip("\n")
            line_offset = body_line - 1 + (len(body) - len(stripped))
            text = stripped.rstrip("\n")
            if lang is None and meta.get("lang") in ("fr", "en"):
                lang = meta["lang"]
            if channel is None and meta.get("channel") in rules.channels:
                channel = meta["channel"]
    if not text.strip():
        raise InputError(f"{'<stdin>' if name == '-' else name}: le message est vide")
    return text, line_offset, lang, channel


def _render(name: str, text: str, line_offset: int, findings, rules) -> str:
    out = []
    line_starts = [0]
    for index, ch in enumerate(text):
        if ch == "\n":
            line_starts.append(index + 1)
    from bisect import bisect_right

    for f in findings:
        row = bisect_right(line_starts, f.start) - 1
        start_of_line = line_starts[row]
        end_of_line = text.find("\n", start_of_line)
        if end_of_line == -1:
            end_of_line = len(text)
        col = f.start - start_of_line
        line_text = text[start_of_line:end_of_line]
        width = max(1, min(f.end, end_of_line) - f.start)
        rule = rules.by_id.get(f.rule)
        out.append(f"{name}:{row + 1 + line_offset}:{col + 1}: {f.severity} [{f.category}] {f.rule}: {f.message}")
        out.append(f"    {line_text}")
        out.append(f"    {' ' * col}{'^' * width}")
        if rule is not None and rule.advice:
            out.append(f"    Conseil : {rule.advice}")
            out.append(f"    Voir : {rule.link}")
    return "\n".join(out)


def _run_lint(args) -> int:
    from .lint import lint, load_rules

    try:
        rules = load_rules(args.rules)
    except ContentError as exc:
        print(f"playbook: {exc}", file=sys.stderr)
        return 2
    if args.channel is not None and args.channel not in rules.channels:
        print(f"playbook lint: canal inconnu « {args.channel} » (canaux : {', '.join(rules.channels)})", file=sys.stderr)
        return 2
    if args.jsonl:
        if args.files:
            print("playbook lint: --jsonl lit l'entrée standard ; ne donnez pas de fichier", file=sys.stderr)
            return 2
        return _run_jsonl(rules)
    if not args.files:
        print("playbook lint: donnez au moins un fichier, ou - pour l'entrée standard", file=sys.stderr)
        return 2
    results = []
    try:
        for name in args.files:
            text = _read_source(name)
            text, line_offset, lang, channel = _prepare(name, text, args.lang, args.channel, rules)
            findings = lint(text, lang=lang, channel=channel, rules=rules)
            results.append((name, text, line_offset, lang, channel, findings))
    except InputError as exc:
        print(f"playbook lint: {exc}", file=sys.stderr)
        return 2
    found = any(r[5] for r in results)
    if args.format == "json":
        payload = [{"file": "<stdin>" if name == "-" else name, "lang": lang, "channel": channel,
                    "findings": [f.to_dict() for f in findings]}
                   for name, text, line_offset, lang, channel, findings in results]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for name, text, line_offset, lang, channel, findings in results:
            shown = "<stdin>" if name == "-" else name
            if findings:
                print(_render(shown, text, line_offset, findings, rules))
            else:
                print(f"{shown}: aucune faute trouvée")
    return 1 if found else 0


class _NotJson(ValueError):
    pass


def _reject_constant(name: str):
    raise _NotJson(f"{name} n'est pas une valeur JSON valide")


_SURROGATE = re.compile("[\ud800-\udfff]")  # JSON's \uD800 escapes: not text, cannot be written out


def _has_lone_surrogate(value: str) -> bool:
    return _SURROGATE.search(value) is not None


def _jsonl_problem(row, rules) -> str | None:
    """Why a parsed JSONL row cannot be linted (in French), or None."""
    if not isinstance(row, dict):
        return "un objet JSON est attendu"
    if "id" not in row:
        return "« id » manque"
    if isinstance(row["id"], bool) or not isinstance(row["id"], (str, int)):
        return "« id » doit être une chaîne ou un entier"
    if not isinstance(row.get("text"), str) or not row["text"].strip():
        return "« text » manque ou est vide"
    for key in ("lang", "channel"):
        if row.get(key) is not None and not isinstance(row[key], str):
            return f"« {key} » doit être une chaîne"
    if any(isinstance(row.get(key), str) and _has_lone_surrogate(row[key]) for key in ("id", "text", "lang", "channel")):
        return "le texte contient un caractère invalide (\\uD800 à \\uDFFF isolé)"
    if row.get("lang") not in (None, "fr", "en"):
        return f"lang « {row.get('lang')} » inconnue (fr ou en)"
    if row.get("channel") is not None and row.get("channel") not in rules.channels:
        return f"canal « {row.get('channel')} » inconnu"
    return None


def _run_jsonl(rules) -> int:
    from .messages import plain_newlines

    rows = []
    for number, line in enumerate(sys.stdin.buffer.read().split(b"\n"), 1):
        if not line.strip():
            continue
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
            row = json.loads(text, parse_constant=_reject_constant)
        except UnicodeDecodeError:
            problem = "UTF-8 invalide"
        except RecursionError:
            problem = "JSON trop imbriqué"
        except json.JSONDecodeError as exc:
            problem = f"JSON invalide ({exc.msg}, colonne {exc.colno})"
        except _NotJson as exc:
            problem = f"JSON invalide ({exc})"
        except ValueError:  # Python refuses to read integers of more than 4,300 digits
            problem = "JSON invalide (nombre trop long)"
        else:
            problem = _jsonl_problem(row, rules)
        if problem:
            print(f"playbook lint: ligne {number} : {problem}", file=sys.stderr)
            return 2
        row["text"] = plain_newlines(row["text"])
        rows.append(row)
    found = False
    out = sys.stdout
    for lines, any_finding in _lint_rows(rows, rules):
        found = found or any_finding
        out.write(lines)
    return 1 if found else 0


#: From this many messages on, `--jsonl` lints in one worker process per core (fork: the rules
#: loaded once are shared); below, starting the workers costs more than it saves.
_PARALLEL_FROM = 2_000
_CHUNK = 500
_worker_rules = None


def _lint_rows(rows: list[dict], rules):
    """(output lines, whether any finding) per chunk of rows, in input order."""
    import multiprocessing
    import os

    global _worker_rules
    _worker_rules = rules  # what _lint_chunk uses, here and in the forked workers
    chunks = [rows[i:i + _CHUNK] for i in range(0, len(rows), _CHUNK)]
    workers = min(os.cpu_count() or 1, len(chunks))
    if len(rows) < _PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_lint_chunk, chunks)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_lint_chunk, chunks)


def _lint_chunk(chunk: list[dict]) -> tuple[str, bool]:
    from .lint import lint

    lines, found = [], False
    for row in chunk:
        findings = lint(row["text"], lang=row.get("lang"), channel=row.get("channel"), rules=_worker_rules)
        found = found or bool(findings)
        lines.append(json.dumps({"id": row["id"], "findings": [f.to_dict() for f in findings]},
                                ensure_ascii=False, allow_nan=False) + "\n")
    return "".join(lines), found


def _add_lint(subparsers) -> None:
    p = subparsers.add_parser("lint", help="vérifier des messages de prospection",
                              description="Vérifie des messages LinkedIn avec les règles de snippets/rules.yml.")
    p.add_argument("files", nargs="*", metavar="FILE", help="fichiers texte ou .md de la bibliothèque ; - pour l'entrée standard")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("fr", "en"), default=None, help="langue (par défaut : détectée)")
    p.add_argument("--channel", default=None, help="canal : connection-note, inmail, message, follow-up")
    p.add_argument("--jsonl", action="store_true", help="lire des lignes JSON sur l'entrée standard")
    p.add_argument("--rules", default=None, metavar="FICHIER",
                   help="fichier de règles (par défaut : snippets/rules.yml du dossier du playbook, "
                        "celui de mkdocs.yml, cherché depuis le dossier courant ou dans $PLAYBOOK_ROOT)")
    p.set_defaults(func=_run_lint)


def _project():
    """(project folder, a function writing a date in French words with labels.yml's months) for
    the commands reading the playbook."""
    from . import pdf
    from .labels import load_labels
    from .lint import project_root

    root = project_root()
    texts, errors = load_labels(root / "snippets" / "labels.yml")
    if errors:
        raise errors[0]
    months = texts["pdf"]["months"]
    return root, lambda date: pdf.french_date(date, months)


def _run_review(args) -> int:
    import os

    from . import review

    root, say_date = _project()
    reviews, errors = review.load(root, root / "docs", report_unreadable=True)
    for error in errors:
        print(f"playbook: {error}", file=sys.stderr)
    if errors:
        return 2
    on = review.today()
    print(review.summary_markdown(reviews, on, say_date, args.site_url), end="")
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for late in review.overdue(reviews, on):
            print(f"::warning file=docs/{late.src}::page à relire depuis le {late.due.isoformat()} "
                  f"({late.owner.name})", file=sys.stderr)
    return 0


def _add_review(subparsers) -> None:
    p = subparsers.add_parser("review", help="lister les pages dont la date de relecture est passée",
                              description="Liste, en Markdown, les pages du playbook dont la date `a_revoir_le` est passée.")
    p.add_argument("--site-url", default=None, metavar="URL", help="adresse du site, pour des liens vers les pages")
    p.set_defaults(func=_run_review)


def _run_check(args) -> int:
    from . import pr

    root, _say_date = _project()
    errors = pr.check(root)
    for error in errors:
        print(f"playbook: {error}", file=sys.stderr)
    if not errors:
        print("playbook check : tout est en ordre (données, exemples, en-têtes des pages).")
    return 1 if errors else 0


def _add_check(subparsers) -> None:
    p = subparsers.add_parser("check", help="vérifier les données et les exemples sans construire le site",
                              description="Vérifie snippets/ (règles, exemples, checklists, libellés, glossaire, "
                                          "responsables) et l'en-tête des pages, comme la construction du site.")
    p.set_defaults(func=_run_check)


def _run_pr_summary(args) -> int:
    from . import pr

    root, say_date = _project()
    text, errors = pr.summary_markdown(root, args.base, args.artifact_url, say_date)
    print(text, end="")
    for error in errors:
        print(f"playbook: {error}", file=sys.stderr)
    return 0


def _add_pr_summary(subparsers) -> None:
    p = subparsers.add_parser("pr-summary", help="résumer une proposition de modification (résumé de la CI)",
                              description="Écrit en Markdown ce que change une proposition par rapport à --base.")
    p.add_argument("--base", required=True, metavar="REF", help="la branche de départ, par exemple origin/main")
    p.add_argument("--artifact-url", default=None, metavar="URL", help="adresse de l'artefact du site construit")
    p.set_defaults(func=_run_pr_summary)


COMMANDS = [_add_lint, _add_review, _add_check, _add_pr_summary]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="playbook", description="Outils du playbook LinkedIn.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE")
    for add in COMMANDS:
        add(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_usage(sys.stderr)
        return 2
    try:
        return args.func(args)
    except ContentError as exc:
        print(f"playbook: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
