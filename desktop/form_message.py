"""The red line under a small form that says why it was not accepted; hidden until then."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel


class FormMessage(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("formError")
        self.setWordWrap(True)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(text)
        self.show()
