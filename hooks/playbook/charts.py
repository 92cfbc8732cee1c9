"""Charts and small HTML blocks for the analysis notebooks (docs/analyses/*.ipynb).

The notebooks are executed by mkdocs-jupyter at build time; their outputs are embedded in the page.
Everything here returns an object with `_repr_html_`, so the notebook shows it as HTML:

- `render(fig, title=..., desc=..., source=...)`: a Matplotlib figure as an *inline* SVG inside a
  <figure> with a caption. Text, axes and ticks are drawn in `currentColor`, so they take the page's
  text colour in Material's light and dark schemes and in print; series colours (`COLORS`) are
  mid-tones with at least 3:1 contrast on both white and the slate background (#1e2129). The SVG
  has role="img", a <title> and a <desc>, and keeps its text as text (searchable, zoomable).
- `cards(...)`: big-number cards, for a figure that is a single value.
- `table(...)`: a plain HTML table that Material styles like every other table.
- `summary(key, data)`: machine-readable numbers (JSON in a non-executed <script>) for the tests.
- `fr_number` / `fr_percent`: French formatting (decimal comma, narrow no-break space between
  thousands, no-break space before %).

Style lives here once, so notebook cells stay short. Output is deterministic: no dates, ids derived
from the chart key.
"""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("svg")

import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter  # noqa: E402

NBSP = "\u00a0"        # no-break space: before %, :, ; and between a number and its unit
NNBSP = "\u202f"       # narrow no-break space: thousands separator

# Mid-tone series colours: >= 3:1 contrast on #ffffff and on Material's slate #1e2129.
COLORS = {
    "blue": "#2f7fd8",
    "orange": "#c96a00",
    "grey": "#808080",
    "green": "#1f9d55",
    "purple": "#8c6bd6",
    "pink": "#c2569b",
}

# Drawn in this exact colour, then rewritten to `currentColor` in the SVG.
_INK = "#010101"

_STYLE = {
    "svg.fonttype": "none",            # keep text as <text>, not paths
    "svg.hashsalt": "playbook",        # deterministic ids (made unique per chart below)
    "text.parse_math": False,          # "$" and "_" in labels are plain text
    "font.size": 11,
    "figure.constrained_layout.use": True,   # titles, labels and legends never overlap
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "text.color": _INK,
    "axes.edgecolor": _INK,
    "axes.labelcolor": _INK,
    "xtick.color": _INK,
    "ytick.color": _INK,
    "grid.color": _INK,
    "grid.alpha": 0.18,
    "grid.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "legend.frameon": False,
    "axes.prop_cycle": matplotlib.cycler(color=list(COLORS.values())),
}
plt.rcParams.update(_STYLE)


# ---------------------------------------------------------------------------------------------
# French number formatting
# ---------------------------------------------------------------------------------------------

def fr_number(value: float, decimals: int = 0) -> str:
    """12345.6 -> '12 345,6' (narrow no-break space between thousands, decimal comma)."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NNBSP).replace(".", ",")


def fr_percent(value: float, decimals: int = 0) -> str:
    """64 -> '64 %' (value already in percent; no-break space before the sign).

    A value that is not zero but would round to zero reads "moins de 1 %" (or 0,1 %...), so a rare
    event never looks impossible.
    """
    smallest = 10 ** -decimals
    if 0 < value < smallest / 2:
        return f"moins de {fr_number(smallest, decimals)}{NBSP}%"
    return f"{fr_number(value, decimals)}{NBSP}%"


def fr_axis(ax, axis: str = "y", decimals: int = 0, percent: bool = False) -> None:
    """Format one axis's tick labels the French way."""
    suffix = f"{NBSP}%" if percent else ""
    formatter = FuncFormatter(lambda v, _pos: fr_number(v, decimals) + suffix)
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def shorten(text: str, width: int) -> str:
    """`text` on one line, at most `width` characters: past that, cut at a word boundary and
    ended by an ellipsis (« … »). Meant for chart labels, so a long name stays readable."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[:width - 1]  # room for the ellipsis
    if text[width - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.(«–-") + "…"


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------

def new(width: float = 7.0, height: float = 3.4, **subplots):
    """A styled figure and its axes (inches; rendered at the content width of the page)."""
    return plt.subplots(figsize=(width, height), **subplots)


def grid(ax, axis: str = "y") -> None:
    """Light guide lines behind the data on one axis."""
    ax.set_axisbelow(True)
    ax.grid(True, axis=axis)


def waffle(ax, filled: int, *, total: int = 100, columns: int = 10,
           color: str = COLORS["blue"]) -> None:
    """A grid of `total` squares, the first `filled` coloured, the others outlined (part of a whole)."""
    rows = -(-total // columns)
    for index in range(total):
        row, col = divmod(index, columns)
        y = rows - 1 - row
        if index < filled:
            ax.add_patch(plt.Rectangle((col + 0.08, y + 0.08), 0.84, 0.84, color=color, lw=0))
        else:
            ax.add_patch(plt.Rectangle((col + 0.12, y + 0.12), 0.76, 0.76, fill=False,
                                       edgecolor=_INK, alpha=0.45, lw=1))
    ax.set_xlim(0, columns)
    ax.set_ylim(0, rows)
    ax.set_aspect("equal")
    ax.axis("off")


def ring(ax, part: float, whole: float, *, color: str = COLORS["blue"], center: str = "",
         under: str = "") -> None:
    """A ring showing `part` out of `whole` (clockwise from the top), with a text in its centre."""
    ax.pie([part, whole - part], colors=[color, "none"], startangle=90, counterclock=False,
           wedgeprops={"width": 0.28, "linewidth": 0})
    ax.pie([1], colors=["none"], radius=1, wedgeprops={"width": 0.28, "edgecolor": _INK,
                                                          "linewidth": 0.8, "alpha": 0.35})
    ax.text(0, 0.08, center, ha="center", va="center", fontsize=22, fontweight="bold")
    ax.text(0, -0.22, under, ha="center", va="center", fontsize=10)
    ax.set_aspect("equal")


def ink(alpha: float = 1.0) -> tuple:
    """The text colour (becomes `currentColor`), e.g. for annotations and arrows."""
    return matplotlib.colors.to_rgba(_INK, alpha) if alpha < 1 else _INK


@dataclass(frozen=True)
class Html:
    """A ready HTML fragment that notebooks display as-is."""

    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "chart"


def _svg(fig, key: str, title: str, desc: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None},
                bbox_inches="tight", pad_inches=0.05)
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]                                   # no XML prolog, no DOCTYPE
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = svg.replace(_INK, "currentColor")
    svg = re.sub(r"font-family:[^;\"]*", "font-family: inherit", svg)
    # Several charts share one page: keep only referenced ids, and make them unique per chart.
    referenced = set(re.findall(r"url\(#([^)]+)\)", svg)) | set(re.findall(r'href="#([^"]+)"', svg))

    def rename_id(match: re.Match) -> str:
        name = match.group(1)
        return f' id="{key}-{name}"' if name in referenced else ""

    svg = re.sub(r' id="([^"]+)"', rename_id, svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{key}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{key}-{m.group(1)}"', svg)
    # Scale to the content width, keep the aspect ratio, and describe the image.
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg).group(1))
    svg = re.sub(r'(<svg[^>]*?)\swidth="[\d.]+pt" height="[\d.]+pt"',
                 rf'\1 width="100%" style="height: auto; max-width: {round(width * 1.6)}px"'
                 rf' role="img" aria-labelledby="{key}-title {key}-desc"',
                 svg, count=1)
    svg = re.sub(r"(<svg[^>]*>)",
                 rf'\1<title id="{key}-title">{html.escape(title)}</title>'
                 rf'<desc id="{key}-desc">{html.escape(desc)}</desc>',
                 svg, count=1)
    return svg.strip()


def _caption(title: str, source: str | None, note: str | None) -> str:
    parts = [f"<strong>{html.escape(title)}</strong>"]
    if note:
        parts.append(html.escape(note))
    if source:
        parts.append(f"Source{NBSP}: {source}")
    return "<figcaption>" + "<br>".join(parts) + "</figcaption>"


def render(fig, *, title: str, desc: str, source: str | None = None, note: str | None = None,
           key: str | None = None) -> Html:
    """The figure as an accessible inline SVG in a captioned <figure>.

    `title`: short name (also the caption); `desc`: what the chart shows, in words, for readers
    who cannot see it; `source`: HTML allowed (e.g. a link); `note`: a caveat shown in the caption.
    """
    key = _slug(key or title)
    svg = _svg(fig, key, title, desc)
    return Html(f'<figure class="playbook-chart" id="{key}" style="width: 100%; margin: 1em 0;">'
                f"{svg}{_caption(title, source, note)}</figure>")


def cards(items: list[dict], *, key: str) -> Html:
    """Big-number cards: one value each, with its label, year and source.

    Each item: {"value": "20 millions", "label": "...", "year": "2021", "source": "..."}.
    """
    cells = []
    for item in items:
        year = f" ({html.escape(item['year'])})" if item.get("year") else ""
        source = f'<span style="font-size: .75em; opacity: .8;">Source{NBSP}: {item["source"]}{year}</span>' \
            if item.get("source") else ""
        cells.append(
            '<div role="listitem" style="flex: 1 1 12rem; border: 1px solid currentColor; '
            'border-radius: .4rem; padding: .8rem 1rem; border-color: var(--md-default-fg-color--lightest, #ccc);">'
            f'<div style="font-size: 2em; font-weight: 700; line-height: 1.2;">{html.escape(item["value"])}</div>'
            f'<div style="margin: .3em 0;">{html.escape(item["label"])}</div>{source}</div>'
        )
    return Html(f'<div class="playbook-cards" id="{_slug(key)}" role="list" '
                f'style="display: flex; flex-wrap: wrap; gap: .8rem; margin: 1em 0;">'
                + "".join(cells) + "</div>")


def table(header: list[str], rows: list[list], *, caption: str | None = None,
          numeric: set[int] | frozenset[int] = frozenset(), key: str | None = None) -> Html:
    """A plain HTML table (Material styles it); `numeric` column indexes are right-aligned.

    Numbers are formatted the French way; other cells are escaped text.
    """
    def cell(tag: str, value, index: int) -> str:
        text = fr_number(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
            else html.escape(str(value))
        align = ' style="text-align: right;"' if index in numeric else ""
        return f"<{tag}{align}>{text}</{tag}>"

    head = "".join(cell("th", h, i) for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", v, i) for i, v in enumerate(row)) + "</tr>"
                   for row in rows)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    # No class attribute: Material styles only `table:not([class])`.
    ident = f' id="{_slug(key)}"' if key else ""
    return Html(f'<table{ident}>{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>")


def summary(key: str, data) -> Html:
    """Numbers as JSON in a <script type="application/json"> (not executed, not shown).

    The tests read it from the built page to check what the notebook computed.
    """
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return Html(f'<script type="application/json" id="playbook-summary-{_slug(key)}">{payload}</script>')
