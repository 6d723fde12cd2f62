"""The rendered Markdown preview."""

from __future__ import annotations

from sslbill_desktop.views.widgets.markdown_view import MarkdownView


def test_markdown_is_rendered_not_shown_as_source(qtbot) -> None:
    view = MarkdownView()
    qtbot.addWidget(view)
    view.set_markdown("# Title\n\n*Fast* and **safe**, see [docs](https://example.com)")
    assert view.markdown().startswith("# Title")
    assert view.plain_text().splitlines()[0] == "Title"
    assert "*" not in view.plain_text() and "Fast and safe" in view.plain_text()
    assert not view.openLinks() and not view.openExternalLinks()
