"""A large figure on the Beranda that opens its page: by mouse, Enter or Space."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

# Tones of a tile, styled in resources/style.qss as the table rows are coloured
# (desktop/table_model.py GOOD and WARN; amber between them).
GOOD, BEHIND, FAR_BEHIND, PLAIN = "good", "behind", "far", ""


class FigureTile(QFrame):
    """A caption, one large value and a line of detail; `activated` when chosen."""

    activated = Signal()

    def __init__(self, caption: str, tooltip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureTile")
        self.setProperty("tone", PLAIN)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(tooltip)
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.value = QLabel("…")
        self.value.setObjectName("tileValue")
        self.detail = QLabel("")
        self.detail.setObjectName("tileDetail")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        for label in (self.caption, self.value, self.detail):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(label)
        layout.addStretch(1)  # a one-line detail keeps the value where its neighbours have it
        self.setFixedHeight(self.sizeHint().height() + self.detail.fontMetrics().height())
        self._describe()

    def show_value(self, value: str, detail: str = "", tone: str = PLAIN) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        if self.property("tone") != tone:
            self.setProperty("tone", tone)
            self.style().unpolish(self)  # the style sheet's [tone=...] rules again
            self.style().polish(self)
        self._describe()

    def _describe(self) -> None:
        """What a screen reader says: the caption, the value, the detail."""
        self.setAccessibleName(self.caption.text())
        self.setAccessibleDescription(" ".join(
            t for t in (self.value.text(), self.detail.text()) if t))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
                event.position().toPoint()):
            self.activated.emit()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activated.emit()
            event.accept()
            return
        super().keyPressEvent(event)
