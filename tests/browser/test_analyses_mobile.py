"""The analyses (notebook pages) on a phone (390×844): the text uses the whole column and charts
keep readable labels, scrolling sideways rather than shrinking (issue 15, item 6)."""

from __future__ import annotations

import pytest

PAGES = ["analyses/chiffres.html", "analyses/qualite-reseau.html", "analyses/bibliotheque.html"]


@pytest.mark.parametrize("path", PAGES)
def test_text_uses_the_column_and_chart_labels_stay_readable(page, site_url, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site_url + path)
    got = page.evaluate("""() => {
        const column = document.querySelector('.md-content__inner').getBoundingClientRect().width;
        const paragraphs = [...document.querySelectorAll('.jp-MarkdownCell p')]
            .filter(p => !p.closest('.admonition, li, figure'))
            .map(p => p.getBoundingClientRect().width);
        const labels = [...document.querySelectorAll('figure.playbook-chart svg text')]
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
        return {column, narrowest: Math.min(...paragraphs), labels: labels.length,
                smallest: Math.min(...labels)};
    }""")
    assert got["narrowest"] >= got["column"] - 4, got  # no gutter eats the text column
    assert got["labels"] > 10, got  # every analysis draws charts with text labels
    assert got["smallest"] >= 8.5, got  # chart text rendered at 8.5 px or more
