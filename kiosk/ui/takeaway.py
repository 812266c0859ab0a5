"""扫码带走 / Take it with you: QR codes painted module by module, dark on light.

The matrices come from ``kiosk.content.qr`` (segno, byte mode, UTF-8, level M); here they are
painted once per payload and module size into a cached image, with the 4-module quiet zone,
at least ``MIN_MODULE_PX`` pixels a module, and the short address printed below.
"""

from __future__ import annotations

import collections

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.engagement import Apply, Contact, short_url, vcard
from kiosk.content.qr import MAX_BYTES, QUIET_ZONE, QrTooLong, qr_matrix
from kiosk.ui import theme
from kiosk.ui.i18n import tr
from kiosk.ui.pages.base import wrap_label

MIN_MODULE_PX = 4     # on small screens; at 1080p and up a module is at least 6 px
DARK = QColor("#0B1320")
LIGHT = QColor("#FFFFFF")
_CACHE: collections.OrderedDict[tuple[str, int], QImage] = collections.OrderedDict()
_CACHE_SIZE = 32


def render_qr(payload: str, module_px: int) -> QImage:
    """The code of ``payload`` as an image, quiet zone included (cached)."""
    key = (payload, module_px)
    img = _CACHE.get(key)
    if img is not None:
        _CACHE.move_to_end(key)
        return img
    m = qr_matrix(payload)
    side = m.size_with_quiet_zone * module_px
    img = QImage(side, side, QImage.Format.Format_RGB32)
    img.fill(LIGHT)
    p = QPainter(img)
    for y, row in enumerate(m.rows):
        top = (y + QUIET_ZONE) * module_px
        for x, dark in enumerate(row):
            if dark:
                p.fillRect((x + QUIET_ZONE) * module_px, top, module_px, module_px, DARK)
    p.end()
    _CACHE[key] = img
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return img


def module_px(m: theme.Metrics) -> int:
    """Pixels per module: 6 at 1080p (landscape or portrait), more on bigger screens."""
    return max(MIN_MODULE_PX, m.px(6))


class QrView(QWidget):
    """One QR code at a whole number of pixels per module (never scaled: phones read it)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.payload = ""
        self.module_px = MIN_MODULE_PX
        # preferred, not fixed: a window shrinking to a smaller screen must not be held at the
        # old size until the new metrics arrive (a code too small for its box is not painted)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def set_payload(self, payload: str, module_px: int) -> None:
        self.payload = payload
        self.module_px = max(MIN_MODULE_PX, module_px)
        self.updateGeometry()
        self.update()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 0)

    def sizeHint(self) -> QSize:
        if not self.payload:
            return QSize(0, 0)
        side = qr_matrix(self.payload).size_with_quiet_zone * self.module_px
        return QSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.payload:
            return
        img = render_qr(self.payload, self.module_px)
        if img.width() > self.width() or img.height() > self.height():
            return  # squeezed for a moment: half a code would not read
        p = QPainter(self)
        p.drawImage((self.width() - img.width()) // 2, (self.height() - img.height()) // 2, img)
        p.end()


class QrTile(QWidget):
    """A code with its heading (both languages) above and the short address below."""

    shown = Signal(str, str)  # kind, target: once per payload while the tile is visible

    def __init__(self, kind: str, *, stacked: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.target = ""
        self.setObjectName("qrTile")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.heading = wrap_label("qrHeading", self)
        self.heading2 = wrap_label("qrHeading2", self)
        self.qr = QrView(self)
        self.url = wrap_label("qrUrl", self)
        self.url.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        code = QVBoxLayout()
        code.setSpacing(4)
        code.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        code.addWidget(self.url)
        texts = QVBoxLayout()
        texts.addWidget(self.heading)
        texts.addWidget(self.heading2)
        lay: QBoxLayout
        if stacked:  # heading above the code
            lay = QVBoxLayout(self)
            lay.addLayout(texts)
            lay.addLayout(code)
            lay.addStretch(1)
        else:        # heading beside it
            texts.addStretch(1)
            lay = QHBoxLayout(self)
            lay.addLayout(code, 0)
            lay.addLayout(texts, 1)
        self._lay = lay
        self._reported = ""

    def set_code(self, payload: str, *, headings: tuple[str, str], url: str, target: str,
                 m: theme.Metrics) -> None:
        try:
            self.qr.set_payload(payload, module_px(m))
        except QrTooLong:  # refused at seed time; a code that would not read is not shown
            payload = ""
            self.qr.set_payload("", module_px(m))
        self.target = target
        self.heading.setText(headings[0])
        self.heading2.setText(headings[1])
        self.url.setText(url)
        pad = m.px(16)
        self._lay.setContentsMargins(pad, pad, pad, pad)
        self._lay.setSpacing(m.px(18))
        self.setVisible(bool(payload))
        self._report()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._report()

    def _report(self) -> None:
        key = f"{self.qr.payload}|{self.target}"
        if self.qr.payload and self.isVisible() and key != self._reported:
            self._reported = key
            self.shown.emit(self.kind, self.target)

    def forget(self) -> None:
        """The next showing counts again (a new visit)."""
        self._reported = ""


def _bilingual(key: str, lang: str) -> tuple[str, str]:
    other = "en" if lang == "zh" else "zh"
    return tr(key, lang), tr(key, other)


class TakeAwayPanel(QrTile):
    """The exhibit page's code: the exhibit's link in the visitor's language."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("exhibit", parent=parent)

    def show_link(self, slug: str, url: str, lang: str, m: theme.Metrics) -> None:
        first, second = _bilingual("take_away", lang)
        self.set_code(url, headings=(first, f"{second}\n{tr('scan_hint', lang)}"),
                      url=short_url(url), target=f"{slug}:{lang}", m=m)


class ContactPanel(QWidget):
    """The info page's card: the contact details, a vCard code and the apply code."""

    shown = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.details = wrap_label("muted", parent)  # placed by the page, beside its facts
        self.card = QrTile("contact", stacked=True, parent=self)
        self.apply = QrTile("apply", stacked=True, parent=self)
        for tile in (self.card, self.apply):
            tile.shown.connect(self.shown)
        self._lay = QHBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.addWidget(self.card, 1)
        self._lay.addWidget(self.apply, 1)

    def show_contact(self, contact: Contact | None, apply: Apply | None, lang: str,
                     m: theme.Metrics) -> None:
        self._lay.setSpacing(m.px(14))
        if contact is not None:
            lines = [contact.department.get(lang)]
            lines += [f"{tr(f, lang)}: {contact.usable(f)}" for f in ("phone", "email")
                      if contact.usable(f)]
            if contact.usable("web"):
                lines.append(short_url(contact.usable("web")))
            self.details.setText("\n".join(x for x in lines if x))
            first, second = _bilingual("save_contact", lang)
            self.card.set_code(vcard(contact, lang, max_bytes=MAX_BYTES),
                               headings=(first, second), url=contact.organisation.get(lang),
                               target=f"vcard:{lang}", m=m)
        else:
            self.details.setText("")
            self.card.hide()
        if apply is not None:
            other = "en" if lang == "zh" else "zh"
            self.apply.set_code(apply.url, headings=(apply.label.get(lang), apply.label.get(other)),
                                url=short_url(apply.url), target="apply", m=m)
        else:
            self.apply.hide()
        self.details.setVisible(bool(self.details.text()))
        self.setVisible(contact is not None or apply is not None)

    def forget(self) -> None:
        self.card.forget()
        self.apply.forget()
