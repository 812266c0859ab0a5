"""The exhibit form: both languages side by side, saved as a draft as the curator types.

The form is the view; the exhibit open in it, its loading, saving and the Publish / Unpublish /
Discard verbs are ``draft_session.DraftSession`` (saved 300 ms after the last change, in the
database worker). The other parts live beside it: ``bilingual`` (a text in both languages),
``editor_parts`` (specs, charts), ``images_grid`` (images), ``image_import`` (a batch of
images coming in), ``narration_part`` (the audio guide), ``problems`` (what keeps Publish
back) and ``file_dialog`` (choosing files on a touch screen).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import record
from kiosk.content.record import CATEGORIES, LANGS, TEXT_FIELDS, FieldPath
from kiosk.curation import audit, drafts
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.bilingual import BilingualText
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.draft_session import DraftSession
from kiosk.ui.admin.editor_parts import ChartsPart, SpecsPart
from kiosk.ui.admin.file_dialog import IMAGE_FILTER, choose_files
from kiosk.ui.admin.image_import import ImageImport, ImportBar
from kiosk.ui.admin.images_grid import ImagesGrid
from kiosk.ui.admin.narration_part import AUDIO_FILTER, NarrationPart, import_narration
from kiosk.ui.admin.problems import problems_html
from kiosk.ui.admin.strings import bilingual_reason, field_label, t
from kiosk.ui.i18n import category_label


class EditorScreen(QWidget):
    scroll: QScrollArea  # type: ignore[assignment]  # shadows the QWidget method of that name
    back = Signal()
    preview = Signal(object)   # the record to preview
    saved = Signal()

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.session = DraftSession(ctx.db, read_only=ctx.content_read_only, parent=self)
        self.session.loaded.connect(self._show_data)
        self.session.gone.connect(self.back)
        self.session.saved.connect(self._saved)
        self.session.save_failed.connect(
            lambda e: self.save_state.setText(t("save_failed", self.ctx.lang, e=e)))
        self.session.finished.connect(self._verb_done)
        self.session.refused.connect(self._publish_refused)
        self.session.failed.connect(self._toast_error)
        # the red markers follow typing closely, but a batch of images must not redo them 50 times
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(120)
        self._check_timer.timeout.connect(self._update_missing)
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
        self.import_bar = ImportBar(self.ctx, self.images_card)
        self.import_bar.add_clicked.connect(self.choose_images)
        img.add(self.import_bar)
        self.media_part = ImagesGrid(self.ctx.media_dir, self.images_card)
        self.media_part.changed.connect(self._part_changed)
        img.add(self.media_part)
        self.imports = ImageImport(self.ctx, self.session, self.media_part, self.import_bar,
                                   self)
        self.imports.edited.connect(lambda check: self._edited(check=check))
        self.imports.ended.connect(self._check_timer.start)

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
        if self.ctx.content_read_only:
            self._make_read_only()

    def _make_read_only(self) -> None:
        """Content comes from the author: shown as it is, nothing can be changed or saved."""
        for name in TEXT_FIELDS:
            for e in self.fields[name].edits.values():
                e.setReadOnly(True)
        for part in (self.category, self.import_bar.add_images_btn, self.media_part,
                     self.specs_part, self.charts_part):
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
        self.category.set_texts({c: category_label(c, lang) for c in CATEGORIES})
        for part in (self.import_bar, self.media_part, self.specs_part, self.charts_part,
                     self.narr_part):
            part.set_language(lang)
        self._update_header()
        self._update_missing()

    # --- the exhibit (DraftSession holds it) --------------------------------------------------
    @property
    def slug(self) -> str:
        return self.session.slug

    @property
    def data(self) -> dict[str, Any] | None:
        return self.session.data

    @property
    def saves(self) -> int:
        return self.session.saves

    @property
    def dirty(self) -> bool:
        return self.session.dirty

    def open(self, slug: str) -> None:
        self.imports.flush()  # images of the exhibit being left go into its record first
        self.session.open(slug)
        self.imports.forget_report()

    def flush(self) -> None:
        """Pending typing goes to the worker before anything that reads the draft."""
        self.session.flush()

    def current_record(self) -> record.Exhibit | None:
        return self.session.current_record()

    def _show_data(self) -> None:
        data = self.data
        assert data is not None
        for name in TEXT_FIELDS:
            for lang in LANGS:
                self.fields[name].set_text(lang, data[name][lang])
        self.category.set_value(data["category"])
        self.media_part.set_items(data["media"])
        self.specs_part.set_items(data["specs"])
        self.charts_part.set_items(data["charts"])
        self.narr_part.set_items(data["narrations"])
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
        self.session.edited()
        self.discard_btn.setVisible(True)  # there is a draft now, whatever field changed
        self.save_state.setText(t("saving", self.ctx.lang))
        if check:
            self._check_timer.start()

    def _saved(self) -> None:
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
        status = self.session.status
        self.unpublish_btn.setVisible(status == "published" and editable)
        self.status_chip.setText(t(f"status.{status}", lang))
        self.status_chip.setObjectName("admChipOk" if status == "published" else "admChipMuted")
        w.repolish(self.status_chip)
        self.discard_btn.setVisible(self.session.has_draft and editable)

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
            self._show_missing("admMissing", problems_html(t("missing_title", lang), problems,
                                                           lang, field_label))
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
        self.session.publish()

    def unpublish(self) -> None:
        self.session.unpublish()

    def discard(self) -> None:
        self.session.discard()

    def _verb_done(self, verb: str, slug: str) -> None:
        if verb != "discarded":
            self.ctx.window.content.reload()  # visitors see it now, no restart
        self.ctx.toast(t(f"{verb}_toast", self.ctx.lang))
        if slug == self.slug:
            self.open(slug)  # a discarded never-published exhibit is gone: open() goes back

    def _publish_refused(self, problems: list[FieldPath]) -> None:
        lang = self.ctx.lang
        self._show_missing("admMissing", problems_html(t("publish_refused", lang), problems,
                                                       lang, field_label))
        self.scroll.verticalScrollBar().setValue(0)
        self.ctx.toast(t("publish_refused", lang).rstrip("：:"))

    def _toast_error(self, exc: Exception) -> None:
        self.ctx.toast(t("error", self.ctx.lang, e=exc))

    # --- the audio guide ---------------------------------------------------------------------
    def choose_narration(self, lang: str) -> None:
        self.file_dialog = choose_files(
            self, t("narr.choose", self.ctx.lang), mode=QFileDialog.FileMode.ExistingFile,
            name_filter=AUDIO_FILTER, chosen=lambda files: self.import_narration(files[0], lang))

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
            self.import_bar.show_report("narr.refused", [reason], bullets=False)
            self.ctx.toast(t("narr.refused", self.ctx.lang))

        self.ctx.media.run(lambda: import_narration(path, lang, media_dir), done,
                           on_error=failed)

    # --- images ------------------------------------------------------------------------------
    def choose_images(self) -> None:
        self.file_dialog = choose_files(
            self, t("choose_images", self.ctx.lang), mode=QFileDialog.FileMode.ExistingFiles,
            name_filter=IMAGE_FILTER, chosen=self.import_files)

    def import_files(self, paths: list[Path]) -> None:
        """Import in the media worker; each image shows up in the form as soon as it is ready."""
        self.imports.start(paths)
