"""French typography, applied once at build time to the site's pages and to the PDF.

French puts a no-break space before `:` and a narrow no-break space before `; ! ?` and inside
« »; typed with ordinary spaces, a colon or a closing guillemet can start a line on a phone
(« L'algorithme du fil / : la diffusion »). Authors type ordinary spaces; `french_spacing` fixes
a string, `french_html` every text of a rendered page except code and passages in another
language (`lang="en"`), and glossary terms in headings lose their `<abbr>` (a dotted underline
in a title reads as a link).

Why written here: Python-Markdown's SmartyPants (and pymdownx's) handles quotes and dashes, not
French spacing; the typography libraries on PyPI (e.g. typogrify) are English-only or work on
whole documents with their own parser, which would re-serialize the SVG charts. This one only
touches text between tags and leaves the markup byte for byte.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: before ; ! ? and inside « »

_SPACE = r"[ \t\r\n\u00a0\u202f]"
_BEFORE_HIGH = re.compile(_SPACE + r"+([;!?»])")
_BEFORE_COLON = re.compile(_SPACE + r"+:(?=\s|$|[»)\]])")
_AFTER_OPEN = re.compile(r"«" + _SPACE + r"*")
_GLUED_CLOSE = re.compile(r"(?<=\S)»")
# Not after what makes a number part of an address, a time or a code (« ?a=1 », « 10:30 »).
_THOUSANDS = re.compile(r"(?<![\w.,/=:?&#-])([0-9]{1,3})((?: [0-9]{3})+)(?![\w])")
# A year (« en 2021 les membres… ») quantifies nothing: the space after it stays breakable.
_NUMBER_WORD = re.compile(r"(?<![\w.,/=:?&#-])(?!(?:19|20)[0-9]{2} )([0-9]+(?:[.,][0-9]+)?) (?=[^\W\d_])")
_NUMBER_PERCENT = re.compile(r"(?<=[0-9]) (?=%)")

#: Elements whose text stays as typed.
VERBATIM = frozenset(("code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"))
#: Elements whose content is raw text up to their closing tag (a `<` in it is not a tag).
_RAW_TEXT = ("script", "style", "textarea")
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))

_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>|[^<]+|<", re.S)
_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def french_spacing(text: str) -> str:
    """French punctuation spacing in running text: a no-break space before `:`, a narrow no-break
    space before `; ! ?` and inside « ». Existing spaces are replaced; nothing is inserted before
    `; ! ? :` where the author wrote no space (URLs, times, code-like text stay intact). A number
    keeps its word (« 200 caractères », « 8 décembre ») and its `%` (narrow) on the same line, and
    its groups of thousands are joined by a narrow no-break space (« 3 000 »): one ordinary space
    typed between them is replaced. Applying it twice gives the same text."""
    text = _THOUSANDS.sub(lambda m: m[1] + m[2].replace(" ", NNBSP), text)
    text = _NUMBER_WORD.sub(r"\1" + NBSP, text)
    text = _NUMBER_PERCENT.sub(NNBSP, text)
    text = _BEFORE_HIGH.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPEN.sub("«" + NNBSP, text)
    text = _GLUED_CLOSE.sub(NNBSP + "»", text)
    return text


def is_french(lang: str | None) -> bool:
    """Whether a `lang` attribute value names French (`fr`, `fr-FR`)."""
    return str(lang).lower().startswith("fr")


class _Walk:
    """Where the walk is: inside verbatim elements, headings, and the innermost `lang`."""

    def __init__(self) -> None:
        self.verbatim = 0
        self.heading = 0
        self.langs: list[list] = []  # [tag name, is French, open elements of that name]

    @property
    def french(self) -> bool:
        return self.langs[-1][1] if self.langs else True

    def open(self, name: str, attrs: str) -> None:
        if name in _VOID or attrs.rstrip().endswith("/"):
            return
        self.verbatim += name in VERBATIM
        self.heading += name in _HEADINGS
        lang = _LANG.search(attrs)
        if lang:  # closed by its own entry, not counted in the enclosing one
            self.langs.append([name, is_french(next(v for v in lang.groups() if v is not None)), 1])
        elif self.langs and self.langs[-1][0] == name:
            self.langs[-1][2] += 1

    def close(self, name: str) -> None:
        if name in VERBATIM and self.verbatim:
            self.verbatim -= 1
        if name in _HEADINGS and self.heading:
            self.heading -= 1
        if self.langs and self.langs[-1][0] == name:
            self.langs[-1][2] -= 1
            if self.langs[-1][2] == 0:
                self.langs.pop()


def french_html(html: str) -> str:
    """`html` with French spacing in every French text outside code, and no `<abbr>` in headings.
    Tags, attributes and comments are kept exactly as they are."""
    out: list[str] = []
    walk = _Walk()
    cursor = 0
    while cursor < len(html):
        token = _TOKEN.match(html, cursor)
        text, cursor = token[0], token.end()
        closing, name = token[1], (token[2] or "").lower()
        if not name:  # text, a comment, a doctype or a lone "<"
            is_text = not text.startswith("<") or text == "<"
            out.append(french_spacing(text) if is_text and walk.french and not walk.verbatim else text)
            continue
        if name == "abbr" and walk.heading:
            continue  # the term stays, its glossary underline goes
        out.append(text)
        if closing:
            walk.close(name)
            continue
        walk.open(name, token[3])
        if name in _RAW_TEXT:  # up to its closing tag, untouched
            end = re.compile(rf"</{name}\s*>", re.I).search(html, cursor)
            stop = end.start() if end else len(html)
            out.append(html[cursor:stop])
            cursor = stop
    return "".join(out)


def french_toc(items) -> None:
    """French spacing in the titles of a page's table of contents (MkDocs' `page.toc`: items with
    `title` and `children`), which the theme shows beside the page and in the mobile menu."""
    for item in items:
        item.title = french_spacing(item.title)
        french_toc(item.children)
