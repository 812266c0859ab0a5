"""Images into an exhibit: a batch decoded in the media worker, shown as it arrives.

``ImageImport`` is the state machine of one batch: idle → importing (each image noted as the
worker finishes it, shown with the others every ``PROGRESS_FLUSH_MS``) → ended (the refusals
reported, late images attached, an audit line). The curator may open another exhibit while a
batch runs: the images still go to the exhibit they were chosen for. ``ImportBar`` is what the
curator sees of it: the Add images button, the progress and the refusal report.
"""

from __future__ import annotations

import dataclasses
import html
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.content import record
from kiosk.curation import audit, drafts
from kiosk.media import images
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.images_grid import ImagesGrid
from kiosk.ui.admin.strings import bilingual_reason, t

# import progress reaches the screen at most this often: one repaint per batch, not per image
PROGRESS_FLUSH_MS = 50


class ImportTarget(Protocol):
    """The form the images go into: which exhibit is open, and its record (JSON form)."""

    slug: str
    data: dict[str, Any] | None


class ImportBar(QWidget):
    """The Add images button, the batch's progress and the report of what was refused."""

    add_clicked = Signal()

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.add_images_btn = w.button("", "accent", self)
        self.add_images_btn.clicked.connect(self.add_clicked)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress_label = w.label("", "admMuted", self)
        self.report = w.label("", "admMissing", self, wrap=True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.addWidget(self.add_images_btn)
        bar.addWidget(self.progress_label)
        bar.addWidget(self.progress, 1)
        bar.addStretch(0)
        bar.setAlignment(self.add_images_btn, Qt.AlignmentFlag.AlignLeft)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        lay.addLayout(bar)
        lay.addWidget(self.report)
        self.set_progress(None)
        self.report.hide()

    def set_language(self, lang: str) -> None:
        self.add_images_btn.setText(t("add_images", lang))

    def set_progress(self, value: tuple[int, int] | None) -> None:
        """``(done, total)`` while a batch runs; None when idle (the button is back)."""
        busy = value is not None
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.add_images_btn.setEnabled(not busy)
        if value is not None:
            done, total = value
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done)
            self.progress_label.setText(t("import_progress", self.ctx.lang, done=done, total=total))

    @property
    def busy(self) -> bool:
        return self.progress.isVisible()

    def show_report(self, head_key: str, lines: list[str], *, bullets: bool = True) -> None:
        """What was refused and why, headed in both languages (a curator may read either)."""
        head = f"<b>{t(head_key, 'zh')} / {t(head_key, 'en')}</b>"
        if bullets:
            items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
            body = f"<ul style='margin:4px 0 0 0'>{items}</ul>"
        else:
            body = "".join(f"<br>{html.escape(line)}" for line in lines)
        self.report.setText(head + body)
        self.report.show()


class ImageImport(QObject):
    """One batch at a time, from the media worker into the form (or the draft it belongs to).

    ``edited(check)``: images joined the open form (``check``: redo the missing-translation
    list now; during a batch only the thumbnails' red corners follow). ``ended``: the batch is
    over, successful or not.
    """

    edited = Signal(bool)
    ended = Signal()

    def __init__(self, ctx: AdminContext, form: ImportTarget, grid: ImagesGrid, bar: ImportBar,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self.grid = grid
        self.bar = bar
        self.report: list[str] = []   # the last batch's refusals, in both languages
        self.importing = False
        # import steps from the media worker are gathered and shown together
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(PROGRESS_FLUSH_MS)
        self._flush_timer.timeout.connect(self.flush)
        self._pending_progress: tuple[int, int] | None = None
        self._pending_media: list[dict[str, Any]] = []

    def start(self, paths: list[Path]) -> None:
        """Import in the media worker; each image shows up in the form as soon as it is ready."""
        if not paths or self.form.data is None:
            return
        slug, media_dir = self.form.slug, self.ctx.media_dir
        self.bar.set_progress((0, len(paths)))
        self.grid.reserve(len(paths))  # the grid grows once now, not row by row
        self.bar.report.hide()
        shown: set[str] = set()
        emit = self.ctx.media.progress_emitter(lambda p: self._step(slug, shown, p))

        def work() -> list[images.BatchItem]:
            return images.import_batch(paths, media_dir,
                                       progress=lambda d, n, item: emit((d, n, item)))

        self.importing = True
        self.ctx.media.run(work, lambda batch: self._imported(slug, shown, batch),
                           on_error=self._failed)

    def forget_report(self) -> None:
        """Another exhibit is open: the last batch's refusals are not about it."""
        self.report = []
        self.bar.report.hide()

    def _step(self, slug: str, shown: set[str],
              payload: tuple[int, int, images.BatchItem]) -> None:
        """One image done in the worker: noted now, shown with the others at the next flush."""
        done, total, item = payload
        self._pending_progress = (done, total)
        data = self.form.data
        if item.image is not None and slug == self.form.slug and data is not None:
            sha = item.image.sha256
            known = {m["sha256"] for m in data["media"]}
            known.update(m["sha256"] for m in self._pending_media)
            if sha not in known:
                self._pending_media.append(record.to_json(drafts.media_item(item.image)))
            shown.add(sha)
        if not self._flush_timer.isActive():
            self._flush_timer.start()  # not restarted: a steady stream still shows every 50 ms

    def flush(self) -> None:
        """Show what arrived since the last flush (before the form opens another exhibit too)."""
        self._flush_timer.stop()
        if self._pending_progress is not None and self.bar.busy:
            self.bar.set_progress(self._pending_progress)
        self._pending_progress = None
        new, self._pending_media = self._pending_media, []
        if new and self.form.data is not None:
            self.grid.append(new)  # one model insert; extends the form's data["media"]
            # the thumbnails' red corners show missing captions at once; the list below the
            # header is rebuilt once when the batch ends, not after every flush
            self.edited.emit(not self.importing)

    def _end(self) -> None:
        self.flush()
        self.importing = False
        self.bar.set_progress(None)
        self.grid.reserve(0)
        self.ended.emit()

    def _failed(self, exc: Exception) -> None:
        self._end()
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    def _imported(self, slug: str, shown: set[str], batch: list[images.BatchItem]) -> None:
        self._end()
        good = [item.image for item in batch if item.image is not None]
        bad = [item for item in batch if item.error]
        self.report = [bilingual_reason(item.error or "") for item in bad]
        late = [drafts.media_item(img) for img in good if img.sha256 not in shown]
        data = self.form.data
        if late and slug == self.form.slug and data is not None:
            known = {m["sha256"] for m in data["media"]}
            data["media"].extend(record.to_json(m) for m in late if m.sha256 not in known)
            self.grid.rebuild()
            self.edited.emit(True)
        elif late:  # the curator moved on: the images still belong to the exhibit they chose
            self.ctx.db.db_call(lambda db: _attach(db, slug, late))
        detail = f"{len(good)} imported, {len(bad)} refused"
        self.ctx.db.db_call(lambda db: audit.record(db, "image_import", target=slug, detail=detail))
        if bad:
            self.bar.show_report("import_failed_head", self.report)
        self.ctx.toast(t("import_done", self.ctx.lang, n=len(good)))


def _attach(db: Any, slug: str, late: list[record.Media]) -> None:
    """Images that finished after the curator left their exhibit join its draft."""
    ex = drafts.load_for_edit(db, slug)
    known = {m.sha256 for m in ex.media}
    more = tuple(m for m in late if m.sha256 not in known)
    drafts.save_draft(db, slug, dataclasses.replace(ex, media=ex.media + more))
