"""Repeating parts of the exhibit form: specs rows and charts (images: ``images_grid``).

Each part edits a list inside the editor's record in place and emits ``changed``; it rebuilds
its rows only when rows are added, removed or moved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.record import LANGS, FieldPath
from kiosk.instruments import CHANNELS
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.strings import t
from kiosk.ui.widgets import clear_layout


def line(parent: QWidget, text: str, on_change: Callable[[str], None]) -> QLineEdit:
    e = QLineEdit(text, parent)
    e.setCursorPosition(0)
    e.textChanged.connect(on_change)
    return e


def _setter(target: dict[str, str], lang: str, emit: Callable[[], None]) -> Callable[[str], None]:
    def set_text(value: str) -> None:
        target[lang] = value
        emit()
    return set_text


class ListPart(QWidget):
    """Rows over ``items`` (a list owned by the editor's record)."""

    changed = Signal(bool)  # True when rows were added, removed or moved

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[dict[str, Any]] = []
        self.lang = "zh"
        self.inputs: dict[FieldPath, QWidget] = {}   # a path of missing_translations → input
        self.rows_host = QWidget(self)
        self.rows_lay = QVBoxLayout(self.rows_host)
        self.rows_lay.setContentsMargins(0, 0, 0, 0)
        self.rows_lay.setSpacing(12)
        self.add_btn = w.button("", "", self)
        self.add_btn.clicked.connect(self.add)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(12)
        lay.addWidget(self.rows_host)
        lay.addWidget(self.add_btn, 0, Qt.AlignmentFlag.AlignLeft)

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.items = items
        self.rebuild()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.rebuild()

    def rebuild(self) -> None:
        clear_layout(self.rows_lay)
        self.inputs = {}
        for i, item in enumerate(self.items):
            self.rows_lay.addWidget(self.make_row(i, item))
        self.retranslate()

    def retranslate(self) -> None:
        pass

    def make_row(self, index: int, item: dict[str, Any]) -> QWidget:
        raise NotImplementedError

    def add(self) -> None:
        raise NotImplementedError

    def emit_edit(self) -> None:
        self.changed.emit(False)

    def move(self, index: int, delta: int) -> None:  # type: ignore[override]  # a list verb
        j = index + delta
        if 0 <= j < len(self.items):
            self.items[index], self.items[j] = self.items[j], self.items[index]
            self.rebuild()
            self.changed.emit(True)

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.items):
            del self.items[index]
            self.rebuild()
            self.changed.emit(True)

    def row_tools(self, row: QWidget, index: int, *, extra: list[QPushButton] | None = None
                  ) -> QHBoxLayout:
        tools = QHBoxLayout()
        tools.setSpacing(8)
        for b in extra or []:
            tools.addWidget(b)
        up = w.button("↑", "icon", row)
        down = w.button("↓", "icon", row)
        rm = w.button("✕", "icon", row)
        up.setToolTip(t("move_up", self.lang))
        down.setToolTip(t("move_down", self.lang))
        rm.setToolTip(t("remove", self.lang))
        up.setEnabled(index > 0)
        down.setEnabled(index < len(self.items) - 1)
        up.clicked.connect(lambda: self.move(index, -1))
        down.clicked.connect(lambda: self.move(index, 1))
        rm.clicked.connect(lambda: self.remove(index))
        tools.addWidget(up)
        tools.addWidget(down)
        tools.addWidget(rm)
        return tools


def _row_frame(parent: QWidget) -> QFrame:
    f = QFrame(parent)
    f.setObjectName("admRow")
    f.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return f


class SpecsPart(ListPart):
    """Two-column spec table rows: name and value, each in zh and en."""

    def make_row(self, index: int, item: dict[str, Any]) -> QWidget:
        row = _row_frame(self.rows_host)
        grid = QGridLayout(row)
        grid.setContentsMargins(14, 12, 14, 12)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        n = index + 1
        for col, part in enumerate(("key", "value")):
            for r, lang in enumerate(LANGS):
                e = line(row, item[part][lang], _setter(item[part], lang, self.emit_edit))
                e.setPlaceholderText(
                    f"{t('f.spec_' + part, self.lang)} · {t('lang.' + lang, self.lang)}")
                grid.addWidget(e, r, col)
                self.inputs[FieldPath(part, lang, "specs", n)] = e
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.addLayout(self.row_tools(row, index), 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        return row

    def retranslate(self) -> None:
        self.add_btn.setText(t("add_spec", self.lang))

    def add(self) -> None:
        self.items.append({"key": {"zh": "", "en": ""}, "value": {"zh": "", "en": ""}})
        self.rebuild()
        self.changed.emit(True)


def channel_choices(lang: str, *, with_time: bool) -> list[tuple[str, str]]:
    out = [("time", t("x.time", lang))] if with_time else []
    for name, spec in CHANNELS.items():
        unit = f" ({spec.unit})" if spec.unit else ""
        out.append((name, f"{spec.label(lang)}{unit}  ·  {name}"))
    return out


class ChartsPart(ListPart):
    """Live charts: a bilingual title and the channels on the axes (the rest of the spec is
    kept)."""

    def _combo(self, row: QWidget, current: str, *, with_time: bool,
               on_pick: Callable[[str], None]) -> QComboBox:
        box = QComboBox(row)
        box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        choices = channel_choices(self.lang, with_time=with_time)
        for key, text in choices:
            box.addItem(text, key)
        if current and current not in [k for k, _ in choices]:
            box.addItem(current, current)  # a channel from a newer config: keep, don't lose it
        box.setCurrentIndex(max(0, box.findData(current)))
        box.currentIndexChanged.connect(lambda _i: on_pick(str(box.currentData())))
        return box

    def make_row(self, index: int, item: dict[str, Any]) -> QWidget:
        row = _row_frame(self.rows_host)
        grid = QGridLayout(row)
        grid.setContentsMargins(14, 12, 14, 12)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        n = index + 1
        for col, lang in enumerate(LANGS):
            e = line(row, item["title"][lang], _setter(item["title"], lang, self.emit_edit))
            e.setPlaceholderText(
                f"{t('f.chart_title', self.lang)} · {t('lang.' + lang, self.lang)}")
            grid.addWidget(e, 0, col)
            self.inputs[FieldPath("title", lang, "charts", n)] = e
        spec = item["spec"]
        ys = spec.get("y") if isinstance(spec.get("y"), list) else []

        def set_x(v: str) -> None:
            spec["x"] = v
            self.emit_edit()

        def set_y(v: str) -> None:
            rest = [y for y in (spec.get("y") or [])[1:] if isinstance(y, str)]
            spec["y"] = [v, *rest]
            self.emit_edit()

        x_box = self._combo(row, str(spec.get("x") or "time"), with_time=True, on_pick=set_x)
        y_box = self._combo(row, str(ys[0]) if ys else "", with_time=False, on_pick=set_y)
        axes = QHBoxLayout()
        axes.addWidget(w.label(t("f.chart_x", self.lang), "admMuted", row))
        axes.addWidget(x_box, 1)
        axes.addSpacing(12)
        axes.addWidget(w.label(t("f.chart_y", self.lang), "admMuted", row))
        axes.addWidget(y_box, 1)
        grid.addLayout(axes, 1, 0, 1, 2)
        grid.addLayout(self.row_tools(row, index), 0, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
        self.inputs[FieldPath("x", within="charts", index=n)] = x_box
        self.inputs[FieldPath("y", within="charts", index=n)] = y_box
        return row

    def retranslate(self) -> None:
        self.add_btn.setText(t("add_chart", self.lang))

    def add(self) -> None:
        first = next(iter(CHANNELS))
        self.items.append({"title": {"zh": "", "en": ""}, "spec": {"x": "time", "y": [first]}})
        self.rebuild()
        self.changed.emit(True)
