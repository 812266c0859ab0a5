"""The exhibit form: both languages side by side, saved as a draft as the curator types.

Every change restarts a 300 ms timer; when it fires the whole record goes to the database
worker (``drafts.save_draft``). Nothing waits for the disk on the UI thread, and a restart at
any moment loses at most the last 300 ms of typing.

The parts live beside it: ``bilingual`` (a text in both languages), ``editor_parts`` (specs,
charts), ``images_grid`` (images), ``file_dialog`` (choosing files on a touch screen).
"""

from __future__ import annotations

import copy
import dataclasses
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import record
from kiosk.content.record import CATEGORIES, LANGS, TEXT_FIELDS, FieldPath
from kiosk.curation import audit, drafts
from kiosk.media import images
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.bilingual import BilingualText
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.editor_parts import ChartsPart, SpecsPart
from kiosk.ui.admin.file_dialog import (  # noqa: F401  (start_dir: re-exported)
    IMAGE_FILTER,
    start_dir,
    touch_file_dialog,
)
from kiosk.ui.admin.images_grid import ImagesGrid, grouped_problems
from kiosk.ui.admin.narration_part import AUDIO_FILTER, NarrationPart, import_narration
from kiosk.ui.admin.strings import bilingual_reason, field_label, t
from kiosk.ui.i18n import category_label

SAVE_DEBOUNCE_MS = 300
# import progress reaches the screen at most this often: one repaint per batch, not per image
PROGRESS_FLUSH_MS = 50


class EditorScreen(QWidget):
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    back = Signal()
    preview = Signal(object)   # the record to preview
    saved = Signal()

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.slug = ""
        self.data: dict[str, Any] | None = None
        self.status = "hidden"     # published / hidden: what visitors see now
        self.saves = 0             # completed draft saves (tests wait on it)
        self.save_error: str | None = None
        self.import_report: list[str] = []
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DEBOUNCE_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._in_flight = 0
        # the red markers follow typing closely, but a batch of images must not redo them 50 times
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(120)
        self._check_timer.timeout.connect(self._update_missing)
        # import steps from the media worker are gathered and shown together
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(PROGRESS_FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush_import)
        self._pending_progress: tuple[int, int] | None = None
        self._pending_media: list[dict[str, Any]] = []
        self._importing = False
        self._build()
        self.retranslate()

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.back_btn = w.button("", "ghost", self)
        self.back_btn.clicked.connect(self._leave)
        self.heading = w.label("", "admH1", self)
        self.status_chip = w.chip("", "admChipMuted", self)
        self.save_state = w.label("", "admSmall", self)
        self.discard_btn = w.button("", "ghost", self)
        self.unpublish_btn = w.button("", "", self)
        self.preview_btn = w.button("", "", self)
        self.publish_btn = w.button("", "accent", self)
        self.discard_btn.clicked.connect(self.discard)
        self.unpublish_btn.clicked.connect(self.unpublish)
        self.preview_btn.clicked.connect(self.show_preview)
        self.publish_btn.clicked.connect(self.publish)
        head = QHBoxLayout()
        head.setSpacing(14)
        head.addWidget(self.back_btn)
        head.addWidget(self.heading)
        head.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addStretch(1)
        head.addWidget(self.save_state)
        head.addWidget(self.discard_btn)
        head.addWidget(self.unpublish_btn)
        head.addWidget(self.preview_btn)
        head.addWidget(self.publish_btn)

        self.scroll = w.scroll_area(self)
        body = w.Column(spacing=22)
        # growing the form (more images) then repaints only the new strip, not the whole page
        body.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        body.lay.setContentsMargins(0, 0, 16, 40)
        self.read_only_note = w.label("", "admOkNote", body, wrap=True)
        body.add(self.read_only_note)
        self.read_only_note.setVisible(self.ctx.content_read_only)
        self.missing = w.label("", "admMissing", body, wrap=True)
        body.add(self.missing)

        # texts
        self.texts_card = w.card(body)
        grid = QGridLayout(self.texts_card)
        grid.setContentsMargins(26, 22, 26, 26)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(12)
        self.col_zh = w.label("", "admH3", self.texts_card)
        self.col_en = w.label("", "admH3", self.texts_card)
        heads = QHBoxLayout()
        heads.setSpacing(16)
        heads.addWidget(self.col_zh, 1)
        heads.addWidget(self.col_en, 1)
        grid.addLayout(heads, 0, 1)
        self.fields: dict[str, BilingualText] = {
            "title": BilingualText(multiline=False, parent=self.texts_card),
            "summary": BilingualText(multiline=True, height=110, parent=self.texts_card),
            "body": BilingualText(multiline=True, height=330, parent=self.texts_card),
        }
        self.field_labels: dict[str, Any] = {}
        for r, name in enumerate(TEXT_FIELDS, 1):
            lab = w.label("", "admH2", self.texts_card)
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            lab.setMinimumWidth(110)
            self.field_labels[name] = lab
            grid.addWidget(lab, r, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self.fields[name], r, 1)
            for lang, e in self.fields[name].edits.items():
                e.textChanged.connect(lambda *_a, n=name, lg=lang: self._text_changed(n, lg))
        self.body_hint = w.label("", "admSmall", self.texts_card)
        grid.addWidget(self.body_hint, len(TEXT_FIELDS) + 1, 1)
        grid.setColumnStretch(1, 1)
        body.add(self.texts_card)

        # category
        self.cat_card, cat = self._section(body)
        self.category = w.Segmented(CATEGORIES, self.cat_card)
        self.category.changed.connect(self._category_changed)
        cat.add(self.category)

        # images
        self.images_card, img = self._section(body)
        self.add_images_btn = w.button("", "accent", self.images_card)
        self.add_images_btn.clicked.connect(self.choose_images)
        self.progress = QProgressBar(self.images_card)
        self.progress.setTextVisible(False)
        self.progress_label = w.label("", "admMuted", self.images_card)
        self.report = w.label("", "admMissing", self.images_card, wrap=True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar = QHBoxLayout()
        bar.addWidget(self.add_images_btn)
        bar.addWidget(self.progress_label)
        bar.addWidget(self.progress, 1)
        bar.addStretch(0)
        bar.setAlignment(self.add_images_btn, Qt.AlignmentFlag.AlignLeft)
        img.lay.addLayout(bar)
        img.add(self.report)
        self.media_part = ImagesGrid(self.ctx.media_dir, self.images_card)
        self.media_part.changed.connect(self._part_changed)
        img.add(self.media_part)

        # the audio guide
        self.narr_card, narr = self._section(body)
        self.narr_part = NarrationPart(self.narr_card)
        self.narr_part.changed.connect(self._part_changed)
        self.narr_part.upload_requested.connect(self.choose_narration)
        narr.add(self.narr_part)

        # specs, charts
        self.specs_card, sp = self._section(body)
        self.specs_part = SpecsPart(self.specs_card)
        self.specs_part.changed.connect(self._part_changed)
        sp.add(self.specs_part)
        self.charts_card, ch = self._section(body)
        self.charts_part = ChartsPart(self.charts_card)
        self.charts_part.changed.connect(self._part_changed)
        ch.add(self.charts_part)
        body.lay.addStretch(1)
        self.scroll.setWidget(body)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(28, 20, 28, 0)
        lay.setSpacing(16)
        lay.addLayout(head)
        lay.addWidget(self.scroll, 1)
        self._set_progress(None)
        self.report.hide()
        if self.ctx.content_read_only:
            self._make_read_only()

    def _make_read_only(self) -> None:
        """Content comes from the author: shown as it is, nothing can be changed or saved."""
        for name in TEXT_FIELDS:
            for e in self.fields[name].edits.values():
                e.setReadOnly(True)
        for part in (self.category, self.add_images_btn, self.media_part, self.specs_part,
                     self.charts_part):
            part.setEnabled(False)
        for b in (self.discard_btn, self.unpublish_btn, self.publish_btn):
            b.setEnabled(False)
            b.hide()

    def _section(self, parent: QWidget) -> tuple[QWidget, w.Column]:
        c = w.card(parent)
        col = w.Column(c, spacing=14, margins=0)
        outer = QVBoxLayout(c)
        outer.setContentsMargins(26, 22, 26, 26)
        title = w.label("", "admH2", c)
        c.setProperty("title_label", title)
        outer.addWidget(title)
        outer.addWidget(col)
        parent.layout().addWidget(c)  # type: ignore[union-attr]
        c.title = title  # type: ignore[attr-defined]
        return c, col

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.back_btn.setText(t("back_to_list", lang))
        self.preview_btn.setText(t("preview", lang))
        self.publish_btn.setText(t("publish", lang))
        self.unpublish_btn.setText(t("unpublish", lang))
        self.discard_btn.setText(t("discard", lang))
        self.col_zh.setText(t("col.zh", lang))
        self.col_en.setText(t("col.en", lang))
        for name in TEXT_FIELDS:
            self.field_labels[name].setText(t(f"f.{name}", lang))
        self.body_hint.setText(t("f.body_hint", lang))
        self.read_only_note.setText(t("readonly.banner", lang))
        self.cat_card.title.setText(t("f.category", lang))  # type: ignore[attr-defined]
        self.images_card.title.setText(t("f.images", lang))  # type: ignore[attr-defined]
        self.specs_card.title.setText(t("f.specs", lang))  # type: ignore[attr-defined]
        self.charts_card.title.setText(t("f.charts", lang))  # type: ignore[attr-defined]
        self.narr_card.title.setText(t("f.narration", lang))  # type: ignore[attr-defined]
        self.add_images_btn.setText(t("add_images", lang))
        self.category.set_texts({c: category_label(c, lang) for c in CATEGORIES})
        for part in (self.media_part, self.specs_part, self.charts_part, self.narr_part):
            part.set_language(lang)
        self._update_header()
        self._update_missing()

    # --- loading -----------------------------------------------------------------------------
    def open(self, slug: str) -> None:
        self._flush_import()  # images of the exhibit being left go into its record first
        self.flush()
        self.slug = slug
        self.data = None
        self.import_report = []
        self.report.hide()

        def load(db: Any) -> tuple[dict[str, Any], str, bool]:
            data = record.to_json(drafts.load_for_edit(db, slug))
            row = db.execute("SELECT published, deleted_at FROM exhibits WHERE slug = ?",
                             [slug]).fetchone()
            status = "published" if row and row[0] and not row[1] else "hidden"
            return data, status, drafts.has_draft(db, slug)

        def loaded(result: tuple[dict[str, Any], str, bool]) -> None:
            if slug == self.slug:
                data, status, has_draft = result
                self.set_data(data, status=status, has_draft=has_draft)

        def failed(exc: Exception) -> None:
            if slug != self.slug:
                return
            if not isinstance(exc, drafts.DraftError):  # a gone exhibit just closes the form
                self.ctx.toast(t("error", self.ctx.lang, e=exc))
            self.data = None
            self.back.emit()

        self.ctx.db.db_call(load, loaded, on_error=failed)

    def set_data(self, data: dict[str, Any], *, status: str, has_draft: bool = False) -> None:
        self.data = data
        self.status = status
        self.has_draft = has_draft
        for name in TEXT_FIELDS:
            for lang in LANGS:
                self.fields[name].set_text(lang, data[name][lang])
        self.category.set_value(data["category"])
        self.media_part.set_items(data["media"])
        self.specs_part.set_items(data["specs"])
        self.charts_part.set_items(data["charts"])
        self.narr_part.set_items(data.setdefault("narrations", []))
        self.save_state.setText("")
        self._update_header()
        self._update_missing()
        self.scroll.verticalScrollBar().setValue(0)

    # --- editing -----------------------------------------------------------------------------
    def _text_changed(self, name: str, lang: str) -> None:
        if self.data is None:
            return
        self.data[name][lang] = self.fields[name].text(lang)
        if name == "title":
            self._update_header()
        self._edited()

    def _category_changed(self, key: str) -> None:
        if self.data is not None:
            self.data["category"] = key
            self._edited()

    def _part_changed(self, _structural: bool) -> None:
        self._edited()

    def _edited(self, *, check: bool = True) -> None:
        if self.ctx.content_read_only:
            return
        self.has_draft = True
        self.save_state.setText(t("saving", self.ctx.lang))
        if check:
            self._check_timer.start()
        self._save_timer.start()

    def save_now(self) -> None:
        """Send the record to the worker now (the debounce timer calls this)."""
        self._save_timer.stop()
        if self.data is None:
            return
        slug, payload = self.slug, copy.deepcopy(self.data)
        self._in_flight += 1
        self.ctx.db.db_call(lambda db: drafts.save_draft(db, slug, drafts.from_json(payload)),
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
        self.save_state.setText(t("save_failed", self.ctx.lang, e=exc))

    def _saved(self, _none: None) -> None:
        self._in_flight -= 1
        self.save_error = None
        self.saves += 1
        if not self.dirty:
            self.save_state.setText("✓ " + t("saved", self.ctx.lang))
        self.saved.emit()

    # --- status and checks -------------------------------------------------------------------
    def _update_header(self) -> None:
        lang = self.ctx.lang
        if self.data is None:
            self.heading.setText("")
            self.status_chip.setText("")
            return
        title = self.data["title"]
        self.heading.setText((title["en"] if lang == "en" else title["zh"]) or
                             title["zh"] or title["en"] or t("untitled", lang))
        editable = not self.ctx.content_read_only
        self.unpublish_btn.setVisible(self.status == "published" and editable)
        self.status_chip.setText(t(f"status.{self.status}", lang))
        self.status_chip.setObjectName(
            "admChipOk" if self.status == "published" else "admChipMuted")
        w.repolish(self.status_chip)
        self.discard_btn.setVisible(getattr(self, "has_draft", False) and editable)

    def current_record(self) -> record.Exhibit | None:
        """The typed record of the form as it stands (the form edits its JSON form)."""
        return drafts.from_json(self.data) if self.data is not None else None

    def missing_names(self) -> list[str]:
        ex = self.current_record()
        return [str(p) for p in drafts.missing_translations(ex)] if ex is not None else []

    def _inputs(self) -> dict[FieldPath, QWidget]:
        out: dict[FieldPath, QWidget] = {}
        for name in TEXT_FIELDS:
            for lang, e in self.fields[name].edits.items():
                out[FieldPath(name, lang)] = e
        for part in (self.media_part, self.specs_part, self.charts_part):
            out.update(part.inputs)
        return out

    def _update_missing(self) -> None:
        ex = self.current_record()
        if ex is None:
            self.missing.hide()
            return
        lang = self.ctx.lang
        problems = drafts.publish_problems(ex)
        names = set(problems)
        for name, widget in self._inputs().items():
            w.set_missing(widget, name in names)
        if problems:
            items = "".join(f"<li>{html.escape(line)}</li>"
                            for line in grouped_problems(problems, lang, field_label))
            self._show_missing("admMissing", f"<b>● {t('missing_title', lang)}</b>"
                                             f"<ul style='margin:4px 0 0 0'>{items}</ul>")
        else:
            self._show_missing("admOkNote", "✓ " + t("all_translated", lang))

    def _show_missing(self, name: str, text: str) -> None:
        # a new rich text re-lays out the form: only when something really changed
        if self.missing.text() != text:
            self.missing.setText(text)
        if self.missing.objectName() != name:
            self.missing.setObjectName(name)
            w.repolish(self.missing)
        self.missing.show()

    # --- verbs -------------------------------------------------------------------------------
    def _leave(self) -> None:
        self.flush()
        self.back.emit()

    def show_preview(self) -> None:
        if self.data is not None:
            self.flush()
            self.preview.emit(copy.deepcopy(self.data))

    def publish(self) -> None:
        if self.data is None or self.ctx.content_read_only:
            return
        self.flush()
        slug = self.slug
        self.ctx.db.db_call(lambda db: drafts.publish(db, slug),
                            lambda _none: self._published(slug), on_error=self._publish_failed)

    def _publish_failed(self, exc: Exception) -> None:
        lang = self.ctx.lang
        if not isinstance(exc, drafts.PublishRefused):
            self.ctx.toast(t("error", lang, e=exc))
            return
        items = "".join(f"<li>{html.escape(line)}</li>"
                        for line in grouped_problems(exc.problems, lang, field_label))
        self._show_missing("admMissing", f"<b>● {t('publish_refused', lang)}</b>"
                                         f"<ul style='margin:4px 0 0 0'>{items}</ul>")
        self.scroll.verticalScrollBar().setValue(0)
        self.ctx.toast(t("publish_refused", lang).rstrip("：:"))

    def _toast_error(self, exc: Exception) -> None:
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    def _published(self, slug: str) -> None:
        lang = self.ctx.lang
        self.ctx.window.content.reload()  # visitors see it now, no restart
        self.ctx.toast(t("published_toast", lang))
        if slug == self.slug:
            self.open(slug)

    def unpublish(self) -> None:
        slug = self.slug
        self.flush()

        def done(_none: None) -> None:
            self.ctx.window.content.reload()
            self.ctx.toast(t("unpublished_toast", self.ctx.lang))
            if slug == self.slug:
                self.open(slug)
        self.ctx.db.db_call(lambda db: drafts.unpublish(db, slug), done,
                            on_error=self._toast_error)

    def discard(self) -> None:
        slug = self.slug
        self._save_timer.stop()

        def done(_none: None) -> None:
            self.ctx.toast(t("discarded_toast", self.ctx.lang))
            if slug == self.slug:
                self.open(slug)  # a never-published exhibit is gone: open() goes back
        self.ctx.db.db_call(lambda db: drafts.discard_draft(db, slug), done,
                            on_error=self._toast_error)

    # --- the audio guide ---------------------------------------------------------------------
    def choose_narration(self, lang: str) -> None:
        dlg = touch_file_dialog(self, t("narr.choose", self.ctx.lang),
                                mode=QFileDialog.FileMode.ExistingFile, name_filter=AUDIO_FILTER)
        dlg.fileSelected.connect(lambda f: self.import_narration(Path(f), lang))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        self.file_dialog = dlg

    def import_narration(self, path: Path, lang: str) -> None:
        """Decode and store ``path`` in the media worker; then it joins the draft."""
        if self.data is None:
            return
        slug, media_dir = self.slug, self.ctx.media_dir

        def done(item: dict[str, Any]) -> None:
            if slug == self.slug and self.data is not None:
                self.narr_part.put(item)
                self.ctx.toast(t("narr.added", self.ctx.lang))
            self.ctx.db.db_call(lambda db: audit.record(
                db, "narration_import", target=slug, detail=f"{lang}: {path.name}"))

        def failed(exc: Exception) -> None:
            reason = bilingual_reason(getattr(exc, "reason", str(exc)))
            self.report.setText(f"<b>{t('narr.refused', 'zh')} / {t('narr.refused', 'en')}</b>"
                                f"<br>{html.escape(reason)}")
            self.report.show()
            self.ctx.toast(t("narr.refused", self.ctx.lang))

        self.ctx.media.run(lambda: import_narration(path, lang, media_dir), done,
                           on_error=failed)

    # --- images ------------------------------------------------------------------------------
    def choose_images(self) -> None:
        dlg = touch_file_dialog(self, t("choose_images", self.ctx.lang),
                                mode=QFileDialog.FileMode.ExistingFiles, name_filter=IMAGE_FILTER)
        dlg.filesSelected.connect(lambda files: self.import_files([Path(f) for f in files]))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()  # not exec(): no nested event loop, the kiosk keeps running
        self.file_dialog = dlg

    def _set_progress(self, value: tuple[int, int] | None) -> None:
        busy = value is not None
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.add_images_btn.setEnabled(not busy)
        if value is not None:
            done, total = value
            self.progress.setRange(0, max(1, total))
            self.progress.setValue(done)
            self.progress_label.setText(t("import_progress", self.ctx.lang, done=done, total=total))

    def import_files(self, paths: list[Path]) -> None:
        """Import in the media worker; each image shows up in the form as soon as it is ready."""
        if not paths or self.data is None:
            return
        slug, media_dir = self.slug, self.ctx.media_dir
        self._set_progress((0, len(paths)))
        self.media_part.reserve(len(paths))  # the grid grows once now, not row by row
        self.report.hide()
        shown: set[str] = set()
        emit = self.ctx.media.progress_emitter(lambda p: self._import_step(slug, shown, p))

        def work() -> list[images.BatchItem]:
            return images.import_batch(paths, media_dir,
                                       progress=lambda d, n, item: emit((d, n, item)))

        self._importing = True
        self.ctx.media.run(work, lambda batch: self._imported(slug, shown, batch),
                           on_error=self._import_failed)

    def _import_step(self, slug: str, shown: set[str],
                     payload: tuple[int, int, images.BatchItem]) -> None:
        """One image done in the worker: noted now, shown with the others at the next flush."""
        done, total, item = payload
        self._pending_progress = (done, total)
        if item.image is not None and slug == self.slug and self.data is not None:
            sha = item.image.sha256
            known = {m["sha256"] for m in self.data["media"]}
            known.update(m["sha256"] for m in self._pending_media)
            if sha not in known:
                self._pending_media.append(record.to_json(drafts.media_item(item.image)))
            shown.add(sha)
        if not self._flush_timer.isActive():
            self._flush_timer.start()  # not restarted: a steady stream still shows every 50 ms

    def _flush_import(self) -> None:
        self._flush_timer.stop()
        if self._pending_progress is not None and self.progress.isVisible():
            self._set_progress(self._pending_progress)
        self._pending_progress = None
        new, self._pending_media = self._pending_media, []
        if new and self.data is not None:
            self.media_part.append(new)  # one model insert; extends self.data["media"]
            # the thumbnails' red corners show missing captions at once; the list below the
            # header is rebuilt once when the batch ends, not after every flush
            self._edited(check=not self._importing)

    def _import_ended(self) -> None:
        self._flush_import()
        self._importing = False
        self._set_progress(None)
        self.media_part.reserve(0)
        self._check_timer.start()

    def _import_failed(self, exc: Exception) -> None:
        self._import_ended()
        self._toast_error(exc)

    def _imported(self, slug: str, shown: set[str], batch: list[images.BatchItem]) -> None:
        lang = self.ctx.lang
        self._import_ended()
        good = [item.image for item in batch if item.image is not None]
        bad = [item for item in batch if item.error]
        self.import_report = [bilingual_reason(item.error or "") for item in bad]
        detail = f"{len(good)} imported, {len(bad)} refused"
        late = [drafts.media_item(img) for img in good if img.sha256 not in shown]
        if late and slug == self.slug and self.data is not None:
            known = {m["sha256"] for m in self.data["media"]}
            self.data["media"].extend(record.to_json(m) for m in late if m.sha256 not in known)
            self.media_part.rebuild()
            self._edited()
        elif late:  # the curator moved on: the images still belong to the exhibit they chose
            def attach(db: Any) -> None:
                ex = drafts.load_for_edit(db, slug)
                known = {m.sha256 for m in ex.media}
                more = tuple(m for m in late if m.sha256 not in known)
                drafts.save_draft(db, slug, dataclasses.replace(ex, media=ex.media + more))
            self.ctx.db.db_call(attach)
        self.ctx.db.db_call(lambda db: audit.record(db, "image_import", target=slug, detail=detail))
        if bad:
            lines = "".join(f"<li>{html.escape(r)}</li>" for r in self.import_report)
            self.report.setText(f"<b>{t('import_failed_head', 'zh')} / "
                                f"{t('import_failed_head', 'en')}</b><ul style='margin:4px 0 0 0'>"
                                f"{lines}</ul>")
            self.report.show()
        self.ctx.toast(t("import_done", lang, n=len(good)))
