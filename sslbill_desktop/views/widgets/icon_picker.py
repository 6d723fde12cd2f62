"""Pick a small icon file (PNG, SVG or ICO) and show it.

The file is checked by `services.icons` as soon as it is chosen: an image larger than the allowed
size (16×16 for a provider) is refused with a message showing its size, and the icon shown before
stays. `value()` is the accepted file's bytes (None for no icon).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from sslbill_desktop.services.errors import ValidationError
from sslbill_desktop.services.i18n import _
from sslbill_desktop.services.icons import ImageError, ImageInfo, image_info, read_icon_file
from sslbill_desktop.views import messages


def icon_pixmap(data: bytes | None, size: int = 16) -> QPixmap:
    """The image `data` as a pixmap of at most `size`×`size` pixels (a null pixmap when unreadable)."""
    pixmap = QPixmap()
    if not data:
        return pixmap
    try:
        fmt = image_info(data).format.upper()
    except ImageError:
        return pixmap
    if not pixmap.loadFromData(QByteArray(data), fmt):
        return QPixmap()
    if pixmap.width() > size or pixmap.height() > size:
        pixmap = pixmap.scaled(
            size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return pixmap


class IconPicker(QWidget):
    """See the module documentation."""

    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, max_width: int = 16, max_height: int = 16, field: str = "icon"
    ) -> None:
        super().__init__(parent)
        self._max_width, self._max_height, self._field = max_width, max_height, field
        self._data: bytes | None = None
        self._read_only = False
        self._init_widgets()
        self._connect()
        self._show()

    def _init_widgets(self) -> None:
        self._image = QLabel()
        self._image.setFrameShape(QFrame.Shape.StyledPanel)
        self._image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._image.setFixedSize(self._max_width + 12, self._max_height + 12)
        self._description = QLabel()
        self._choose_button = QPushButton(_("Choose…"))
        self._choose_button.setToolTip(
            _("A PNG, SVG or ICO image of at most {width}×{height} pixels").format(
                width=self._max_width, height=self._max_height
            )
        )
        self._remove_button = QPushButton(_("Remove"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._image)
        layout.addWidget(self._description, 1)
        layout.addWidget(self._choose_button)
        layout.addWidget(self._remove_button)

    def _connect(self) -> None:
        self._choose_button.clicked.connect(self.choose)
        self._remove_button.clicked.connect(lambda: self.set_value(None))

    # --- values -------------------------------------------------------------------------------

    def value(self) -> bytes | None:
        return self._data

    def field_value(self) -> bytes | None:
        return self._data

    def set_value(self, data: bytes | None) -> None:
        """Show stored icon bytes (already checked by the service)."""
        if (data or None) == self._data:
            return
        self._data = data or None
        self._show()
        self.changed.emit()

    def pixmap(self) -> QPixmap:
        """What is shown (a null pixmap without an icon)."""
        return self._image.pixmap()

    def description(self) -> str:
        return self._description.text()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self._show()

    # --- choosing ------------------------------------------------------------------------------

    def choose(self) -> None:
        """Ask for a file and load it."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose an icon"),
            "",
            _("Icons (*.png *.svg *.ico);;All files (*)"),
        )
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> bool:
        """Check the file and show it; a refused file is reported and changes nothing."""
        try:
            data, _info = read_icon_file(
                self._field, path, max_width=self._max_width, max_height=self._max_height
            )
        except ValidationError as exc:
            messages.warn(
                self,
                _("The icon {file} was not used: {reason}.").format(file=path.name, reason=exc.detail),
                title=_("Icon refused"),
            )
            return False
        self.set_value(data)
        return True

    def _show(self) -> None:
        data = self._data
        self._image.setPixmap(icon_pixmap(data, max(self._max_width, self._max_height)))
        if data is None:
            self._description.setText(_("No icon"))
        else:
            try:
                info: ImageInfo | None = image_info(data)
            except ImageError:
                info = None
            self._description.setText(
                _("{format}, {size} pixels").format(format=info.format.upper(), size=info.size_text)
                if info is not None
                else _("An icon that cannot be shown")
            )
        self._choose_button.setEnabled(not self._read_only)
        self._remove_button.setEnabled(not self._read_only and data is not None)
