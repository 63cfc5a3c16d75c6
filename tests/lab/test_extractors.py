"""The extractor comparison: its figures on the portal pages, and its Markdown table."""

from benchmarks.extractors import markdown, score
from tests.fixtures.html_pages import leaks, portal_pages


def test_evaluation_pages_hold_their_furniture_and_not_in_the_gold():
    """Every furniture string is on its page, and none is in that page's gold title or body."""
    for page in portal_pages():
        html = page.html.decode(page.encoding)
        assert page.title in html and all(p in html for p in page.body)
        assert leaks(page, "\n".join((page.title, *page.body))) == []
        assert any(f in html for f in page.furniture)


def test_score_counts_what_the_pipeline_gets():
    """On two pages the default pipeline is exact on titles and dates and leaks nothing; the table shows it."""
    pages = [p for p in portal_pages() if p.site in ("people", "city_gov")]
    s = score("gne.v1", "pipeline", pages, repeat=1)
    assert (s.pages, s.titles, s.dates, s.clean, s.leaked, s.recall) == (2, 2, 2, 2, 0, 1.0)
    assert 0.9 < s.precision <= 1.0 and s.pages_per_second > 0
    table = markdown([s])
    assert "| `gne.v1` | 2/2 | 2/2 |" in table and "**pipeline** (2 pages)" in table
