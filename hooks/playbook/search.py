"""French search (issue 15, item 2): what the notebooks give the index, and folded accents.

Material's search plugin indexes each page's HTML (on_page_context); its worker runs lunr with
lunr-languages' French pipeline. Two gaps are filled here:

- Notebook pages (mkdocs-jupyter) hold code cells whose outputs are charts: their SVG labels
  (« 0 50 100 150 », « réseau2 ») would become search text, and every heading carries a « ¶ »
  anchor. `hide_notebook_noise` marks them for Material's `data-search-exclude`, and
  `unwrap_hidden` takes the markers out again once the page is indexed.
- Accents: `add_french_folding` appends search_fr.js to the worker's lunr.fr, which folds the
  index and the queries alike (that file says why lunr and Material cannot do it alone).
"""

from __future__ import annotations

import re
from pathlib import Path

SCRIPT = Path(__file__).with_name("search_fr.js")
LUNR_FR = Path("assets", "javascripts", "lunr", "min", "lunr.fr.min.js")
MARK = "/* playbook: French search */"

# Material's search Parser compares elements by tag name only: a `<div data-search-exclude>`
# stops being skipped at the first nested `</div>`. A wrapper of a tag found nowhere else keeps
# the whole cell out; it exists only while Material indexes the page.
SKIP = "playbook-search-skip"
_CODE_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell\b')
_DIV = re.compile(r"<div\b|</div\s*>")
_ANCHOR = re.compile(r'<a class="anchor-link"')


def _element_end(html: str, start: int) -> int:
    """End offset of the <div> opened at `start` (its matching </div>), or len(html)."""
    depth = 0
    for tag in _DIV.finditer(html, start):
        depth += -1 if tag[0].startswith("</") else 1
        if depth == 0:
            return tag.end()
    return len(html)


def hide_notebook_noise(html: str) -> str:
    """Notebook HTML whose code cells and heading anchors Material's search will skip."""
    pieces, cursor = [], 0
    for cell in _CODE_CELL.finditer(html):
        if cell.start() < cursor:
            continue  # a code cell inside one already wrapped
        end = _element_end(html, cell.start())
        pieces += [html[cursor:cell.start()], f'<{SKIP} data-search-exclude="notebook">',
                   html[cell.start():end], f"</{SKIP}>"]
        cursor = end
    pieces.append(html[cursor:])
    return _ANCHOR.sub('<a class="anchor-link" data-search-exclude="notebook"', "".join(pieces))


def unwrap_hidden(html: str) -> str:
    """The page as readers get it: without the wrappers of `hide_notebook_noise`. (Material's
    search plugin has already removed every `data-search-*` attribute once the page is indexed;
    they are removed here too, so the function does not depend on the plugin's order.)"""
    html = re.sub(rf'<{SKIP}\b[^>]*>|</{SKIP}>', "", html)
    return html.replace(' data-search-exclude="notebook"', "")


def add_french_folding(site_dir: Path) -> bool:
    """Append search_fr.js to the built site's lunr.fr (once); False if the site has none."""
    target = Path(site_dir) / LUNR_FR
    if not target.is_file():
        return False
    text = target.read_text(encoding="utf-8")
    if MARK not in text:
        target.write_text(f"{text.rstrip()}\n{MARK}\n{SCRIPT.read_text(encoding='utf-8')}", encoding="utf-8")
    return True


def fold_accents(site_dir: Path, languages) -> list[str]:
    """The search step of `on_post_build` for a site whose search `languages` include French:
    the folding appended to lunr.fr, or the warning to log when the theme has no lunr.fr."""
    if "fr" not in (languages or ()) or add_french_folding(site_dir):
        return []
    return [f"Search: {LUNR_FR.as_posix()} is missing from the built site, so accents are not folded: "
            "check that the theme is Material for MkDocs 9.x."]
