"""The `playbook` CLI: exit codes 0/1/2, text and JSON output, JSONL mode, library files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from playbook import cli

ROOT = Path(__file__).resolve().parents[1]


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
    assert set(finding) == {"rule", "category", "severity", "start", "end", "message"}


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
    assert set(rows[0]["findings"][0]) == {"rule", "category", "severity", "start", "end", "message"}


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
