"""A visitor's path through the kiosk, driven by synthesized touch on real widgets."""

from __future__ import annotations

from helpers.touch import swipe, tap
from helpers.visitor import open_exhibit, start
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from kiosk.ui.i18n import tr


def test_starts_on_attract_with_touch_prompt_in_both_languages(window) -> None:  # type: ignore[no-untyped-def]
    assert window.current == "attract"
    texts = window.attract.visible_texts()
    assert tr("touch_to_start", "zh") in texts and tr("touch_to_start", "en") in texts


def test_tap_home_exhibit_and_back(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    slugs = [c.slug for c in window.home.cards]
    assert {"gc-ms", "titration-robot", "robot-training-ground", "yidian-branch"} <= set(slugs)
    card = window.home.card("titration-robot")
    assert card.height() >= 60 and card.width() >= 60
    tap(card)
    qtbot.wait_until(lambda: window.current == "exhibit")
    assert window.exhibit.exhibit.slug == "titration-robot"
    shown = window.content.snapshot.exhibit("titration-robot")
    assert window.exhibit.title.text() == shown.title.zh
    assert window.exhibit.spec_labels, "the specs table is filled"
    back = window.exhibit.topbar.back_btn
    assert back.height() >= 60
    tap(back)
    qtbot.wait_until(lambda: window.current == "home")


def test_language_toggle_switches_every_visible_text(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    tap(window.home.card("gc-ms"))
    qtbot.wait_until(lambda: window.current == "exhibit")
    zh_texts = set(window.exhibit.visible_texts())
    ex = window.content.snapshot.exhibit("gc-ms")
    assert ex.title.zh in zh_texts and ex.title.en not in zh_texts
    tap(window.exhibit.topbar.lang_btn)
    qtbot.wait_until(lambda: window.state.lang == "en")
    en_texts = set(window.exhibit.visible_texts())
    assert ex.title.en in en_texts and ex.summary.en in en_texts
    assert not (zh_texts & en_texts - {""}) or all(
        not any("\u4e00" <= c <= "\u9fff" for c in t) for t in zh_texts & en_texts)
    # every page follows, not just the one on screen
    assert window.home.card("gc-ms").title.text() == ex.title.en
    assert window.info.topbar.lang_btn.text() == tr("lang_toggle", "en")
    # no Chinese left anywhere visible on the English exhibit page except the language button
    # and the take-away code's heading, bilingual on purpose (扫码带走 under "Take it with you")
    cjk = [t for t in en_texts if any("\u4e00" <= c <= "\u9fff" for c in t)]
    assert sorted(cjk) == sorted([tr("lang_toggle", "en"), window.exhibit.takeaway.heading2.text()])
    assert window.exhibit.takeaway.heading.text() == "Take it with you"


def test_gallery_swipes_with_touch(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    g = open_exhibit(window, qtbot, "gc-ms")
    assert g.count() >= 2 and g.index == 0
    y = g.height() // 2
    with qtbot.wait_signal(g.index_changed, timeout=3000):
        swipe(g, QPoint(int(g.width() * 0.8), y), QPoint(int(g.width() * 0.2), y))
    assert g.index == 1
    caption = window.exhibit.caption.text()
    assert caption.startswith("2 / ")
    # a short drag springs back; a swipe right goes back to the first image
    swipe(g, QPoint(g.width() // 2, y), QPoint(g.width() // 2 - 10, y))
    from PySide6.QtCore import QAbstractAnimation
    qtbot.wait_until(lambda: g._anim.state() == QAbstractAnimation.State.Stopped
                     and g._offset == 0.0)  # settled
    assert g.index == 1
    with qtbot.wait_signal(g.index_changed, timeout=3000):
        swipe(g, QPoint(int(g.width() * 0.2), y), QPoint(int(g.width() * 0.8), y))
    assert g.index == 0


def test_idle_timeout_resets_to_attract_in_default_language(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    g = open_exhibit(window, qtbot, "gc-ms")
    tap(window.exhibit.topbar.lang_btn)
    y = g.height() // 2
    with qtbot.wait_signal(g.index_changed, timeout=3000):
        swipe(g, QPoint(int(g.width() * 0.8), y), QPoint(int(g.width() * 0.2), y))
    bar = window.exhibit.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert window.state.lang == "en" and g.index == 1
    window.idle.set_timeout(0.3)
    window.idle.start()
    with qtbot.wait_signal(window.idle.idle, timeout=5000):
        pass
    assert window.current == "attract"
    assert window.state.lang == "zh"
    assert g.index == 0 and bar.value() == 0
    assert not window.idle.is_active()  # attract does not time out again


def test_touch_restarts_the_idle_countdown(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    window.idle.set_timeout(30)
    window.idle.start()
    timer = window.idle._timer
    qtbot.wait_until(lambda: timer.remainingTime() < 28_500)  # the countdown is running
    tap(window.home.welcome)
    assert timer.remainingTime() > 29_000  # a touch anywhere starts it again
    assert window.current == "home"


def test_escape_alt_f4_ctrl_q_ctrl_w_leave_the_window_open(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.allow_close = False
    start(window, qtbot)
    for key, mod in ((Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                     (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
                     (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
                     (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)):
        QTest.keyClick(window, key, mod)
    assert window.isVisible() and window.current == "home"
    # the window manager's close (what Alt+F4 becomes under X11) is refused too
    assert window.close() is False
    assert window.isVisible()


def test_quit_shortcut_would_work_without_the_lock(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    # proves the lock test above can fail: a Ctrl+Q shortcut fires when the lock is off
    from PySide6.QtGui import QShortcut
    fired = []
    sc = QShortcut(QKeySequence("Ctrl+Q"), window)
    sc.activated.connect(lambda: fired.append(1))
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert fired == []
    window.lock.enabled = False
    QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert fired == [1]


def test_no_context_menu_reaches_widgets(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    start(window, qtbot)
    seen = []

    class Spy(QObject):
        def eventFilter(self, obj, ev):
            if ev.type() == QEvent.Type.ContextMenu and obj is window.home.welcome:
                seen.append(ev)
            return False

    spy = Spy()
    window.home.welcome.installEventFilter(spy)
    QApplication.sendEvent(window.home.welcome,
                           QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5),
                                             window.home.welcome.mapToGlobal(QPoint(5, 5))))
    window.home.welcome.removeEventFilter(spy)
    assert seen == []


def test_info_page_and_back(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    tap(window.home.topbar.info_btn)
    qtbot.wait_until(lambda: window.current == "info")
    snap = window.content.snapshot
    texts = window.info.visible_texts()
    assert snap.text("name", "zh") in texts
    assert len(window.info.section_labels) == len(snap.sections) >= 3
    tap(window.info.topbar.back_btn)
    qtbot.wait_until(lambda: window.current == "home")


def test_layouts_hold_at_portrait_and_small_landscape(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    start(window, qtbot)
    for w, h in ((1080, 1920), (1280, 800), (1920, 1080)):
        window.resize(w, h)
        qtbot.wait_until(lambda w=w, h=h: window.width() == w and window.height() == h)
        cards = window.home.cards

        def card_rects(cards=cards):  # type: ignore[no-untyped-def]
            return [c.geometry().translated(c.parentWidget().mapTo(window, QPoint(0, 0)))
                    for c in cards]

        def laid_out(cards=cards) -> bool:  # type: ignore[no-untyped-def]
            rects = card_rects()  # the relayout for this size has run: cards span the width
            return (all(window.rect().contains(r) for r in rects)
                    and max(r.right() for r in rects) > window.width() * 0.9
                    and all(c.height() == window.home.card_height() for c in cards))

        # every card fully inside the window, the grid using its width, each big enough to tap
        qtbot.wait_until(laid_out)
        for r in card_rects():
            assert r.width() >= 200 and r.height() >= 200, (w, h, r)
        tap(cards[0])
        qtbot.wait_until(lambda: window.current == "exhibit")
        for b in (window.exhibit.topbar.back_btn, window.exhibit.topbar.lang_btn):
            assert b.height() >= 60 and b.width() >= 60
        assert window.exhibit.gallery.height() >= 200
        tap(window.exhibit.topbar.back_btn)
        qtbot.wait_until(lambda: window.current == "home")


def test_published_change_reaches_visitors_without_restart(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content import store
    start(window, qtbot)
    window.content._poll.setInterval(100)
    window.content.start_polling()
    # another process (or the admin worker) publishes: polling notices, no one calls reload
    with store.opened(db_path) as db:
        db["exhibits"].update("gc-ms", {"title_zh": "新的标题"})
    with qtbot.wait_signal(window.content.changed, timeout=10_000):
        pass
    assert window.home.card("gc-ms").title.text() == "新的标题"


def test_invisible_writes_do_not_rebuild_the_pages(window, qtbot, db_path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.content import store
    from kiosk.content.snapshot import content_signature
    start(window, qtbot)
    rebuilt = []
    window.content.changed.connect(rebuilt.append)
    window.content._poll.setInterval(100)
    window.content.start_polling()
    with store.opened(db_path) as db:  # a draft save: curators' work, not visitors' content
        db["drafts"].insert({"slug": "gc-ms", "data": "{}", "updated_at": "now"})
    # the change was seen and the snapshot re-read (the reload records the new signature)
    qtbot.wait_until(lambda: window.content._signature == content_signature(db_path)
                     and not window.content.pending)
    assert rebuilt == []


def test_visitor_pages_load_no_network_client(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    import sys
    start(window, qtbot)
    for slug in ("gc-ms", "titration-robot", "robot-training-ground", "yidian-branch"):
        window.open_exhibit(slug)
    window.show_page("info")
    # images, fonts and charts come from local files: Qt's network stack is never loaded
    loaded = {m for m in sys.modules if m.startswith(("PySide6.QtNetwork", "PySide6.QtWebEngine"))}
    if "PySide6.QtMultimedia" in sys.modules:
        # the narrations' and videos' player: its bindings import QtNetwork's (QMediaPlayer
        # could take a URL); the kiosk gives it local files only, and makes no network object
        from PySide6.QtNetwork import QAbstractSocket, QNetworkAccessManager
        assert not window.findChildren(QNetworkAccessManager)
        assert not window.findChildren(QAbstractSocket)
        loaded.discard("PySide6.QtNetwork")
    assert loaded == set()


def test_attract_frames_repaint_the_page_itself_with_full_damage(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """On Wayland every attract frame repaints the whole window (cage shows only what a frame
    repainted). A window's own update leaves out its opaque children, so the page must be
    updated itself: before, under cage, it stayed black until the first video slide."""
    from PySide6.QtCore import QEvent, QObject

    page = window.attract
    page.full_damage = True  # what wants_full_damage() answers under Wayland

    class Count(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.paints: dict[str, int] = {"page": 0, "dock": 0}

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.paints["page" if obj is page else "dock"] += 1
            return False

    count = Count()
    page.installEventFilter(count)
    window.frame.dock.installEventFilter(count)
    try:
        qtbot.wait_until(lambda: window.stack.currentWidget() is page and page.isVisible())
        start_frames = page.frames
        qtbot.wait_until(lambda: page.frames >= start_frames + 8, timeout=5000)
        qtbot.wait_until(lambda: count.paints["page"] >= 5 and count.paints["dock"] >= 5,
                         timeout=3000)
    finally:
        page.removeEventFilter(count)
        window.frame.dock.removeEventFilter(count)
