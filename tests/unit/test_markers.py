"""Page markers: Markdown in, expanded Markdown (or errors naming the line) out."""

from playbook.markers import Renderer, expand

RENDERERS = {
    "greeting": Renderer(lambda arg: f"<p>Bonjour {arg}</p>", usage="<!-- playbook:greeting ID -->"),
    "rule": Renderer(lambda _arg: "<hr>", takes_argument=False, usage="<!-- playbook:rule -->"),
}


def test_marker_is_replaced_by_its_rendering():
    text, errors = expand("Intro\n<!-- playbook:greeting ana -->\nFin", RENDERERS, "docs/a.md")
    assert errors == []
    assert text == "Intro\n\n<p>Bonjour ana</p>\n\nFin"


def test_indentation_is_kept_inside_admonitions_and_tabs():
    text, _ = expand('!!! note\n    <!-- playbook:greeting ana -->', RENDERERS, "docs/a.md")
    assert "\n    <p>Bonjour ana</p>\n" in text


def test_markers_in_fenced_code_are_left_alone():
    source = "```markdown\n<!-- playbook:unknown x -->\n```\n~~~~\n<!-- playbook:greeting a -->\n~~~~"
    text, errors = expand(source, RENDERERS, "docs/a.md")
    assert errors == [] and text == source


def test_unknown_marker_names_page_line_and_known_markers():
    _, errors = expand("a\n\n<!-- playbook:greting ana -->", RENDERERS, "docs/a.md")
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith("docs/a.md:3: marqueur inconnu `playbook:greting`")
    assert "<!-- playbook:greeting ID -->" in message


def test_missing_and_unexpected_arguments():
    _, errors = expand("<!-- playbook:greeting -->\n<!-- playbook:rule x -->", RENDERERS, "p.md")
    assert [e.line for e in errors] == [1, 2]
    assert "demande un identifiant" in errors[0].problem
    assert "ne prend pas d'identifiant" in errors[1].problem


def test_malformed_marker_is_reported_not_ignored():
    _, errors = expand("Texte <!-- playbook: greeting ana --> suite", RENDERERS, "p.md")
    assert len(errors) == 1 and "mal formé" in errors[0].problem


def test_renderer_errors_carry_the_line():
    from playbook.markers import MarkerError

    def fail(arg):
        raise MarkerError(f"no example `{arg}`.", "Check the id.")

    _, errors = expand("x\ny\n<!-- playbook:ex nope -->", {"ex": Renderer(fail, usage="u")}, "p.md")
    assert str(errors[0]) == "p.md:3: no example `nope`. Check the id."
