"""The exhibit open in the editor, as data: loaded, saved as a draft, published, discarded.

The form edits ``data`` (the record's JSON form) in place and calls ``edited()``; 300 ms after
the last change the whole record goes to the database worker (``drafts.save_draft``). Nothing
waits for the disk on the UI thread, and a restart at any moment loses at most the last 300 ms
of typing. The verbs run in the same worker, after any pending save, in order.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.content import record
from kiosk.curation import drafts
from kiosk.ui.admin.worker import AdminWorker

SAVE_DEBOUNCE_MS = 300


class DraftSession(QObject):
    """One exhibit's draft while a curator edits it (no widgets: the form listens).

    ``loaded``: ``data``, ``status`` and ``has_draft`` describe the exhibit just opened.
    ``gone``: it could not be opened (deleted meanwhile, or an error, said by ``failed`` first).
    ``saved`` / ``save_failed(message)``: a draft save landed or did not.
    ``finished(verb, slug)``: "published", "unpublished" or "discarded" went through.
    ``refused(problems)``: Publish refused, with the field paths that are missing.
    ``failed(exception)``: anything else went wrong (the form shows it).
    """

    loaded = Signal()
    gone = Signal()
    saved = Signal()
    save_failed = Signal(str)
    finished = Signal(str, str)
    refused = Signal(object)
    failed = Signal(object)

    def __init__(self, db: AdminWorker, *, read_only: bool = False,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.db = db
        self.read_only = read_only  # content from the fleet's author: shown, never saved
        self.slug = ""
        self.data: dict[str, Any] | None = None
        self.status = "hidden"     # published / hidden: what visitors see now
        self.has_draft = False
        self.saves = 0             # completed draft saves (tests wait on it)
        self.save_error: str | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DEBOUNCE_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._in_flight = 0

    # --- loading -----------------------------------------------------------------------------
    def open(self, slug: str) -> None:
        """Pending typing is saved first; then ``slug`` loads in the worker (``loaded``)."""
        self.flush()
        self.slug = slug
        self.data = None

        def load(db: Any) -> tuple[dict[str, Any], str, bool]:
            data = record.to_json(drafts.load_for_edit(db, slug))
            row = db.execute("SELECT published, deleted_at FROM exhibits WHERE slug = ?",
                             [slug]).fetchone()
            status = "published" if row and row[0] and not row[1] else "hidden"
            return data, status, drafts.has_draft(db, slug)

        def done(result: tuple[dict[str, Any], str, bool]) -> None:
            if slug == self.slug:
                data, status, has_draft = result
                self.set_data(data, status=status, has_draft=has_draft)

        def not_loaded(exc: Exception) -> None:
            if slug != self.slug:
                return
            if not isinstance(exc, drafts.DraftError):  # a gone exhibit just closes the form
                self.failed.emit(exc)
            self.data = None
            self.gone.emit()

        self.db.db_call(load, done, on_error=not_loaded)

    def set_data(self, data: dict[str, Any], *, status: str, has_draft: bool = False) -> None:
        self.data = data
        self.status = status
        self.has_draft = has_draft
        data.setdefault("narrations", [])
        self.loaded.emit()

    def current_record(self) -> record.Exhibit | None:
        """The typed record as it stands (the form edits its JSON form)."""
        return drafts.from_json(self.data) if self.data is not None else None

    # --- saving ------------------------------------------------------------------------------
    def edited(self) -> None:
        """The form changed ``data``: save it once the curator pauses."""
        if self.read_only:
            return
        self.has_draft = True
        self._save_timer.start()

    def save_now(self) -> None:
        """Send the record to the worker now (the debounce timer calls this)."""
        self._save_timer.stop()
        if self.data is None:
            return
        slug, payload = self.slug, copy.deepcopy(self.data)
        self._in_flight += 1
        self.db.db_call(lambda db: drafts.save_draft(db, slug, drafts.from_json(payload)),
                        self._saved, on_error=self._save_failed)

    def flush(self) -> None:
        """Pending typing goes to the worker before anything that reads the draft."""
        if self._save_timer.isActive():
            self.save_now()

    @property
    def dirty(self) -> bool:
        return self._save_timer.isActive() or self._in_flight > 0

    def _save_failed(self, exc: Exception) -> None:
        self._in_flight -= 1
        self.save_error = str(exc)
        self.save_failed.emit(str(exc))

    def _saved(self, _none: None) -> None:
        self._in_flight -= 1
        self.save_error = None
        self.saves += 1
        self.saved.emit()

    # --- verbs -------------------------------------------------------------------------------
    def publish(self) -> None:
        if self.data is None or self.read_only:
            return
        self.flush()
        slug = self.slug
        self.db.db_call(lambda db: drafts.publish(db, slug),
                        lambda _none: self.finished.emit("published", slug),
                        on_error=self._publish_failed)

    def _publish_failed(self, exc: Exception) -> None:
        if isinstance(exc, drafts.PublishRefused):  # the curator's to fix: said in the form
            self.refused.emit(exc.problems)
        else:
            self.failed.emit(exc)

    def unpublish(self) -> None:
        slug = self.slug
        self.flush()
        self.db.db_call(lambda db: drafts.unpublish(db, slug),
                        lambda _none: self.finished.emit("unpublished", slug),
                        on_error=self.failed.emit)

    def discard(self) -> None:
        slug = self.slug
        self._save_timer.stop()  # the typing since the last save is discarded too
        self.db.db_call(lambda db: drafts.discard_draft(db, slug),
                        lambda _none: self.finished.emit("discarded", slug),
                        on_error=self.failed.emit)
