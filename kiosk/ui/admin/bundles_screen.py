"""Content packages: export everything to a zip (e.g. on a USB stick), import one back."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.bundles import export, importer
from kiosk.bundles.safezip import BundleRefused
from kiosk.ui.admin import widgets as w
from kiosk.ui.admin.context import AdminContext
from kiosk.ui.admin.file_dialog import start_dir, touch_file_dialog
from kiosk.ui.admin.strings import bilingual_reason, t

STAGES = ("checking", "extracting", "validating", "images", "applying")


class BundlesScreen(QWidget):
    def __init__(self, ctx: AdminContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.last_result: object = None   # the last export/import outcome (tests read it)
        self.pending_import: Path | None = None
        self.heading = w.label("", "admH1", self)

        self.export_card = w.card(self)
        el = QHBoxLayout(self.export_card)
        el.setContentsMargins(26, 22, 26, 22)
        et = w.Column(self.export_card, spacing=6)
        self.export_title = et.add(w.label("", "admH2", et))
        self.export_hint = et.add(w.label("", "admMuted", et, wrap=True))
        self.export_btn = w.button("", "accent", self.export_card)
        el.addWidget(et, 1)
        el.addWidget(self.export_btn)

        self.import_card = w.card(self)
        il = QVBoxLayout(self.import_card)
        il.setContentsMargins(26, 22, 26, 22)
        top = QHBoxLayout()
        it = w.Column(self.import_card, spacing=6)
        self.import_title = it.add(w.label("", "admH2", it))
        self.import_hint = it.add(w.label("", "admMuted", it, wrap=True))
        self.import_btn = w.button("", "", self.import_card)
        top.addWidget(it, 1)
        top.addWidget(self.import_btn)
        il.addLayout(top)
        self.confirm_row = QWidget(self.import_card)
        cr = QHBoxLayout(self.confirm_row)
        cr.setContentsMargins(0, 8, 0, 0)
        self.confirm_label = w.label("", "admH2", self.confirm_row, wrap=True)
        self.confirm_btn = w.button("", "danger", self.confirm_row)
        self.cancel_btn = w.button("", "ghost", self.confirm_row)
        cr.addWidget(self.confirm_label, 1)
        cr.addWidget(self.cancel_btn)
        cr.addWidget(self.confirm_btn)
        il.addWidget(self.confirm_row)
        self.confirm_row.hide()

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.stage = w.label("", "admMuted", self)
        self.result = w.label("", "admOkNote", self, wrap=True)
        self.result.hide()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(36, 28, 36, 28)
        lay.setSpacing(20)
        lay.addWidget(self.heading)
        lay.addWidget(self.export_card)
        lay.addWidget(self.import_card)
        lay.addWidget(self.stage)
        lay.addWidget(self.progress)
        lay.addWidget(self.result)
        lay.addStretch(1)
        self.export_btn.clicked.connect(self.choose_export)
        self.import_btn.clicked.connect(self.choose_import)
        self.confirm_btn.clicked.connect(self._confirmed)
        self.cancel_btn.clicked.connect(self._cancel_import)
        self._set_busy(False)
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.ctx.lang
        self.heading.setText(t("nav.bundles", lang))
        self.export_title.setText(t("bundle.export", lang))
        self.export_hint.setText(t("bundle.export_hint", lang))
        self.export_btn.setText(t("bundle.export", lang))
        self.import_title.setText(t("bundle.import", lang))
        self.import_hint.setText(t("bundle.import_hint", lang))
        self.import_btn.setText(t("bundle.import", lang))
        self.confirm_btn.setText(t("bundle.confirm", lang))
        self.cancel_btn.setText(t("bundle.cancel", lang))
        if self.pending_import is not None:
            self.confirm_label.setText(self.pending_import.name)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.export_btn.setEnabled(not busy)
        self.import_btn.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.stage.setVisible(busy)
        self.stage.setText(text)

    def _show_result(self, text: str, *, ok: bool) -> None:
        self.result.setObjectName("admOkNote" if ok else "admMissing")
        self.result.setText(text)
        w.repolish(self.result)
        self.result.show()

    # --- export ------------------------------------------------------------------------------
    def choose_export(self) -> None:
        name = f"kiosk-content-{dt.date.today():%Y%m%d}.zip"
        dlg = touch_file_dialog(self, t("bundle.choose_out", self.ctx.lang),
                                mode=QFileDialog.FileMode.AnyFile, name_filter="Zip (*.zip)",
                                save=True)
        dlg.selectFile(str(Path(start_dir()) / name))
        dlg.setDefaultSuffix("zip")
        dlg.fileSelected.connect(lambda f: self.export_to(Path(f)))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        self.file_dialog = dlg

    def export_to(self, out: Path) -> None:
        if self.busy:
            return
        self.result.hide()
        self.progress.setRange(0, 0)  # export has no steps to count: an indeterminate bar
        self._set_busy(True, t("bundle.exporting", self.ctx.lang))
        db_path = self.ctx.db_path
        self.ctx.media.run(lambda: export.export_to(db_path, out), self._exported,
                           on_error=self._export_failed)

    def _export_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.last_result = exc
        self._show_result(f"<b>{t('bundle.export_failed', 'zh')} / "
                          f"{t('bundle.export_failed', 'en')}</b><br>{html.escape(str(exc))}",
                          ok=False)

    def _exported(self, result: export.ExportResult) -> None:
        self._set_busy(False)
        self.last_result = result
        n, p = result.exhibits, html.escape(str(result.path))
        warn = "".join(f"<br>⚠ {html.escape(x)}" for x in result.warnings)
        self._show_result(f"✓ {t('bundle.exported', 'zh', n=n, p=p)}<br>"
                          f"{t('bundle.exported', 'en', n=n, p=p)}{warn}", ok=True)

    # --- import ------------------------------------------------------------------------------
    def choose_import(self) -> None:
        dlg = touch_file_dialog(self, t("bundle.choose_in", self.ctx.lang),
                                mode=QFileDialog.FileMode.ExistingFile, name_filter="Zip (*.zip)")
        dlg.fileSelected.connect(lambda f: self.ask_import(Path(f)))
        dlg.finished.connect(dlg.deleteLater)
        dlg.open()
        self.file_dialog = dlg

    def ask_import(self, bundle: Path) -> None:
        """Replacing everything deserves one explicit confirmation."""
        self.pending_import = bundle
        self.confirm_label.setText(bundle.name)
        self.confirm_row.show()
        self.result.hide()

    def _cancel_import(self) -> None:
        self.pending_import = None
        self.confirm_row.hide()

    def _confirmed(self) -> None:
        if self.pending_import is not None:
            bundle, self.pending_import = self.pending_import, None
            self.confirm_row.hide()
            self.import_from(bundle)

    def import_from(self, bundle: Path) -> None:
        if self.busy:
            return
        self.result.hide()
        self.progress.setRange(0, len(STAGES))
        self.progress.setValue(0)
        self._set_busy(True, t("stage.checking", self.ctx.lang))
        emit = self.ctx.media.progress_emitter(self._stage)
        db_path = self.ctx.db_path
        keep = int(self.ctx.cfg["ops.backups_keep"])
        cfg = self.ctx.cfg
        self.ctx.media.run(  # signed bundles only, once fleet.public_keys is set
            lambda: importer.import_bundle(db_path, bundle, keep_backups=keep, progress=emit,
                                           public_keys=importer.pinned_keys(cfg)),
            self._imported, on_error=self._import_failed)

    def _stage(self, stage: object) -> None:
        if not self.busy:
            return
        name = str(stage)
        if name in STAGES:
            self.progress.setValue(STAGES.index(name) + 1)
            self.stage.setText(t(f"stage.{name}", self.ctx.lang))

    def _import_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.last_result = exc
        head = f"<b>{t('bundle.refused', 'zh')}<br>{t('bundle.refused', 'en')}</b>"
        if isinstance(exc, BundleRefused):  # refused, naming each problem: show them all
            lines = "".join(f"<li>{html.escape(bilingual_reason(r))}</li>"
                            for r in exc.reasons[:20])
            more = f"<li>… (+{len(exc.reasons) - 20})</li>" if len(exc.reasons) > 20 else ""
            self._show_result(f"{head}<ul style='margin:4px 0 0 0'>{lines}{more}</ul>", ok=False)
        else:
            self._show_result(f"{head}<br>{html.escape(str(exc))}", ok=False)

    def _imported(self, r: importer.ImportResult) -> None:
        self._set_busy(False)
        self.last_result = r
        self.ctx.window.content.reload()  # visitors see the new content at once
        fmt = {"n": r.exhibits, "i": r.images, "b": r.backup.name}
        self._show_result(f"✓ {t('bundle.imported', 'zh', **fmt)}<br>"
                          f"{t('bundle.imported', 'en', **fmt)}", ok=True)
