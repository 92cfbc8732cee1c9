"""The `playbook` CLI: exit codes 0/1/2, text and JSON output, JSONL mode, library files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from playbook import cli

ROOT = Path(__file__).resolve().parents[2]


def run(argv, stdin: bytes = b"", capsys=None, monkeypatch=None):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def go(capsys, monkeypatch):
    return lambda argv, stdin=b"": run(argv, stdin, capsys, monkeypatch)


def test_clean_file_exits_0(go, tmp_path):
    f = tmp_path / "m.txt"
    f.write_text("Bonjour Anne, votre article sur le BTP à Lyon m’a appris beaucoup. Merci !", encoding="utf-8")
    code, out, err = go(["lint", str(f)])
    assert code == 0 and "aucune faute" in out and not err


def test_findings_exit_1_with_context_and_advice(go, tmp_path):
    f = tmp_path / "m.txt"
    f.write_text("Bonjour,\nComme convenu, voici notre offre.", encoding="utf-8")
    code, out, _ = go(["lint", str(f)])
    assert code == 1
    assert f"{f}:2:1: warning [false-pretext] comme-convenu" in out
    assert "    Comme convenu, voici notre offre.\n    ^^^^^^^^^^^^^\n" in out
    assert "Conseil :" in out


def test_json_format(go, tmp_path):
    f = tmp_path / "m.txt"
    f.write_text("Hi, just bumping this. Any update?", encoding="utf-8")
    code, out, _ = go(["lint", "--format", "json", "--lang", "en", "--channel", "follow-up", str(f)])
    assert code == 1
    payload = json.loads(out)
    assert payload[0]["file"] == str(f) and payload[0]["lang"] == "en" and payload[0]["channel"] == "follow-up"
    finding = payload[0]["findings"][0]
    assert set(finding) == {"rule", "category", "severity", "start", "end", "message", "scope"}


def test_stdin_dash(go):
    code, out, _ = go(["lint", "-"], "Bonjour, je souhaite agrandir mon réseau.".encode())
    assert code == 1 and "<stdin>:1:" in out and "agrandir-mon-reseau" in out


def test_library_file_uses_front_matter(go):
    path = ROOT / "snippets" / "messages" / "sans-but-bad.md"
    code, out, _ = go(["lint", "--format", "json", str(path)])
    payload = json.loads(out)[0]
    assert code == 1 and payload["lang"] == "fr" and payload["channel"] == "connection-note"
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2].strip("\n")
    assert any(body[f["start"]:f["end"]] == "agrandir mon réseau" for f in payload["findings"])
    code, out, _ = go(["lint", str(path)])
    assert "sans-but-bad.md:10:" in out  # line numbers count the front matter


@pytest.mark.parametrize("make, words", [
    (lambda d: str(d / "missing.txt"), "introuvable"),
    (lambda d: (d / "bad.txt").write_bytes(b"caf\xe9") and str(d / "bad.txt"), "UTF-8"),
    (lambda d: (d / "empty.txt").write_text("  \n") and str(d / "empty.txt"), "vide"),
    (lambda d: str(d), "dossier"),
])
def test_input_errors_exit_2(go, tmp_path, make, words):
    code, out, err = go(["lint", make(tmp_path)])
    assert code == 2 and words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2(go):
    assert go(["lint"])[0] == 2
    assert go(["lint", "--channel", "sms", "-"], b"x")[0] == 2
    assert go([])[0] == 2
    with pytest.raises(SystemExit) as info:
        cli.main(["lint", "--lang", "de", "x"])
    assert info.value.code == 2


def test_jsonl(go):
    lines = [
        {"id": "a", "text": "Hi, just bumping this. Any update?", "lang": "en"},
        {"id": 2, "text": "Bonjour Anne, votre article sur le BTP m’a plu. Merci !"},
        {"id": "c", "text": "Bonjour [Prénom]", "channel": "message"},
    ]
    stdin = "\n".join(json.dumps(l, ensure_ascii=False) for l in lines).encode() + b"\n"
    code, out, _ = go(["lint", "--jsonl"], stdin)
    rows = [json.loads(l) for l in out.splitlines()]
    assert code == 1 and [r["id"] for r in rows] == ["a", 2, "c"]
    assert rows[1]["findings"] == []
    assert all(set(r) == {"id", "findings"} for r in rows)
    assert set(rows[0]["findings"][0]) == {"rule", "category", "severity", "start", "end", "message", "scope"}


@pytest.mark.parametrize("bad", [b"not json", b'{"text": "x"}', b'{"id": 1, "text": ""}', b'{"id": 1, "text": "x", "lang": "de"}',
                                 b'{"id": 1, "text": "x", "channel": "fax"}', b"[1]"])
def test_jsonl_bad_line_exit_2_with_line_number(go, bad):
    stdin = b'{"id": 1, "text": "Bonjour"}\n' + bad + b"\n"
    code, out, err = go(["lint", "--jsonl"], stdin)
    assert code == 2 and "ligne 2" in err and not out


def test_entry_point_runs():
    exe = Path(sys.executable).parent / "playbook"
    proc = subprocess.run([str(exe), "lint", "-"], input="Hello, let's connect!".encode(), capture_output=True)
    assert proc.returncode == 1 and b"let's connect" in proc.stdout


def _cli(argv: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
    """The installed command in a real process: what a consultant's script sees."""
    return subprocess.run([sys.executable, "-m", "playbook.cli", *argv], input=stdin, capture_output=True,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize(("line", "says"), [
    (b'{"id":1,"text":"x","channel":[1]}', "channel"),
    (b'{"id":1,"text":"x","lang":{"fr":1}}', "lang"),
    (b'{"id":"\\ud800","text":"x"}', "caract\xc3\xa8re invalide"),
    (b'{"id":"a","text":"x \\udfff"}', "caract\xc3\xa8re invalide"),
    (b'{"id":' + b"9" * 5000 + b',"text":"x"}', "nombre trop long"),
    (b"[" * 100_000 + b"]" * 100_000, "trop imbriqu"),
    (b'{"id":NaN,"text":"x"}', "NaN"),
    (b'{"id":1,"text":"x","n":Infinity}', "Infinity"),
    (b'{"id":true,"text":"x"}', "id"),
    (b'{"id":1.5,"text":"x"}', "id"),
    (b'{"id":1,"text":"x"', "JSON invalide"),
    (b"\xff\xfe", "UTF-8"),
])
def test_jsonl_hostile_input_is_one_line_and_exit_2(line, says):
    result = _cli(["lint", "--jsonl"], line + b"\n")
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert err.startswith("playbook lint: ligne 1 : ") and says.encode("latin-1").decode("utf-8") in err
    assert result.stdout == b""


def test_crlf_counts_one_character_per_line_break():
    """A 290-character note (limit 300) saved with CRLF line breaks is not « too long »."""
    lines = ["Bonjour Anne,"] + ["votre article m'a appris."] * 10
    text = "\n".join(lines)
    text += "!" * (295 - len(text))
    assert 280 <= len(text) <= 300 and len(text.replace("\n", "\r\n")) > 300
    rows = []
    for variant in (text, text.replace("\n", "\r\n"), text.replace("\n", "\r")):
        result = _cli(["lint", "--jsonl"], json.dumps({"id": "n", "text": variant, "channel": "connection-note"}).encode() + b"\n")
        assert result.returncode in (0, 1), result.stderr
        rows.append(json.loads(result.stdout))
    assert rows[0] == rows[1] == rows[2]
    assert "trop-long-pour-le-canal" not in [f["rule"] for f in rows[1]["findings"]]


def test_crlf_bom_and_upper_case_md_files_are_read_like_the_library(tmp_path):
    """A note saved by a Windows editor (BOM, CRLF) under salon-bad.MD: its front matter is read,
    not linted as text, and each line break counts one character."""
    source = (ROOT / "snippets" / "messages" / "salon-bad.md")
    if not source.is_file():
        source = sorted((ROOT / "snippets" / "messages").glob("*-bad.md"))[0]
    windows = tmp_path / (source.stem + ".MD")
    windows.write_bytes(b"\xef\xbb\xbf" + source.read_bytes().replace(b"\n", b"\r\n"))
    unix = _cli(["lint", "--format", "json", str(source)])
    other = _cli(["lint", "--format", "json", str(windows)])
    assert other.returncode == unix.returncode and "Traceback" not in other.stderr.decode()
    found, expected = json.loads(other.stdout)[0], json.loads(unix.stdout)[0]
    assert (found["lang"], found["channel"]) == (expected["lang"], expected["channel"])
    assert found["findings"] == expected["findings"]


def test_jsonl_in_parallel_gives_the_same_lines_in_the_same_order(go, monkeypatch):
    """From 2,000 messages on, --jsonl lints in worker processes: same output as one process."""
    texts = [p.read_text(encoding="utf-8").split("---", 2)[-1].strip()
             for p in sorted((ROOT / "snippets" / "messages").glob("*.md"))]
    rows = [{"id": i, "text": texts[i % len(texts)], "channel": "message" if i % 3 else None}
            for i in range(2 * cli._PARALLEL_FROM)]
    stdin = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    import multiprocessing
    import os

    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: --jsonl lints in one process")
    contexts, real = [], multiprocessing.get_context
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: contexts.append(method) or real(method))
    parallel = go(["lint", "--jsonl"], stdin)
    assert contexts == ["fork"]  # the workers did run
    monkeypatch.setattr(cli, "_PARALLEL_FROM", 10 ** 9)
    sequential = go(["lint", "--jsonl"], stdin)
    assert parallel == sequential
    assert [json.loads(line)["id"] for line in parallel[1].splitlines()] == list(range(len(rows)))


# The rules file is found from configuration (the project's folder), not from where the package is
# installed: the current directory upwards, $PLAYBOOK_ROOT, or --rules.

def _lint_in(folder: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    base = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_ROOT"}
    return subprocess.run([sys.executable, "-m", "playbook.cli", "lint", *extra, "-"], cwd=folder,
                          input="Bonjour, comme convenu, voici notre offre.".encode(),
                          capture_output=True, env={**base, **(env or {})}, timeout=60)


def test_rules_found_from_the_project_folder_upwards(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "rules.yml").write_bytes((ROOT / "snippets" / "rules.yml").read_bytes())
    deeper = tmp_path / "docs" / "prospecter"
    deeper.mkdir(parents=True)
    proc = _lint_in(deeper)
    assert proc.returncode == 1 and b"comme-convenu" in proc.stdout, proc.stderr
    # The project's own rules, not the checkout's: without that rule, it is not found.
    import yaml

    data = yaml.safe_load((ROOT / "snippets" / "rules.yml").read_text(encoding="utf-8"))
    data["rules"] = [rule for rule in data["rules"] if rule["id"] != "comme-convenu"]
    (tmp_path / "snippets" / "rules.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    proc = _lint_in(deeper)
    assert proc.returncode in (0, 1) and b"comme-convenu" not in proc.stdout, proc.stderr


def test_no_project_is_one_french_line_exit_2(tmp_path):
    proc = _lint_in(tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and not proc.stdout
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("playbook: snippets/rules.yml: introuvable : pas de mkdocs.yml dans ")
    assert "--rules FICHIER" in err
    missing = _lint_in(tmp_path, env={"PLAYBOOK_ROOT": str(tmp_path / "nulle-part")})
    assert missing.returncode == 2 and b"PLAYBOOK_ROOT=" in missing.stderr


def test_rules_from_the_environment_or_the_option(tmp_path):
    assert _lint_in(tmp_path, env={"PLAYBOOK_ROOT": str(ROOT)}).returncode == 1
    assert _lint_in(tmp_path, "--rules", str(ROOT / "snippets" / "rules.yml")).returncode == 1
    help_text = subprocess.run([sys.executable, "-m", "playbook.cli", "lint", "--help"],
                               capture_output=True, text=True).stdout
    assert "--rules FICHIER" in help_text
