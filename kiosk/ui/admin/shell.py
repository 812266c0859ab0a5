"""The admin frame: a top bar (title, language, exit), a side menu and the screens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import theme
from kiosk.ui.admin import style
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.audit_screen import AuditScreen
from kiosk.ui.admin.bundles_screen import BundlesScreen
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.editor import EditorScreen
from kiosk.ui.admin.exhibits import ExhibitListScreen
from kiosk.ui.admin.messages_screen import MessagesScreen
from kiosk.ui.admin.settings_screen import SettingsScreen
from kiosk.ui.admin.stats_screen import StatsScreen
from kiosk.ui.admin.strings import t
from kiosk.ui.pages.base import Page
from kiosk.ui.widgets import LogoMark

NAV = ("exhibits", "messages", "stats", "settings", "bundles", "audit")


class AdminShell(Page):
    """A page of the window's stack; ``window.current`` reads "admin" while it shows."""

    name = "admin"
    visitor = False  # no access dock under the curator's screens
    exit_requested = Signal()
    toggle_language = Signal()

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("admShell")
        # top bar
        self.top = QWidget(self)
        self.top.setObjectName("admTop")
        self.top.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.logo = LogoMark(self.top)
        self.logo.setFixedSize(44, 44)
        self.title = w.label("", "admTitle", self.top)
        self.badge = w.label("ADMIN", "admBadge", self.top)
        self.idle_hint = w.label("", "admSmall", self.top)
        self.lang_btn = w.button("", "", self.top)
        self.exit_btn = w.button("", "accent", self.top)
        tl = QHBoxLayout(self.top)
        tl.setContentsMargins(24, 12, 24, 12)
        tl.setSpacing(16)
        tl.addWidget(self.logo)
        tl.addWidget(self.title)
        tl.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        tl.addStretch(1)
        tl.addWidget(self.idle_hint)
        tl.addWidget(self.lang_btn)
        tl.addWidget(self.exit_btn)
        self.lang_btn.clicked.connect(self.toggle_language)
        self.exit_btn.clicked.connect(self.exit_requested)
        # side menu
        self.side = QWidget(self)
        self.side.setObjectName("admSide")
        self.side.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.side.setFixedWidth(270)
        sl = QVBoxLayout(self.side)
        sl.setContentsMargins(14, 20, 14, 20)
        sl.setSpacing(8)
        self.nav_group = QButtonGroup(self)
        self.nav: dict[str, QPushButton] = {}
        for key in NAV:
            b = QPushButton(self.side)
            b.setObjectName("admNav")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            b.setMinimumHeight(72)
            b.clicked.connect(lambda _c=False, k=key: self.show_screen(k))
            self.nav_group.addButton(b)
            self.nav[key] = b
            sl.addWidget(b)
        sl.addStretch(1)
        self.side_lay = sl
        self.fleet: QWidget | None = None   # the Fleet screen, on the author only
        # screens
        self.content = QStackedWidget(self)
        self.content.setObjectName("admContent")
        self.exhibits = ExhibitListScreen(ctx)
        self.editor = EditorScreen(ctx)
        self.settings = SettingsScreen(ctx)
        self.bundles = BundlesScreen(ctx)
        self.audit = AuditScreen(ctx)
        self.messages = MessagesScreen(ctx)
        self.stats = StatsScreen(ctx)
        for s in (self.exhibits, self.editor, self.settings, self.bundles, self.audit,
                  self.messages, self.stats):
            self.content.addWidget(s)
        self.exhibits.open_exhibit.connect(self.open_editor)
        self.editor.back.connect(lambda: self.show_screen("exhibits"))
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.side)
        body.addWidget(self.content, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.top)
        lay.addLayout(body, 1)
        self.toast = w.Toast(self)
        self.screen_name = "exhibits"
        self.retranslate()

    def apply_metrics(self, m: theme.Metrics) -> None:
        self.metrics = m
        self.setStyleSheet(style.stylesheet(m))

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.title.setText(t("admin_title", lang))
        self.lang_btn.setText(t("lang_toggle", lang))
        self.exit_btn.setText(t("exit_admin", lang))
        self.idle_hint.setText(t("idle_hint", lang, s=int(self.ctx.cfg["admin.idle_timeout_s"])))
        for key, b in self.nav.items():
            b.setText(t(f"nav.{key}", lang))
        for s in (self.exhibits, self.editor, self.settings, self.bundles, self.audit,
                  self.messages, self.stats):
            s.retranslate()
        if self.fleet is not None:
            self.fleet.retranslate()  # type: ignore[attr-defined]

    def add_fleet(self, actions: object) -> QWidget:
        """The author's Fleet / 展厅屏幕 screen, second in the menu (after the exhibits)."""
        from kiosk.ui.admin.fleet_screen import FleetScreen
        if self.fleet is not None:
            return self.fleet
        self.fleet = FleetScreen(self.ctx, actions)  # type: ignore[arg-type]
        self.content.addWidget(self.fleet)
        stats_path = getattr(actions, "stats_path", None)  # the author's fleet statistics
        if getattr(actions, "collect_stats", False) and stats_path is not None:
            cfg = actions.config  # type: ignore[attr-defined]
            self.stats.set_fleet(stats_path, site=cfg.site, own=f"{cfg.site}/{cfg.kiosk_id}",
                                 subscribe=actions.subscribe_stats)  # type: ignore[attr-defined]
        b = QPushButton(self.side)
        b.setObjectName("admNav")
        b.setCheckable(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        b.setMinimumHeight(72)
        b.clicked.connect(lambda _c=False: self.show_screen("fleet"))
        self.nav_group.addButton(b)
        self.nav["fleet"] = b
        self.side_lay.insertWidget(1, b)
        self.retranslate()
        return self.fleet

    def show_screen(self, key: str) -> None:
        """Switch the content area; each screen reloads what it shows from the database."""
        if self.screen_name == "editor" and key != "editor":
            self.editor.flush()
        if self.screen_name == "settings" and key != "settings":
            self.settings.deactivate()
        if self.screen_name == "fleet" and key != "fleet" and self.fleet is not None:
            self.fleet.deactivate()  # type: ignore[attr-defined]
        self.screen_name = key
        nav_key = "exhibits" if key == "editor" else key
        self.nav[nav_key].setChecked(True)
        target = {"exhibits": self.exhibits, "editor": self.editor, "settings": self.settings,
                  "bundles": self.bundles, "audit": self.audit, "fleet": self.fleet,
                  "messages": self.messages, "stats": self.stats}[key]
        assert target is not None
        self.content.setCurrentWidget(target)
        if key == "exhibits":
            self.exhibits.refresh()
        elif key == "settings":
            self.settings.activate()
        elif key == "audit":
            self.audit.refresh()
        elif key == "fleet" and self.fleet is not None:
            self.fleet.activate()  # type: ignore[attr-defined]
        elif key == "messages":
            self.messages.refresh()
        elif key == "stats":
            self.stats.refresh()

    def open_editor(self, slug: str) -> None:
        self.editor.open(slug)
        self.show_screen("editor")
