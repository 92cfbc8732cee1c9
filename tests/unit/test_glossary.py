from pathlib import Path

from playbook.glossary import load_glossary, render_glossary


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_terms_load_and_render_in_french_alphabetical_order(tmp_path):
    terms, errors = load_glossary(write(tmp_path, "*[InMail]: Message payant.\n\n*[Élan]: Un mot.\n*[abonné]: Qui suit.\n"))
    assert errors == []
    assert render_glossary(terms) == (
        '<dl class="pb-glossary"><dt>abonné</dt><dd>Qui suit.</dd><dt>Élan</dt><dd>Un mot.</dd>'
        "<dt>InMail</dt><dd>Message payant.</dd></dl>")


def test_definitions_keep_inline_markdown_and_lose_html(tmp_path):
    terms, _errors = load_glossary(write(tmp_path, "*[SSI]: Le *Social Selling Index* <script>alert(1)</script>\n"))
    assert render_glossary(terms) == '<dl class="pb-glossary"><dt>SSI</dt><dd>Le <em>Social Selling Index</em> </dd></dl>'



def test_bad_lines_duplicates_and_empty_definitions_are_reported_with_lines(tmp_path):
    path = write(tmp_path, "*[InMail]: Message.\nInMail = message\n*[inmail]: Encore.\n*[Relance]:\n")
    terms, errors = load_glossary(path, "snippets/glossary.md")
    assert [t.term for t in terms] == ["InMail"]
    assert [(e.path, e.line) for e in errors] == [
        ("snippets/glossary.md", 2), ("snippets/glossary.md", 3), ("snippets/glossary.md", 4)]
    assert "déjà défini ligne 1" in errors[1].problem
    assert "pas de définition" in errors[2].problem


def test_a_file_that_is_not_utf8_is_explained(tmp_path):
    path = tmp_path / "glossary.md"
    path.write_bytes("*[Relancé]: Définition.\n".encode("latin-1"))
    terms, errors = load_glossary(path, "snippets/glossary.md")
    assert terms == [] and str(errors[0]) == (
        "snippets/glossary.md: le fichier n'est pas enregistré en UTF-8. Enregistrez-le en UTF-8 dans votre éditeur.")


def test_plural_forms_mark_the_first_word_and_leave_the_rest_alone(tmp_path):
    from playbook.glossary import plural_forms

    terms, _errors = load_glossary(write(tmp_path, (
        "*[crédit InMail]: Unité.\n*[invitation en attente]: En attente.\n*[InMail]: Message.\n"
        "*[SSI]: Score.\n*[2e degré]: Relation de relation.\n*[taux de réponse]: Part.\n"
        "*[Sales Navigator]: Abonnement.\n*[réseau]: Relations.\n*[post]: Publication.\n*[posts]: Déjà là.\n")))
    assert plural_forms(terms) == {"crédits InMail": "Unité.", "invitations en attente": "En attente.",
                                   "InMails": "Message.", "réseaux": "Relations."}
