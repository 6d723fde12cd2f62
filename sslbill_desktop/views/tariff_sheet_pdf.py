"""The PDF tariff sheet: each selected plan on its own page(s) — name, provider, the prices per
period (and special renewal prices), the add-ons, the policies in words and the description
(Markdown, rendered).

The sheet is one `QTextDocument` laid out on A4 pages; `write_tariff_sheet` paints its pages
into a `QPdfWriter`, `render_sheet_page` paints one of the same pages into an image (the
screenshot of an exported page), so the two are drawn by the same code. Everything comes from
`services.tariff_export.tariff_sheets` (stored data only).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintDevice,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from sslbill_desktop.services.i18n import _, format_date
from sslbill_desktop.services.tariff_export import TariffSheet

#: Page margins, millimetres.
MARGIN_MM = 18.0
PDF_DPI = 300


def _table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> str:
    parts = [
        '<table border="1" cellspacing="0" cellpadding="4" width="100%" style="border-collapse: collapse;">'
    ]
    if header:
        parts.append(
            "<tr>"
            + "".join(f'<th align="left" bgcolor="#eeeeee">{html.escape(h)}</th>' for h in header)
            + "</tr>"
        )
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def _plan_html(sheet: TariffSheet) -> str:
    has_renewal = any(p.renewal for p in sheet.prices)
    header = [_("Period"), _("Price"), *([_("Renewal")] if has_renewal else [])]
    prices = [[p.period, p.price, *([p.renewal or p.price] if has_renewal else [])] for p in sheet.prices]
    parts = [
        f"<h1>{html.escape(sheet.title)}</h1>",
        '<p style="color:#555555;">{}</p>'.format(
            html.escape(
                _("Sold by {provider}; prices in {currency}.").format(
                    provider=sheet.provider, currency=sheet.currency
                )
            )
        ),
        "<h2>{}</h2>".format(html.escape(_("Prices"))),
        _table(prices, header),
    ]
    if sheet.addons:
        parts += [
            "<h2>{}</h2>".format(html.escape(_("Add-ons"))),
            _table([list(a) for a in sheet.addons], [_("Add-on"), _("Price per unit")]),
        ]
    parts += ["<h2>{}</h2>".format(html.escape(_("Policies"))), _table([list(p) for p in sheet.policies])]
    if sheet.labels:
        parts.append(
            "<p><b>{}:</b> {}</p>".format(html.escape(_("Labels")), html.escape(", ".join(sheet.labels)))
        )
    return "".join(parts)


def sheet_document(sheets: Sequence[TariffSheet], *, printed_on: date | None = None) -> QTextDocument:
    """The whole sheet as one document; each plan starts on a new page."""
    document = QTextDocument()
    document.setDefaultStyleSheet(
        "h1 { font-size: 20pt; } h2 { font-size: 13pt; margin-top: 12px; } td, th { font-size: 10pt; }"
    )
    cursor = QTextCursor(document)
    for index, sheet in enumerate(sheets):
        if index:
            block = QTextBlockFormat()
            block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            cursor.insertBlock(block)
        cursor.insertHtml(_plan_html(sheet))
        if sheet.description.strip():
            cursor.insertBlock(QTextBlockFormat())
            cursor.insertHtml("<h2>{}</h2>".format(html.escape(_("Description"))))
            cursor.insertBlock(QTextBlockFormat())
            cursor.insertMarkdown(sheet.description, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        if printed_on is not None:
            cursor.insertBlock(QTextBlockFormat())
            printed = _("Printed on {date}").format(date=format_date(printed_on))
            cursor.insertHtml(f'<p style="color:#777777; font-size:8pt;">{html.escape(printed)}</p>')
    return document


def _page_geometry(device: QPaintDevice) -> tuple[QRectF, float]:
    """The printable area of an A4 page on `device` (device pixels) and the margin in pixels."""
    dpi = device.logicalDpiX()
    margin = MARGIN_MM / 25.4 * dpi
    size = QPageSize(QPageSize.PageSizeId.A4).size(QPageSize.Unit.Inch)
    return QRectF(0, 0, size.width() * dpi - 2 * margin, size.height() * dpi - 2 * margin), margin


def _lay_out(document: QTextDocument, device: QPaintDevice) -> QRectF:
    area, _margin = _page_geometry(device)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(area.width(), area.height()))
    return area


def _paint_page(painter: QPainter, document: QTextDocument, page: int, area: QRectF, margin: float) -> None:
    painter.save()
    painter.translate(margin, margin - page * area.height())
    clip = QRectF(0, page * area.height(), area.width(), area.height())
    document.drawContents(painter, clip)
    painter.restore()


def write_tariff_sheet(sheets: Sequence[TariffSheet], path: Path, *, printed_on: date | None = None) -> int:
    """Write the sheet as a PDF file; returns the number of pages. Raises `OSError` when the file
    cannot be written."""
    document = sheet_document(sheets, printed_on=printed_on or date.today())
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)
        )
    )
    writer.setTitle(_("Tariff sheet"))
    writer.setCreator("sslbill-desktop")
    area = _lay_out(document, writer)
    _area, margin = _page_geometry(writer)
    pages = document.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(0, _("cannot write the file"), str(path))
    try:
        for page in range(pages):
            if page:
                writer.newPage()
            _paint_page(painter, document, page, area, margin)
    finally:
        painter.end()
    if not path.exists() or path.stat().st_size == 0:
        raise OSError(0, _("cannot write the file"), str(path))
    return pages


def render_sheet_page(
    sheets: Sequence[TariffSheet], page: int = 0, *, dpi: int = 110, printed_on: date | None = None
) -> QImage:
    """One page of the sheet as an image, drawn as `write_tariff_sheet` draws it."""
    size = QPageSize(QPageSize.PageSizeId.A4).size(QPageSize.Unit.Inch)
    image = QImage(round(size.width() * dpi), round(size.height() * dpi), QImage.Format.Format_RGB32)
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    image.fill(QColor("white"))
    document = sheet_document(sheets, printed_on=printed_on or date.today())
    area = _lay_out(document, image)
    _area, margin = _page_geometry(image)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        _paint_page(painter, document, min(page, document.pageCount() - 1), area, margin)
    finally:
        painter.end()
    return image
