"""A read-only rendered preview of Markdown text (`QTextDocument.setMarkdown`, GitHub dialect).

Links are shown but never followed or opened: the text is the client-facing tariff description,
typed by staff, and a preview has no business starting a browser. Images are not fetched.
"""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget


class MarkdownView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self._markdown = ""

    def set_markdown(self, text: str) -> None:
        self._markdown = text
        self.document().setMarkdown(text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)

    def markdown(self) -> str:
        return self._markdown

    def plain_text(self) -> str:
        """The rendered text without markup (what a reader sees)."""
        return self.document().toPlainText()

    def loadResource(self, kind: int, name: object) -> object:
        """Nothing is loaded from outside: no images, no style sheets."""
        return None
