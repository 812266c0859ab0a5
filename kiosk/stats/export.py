"""A report to CSV (one long table: figure, key, value) and to XLSX (a sheet per table)."""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import xlsxwriter

from kiosk.stats.report import Report

Progress = Callable[[float], None]


def _atomic(out: Path, write: Callable[[Path], None]) -> Path:
    """Write to a temporary name beside ``out``, then rename: a pulled stick holds no half
    file under the real name."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def write_csv(report: Report, out: Path, progress: Progress | None = None) -> Path:
    rows = report.rows()

    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8-sig") as f:  # Excel reads the BOM
            w = csv.writer(f)
            w.writerow(["figure", "key", "value"])
            w.writerow(["range", report.since, report.until])
            for i, row in enumerate(rows, 1):
                w.writerow(row)
                if progress and i % 50 == 0:
                    progress(i / len(rows))
    path = _atomic(out, write)
    if progress:
        progress(1.0)
    return path


def write_xlsx(report: Report, out: Path, progress: Progress | None = None) -> Path:
    def write(tmp: Path) -> None:
        wb = xlsxwriter.Workbook(str(tmp))
        bold = wb.add_format({"bold": True})
        summary = wb.add_worksheet("Summary 概要")
        lines = [("range 日期", f"{report.since} – {report.until}"),
                 ("visits 访问次数", report.visits),
                 ("median visit (s) 访问时长中位数（秒）", report.median_visit_s)]
        lines += [(f"{k}", v) for k, v in sorted(report.counts.items())]
        lines += [(f"language {k}", v) for k, v in sorted(report.language_share.items())]
        for r, (k, v) in enumerate(lines):
            summary.write(r, 0, k, bold)
            summary.write(r, 1, v)
        summary.set_column(0, 0, 36)
        tables: list[tuple[str, tuple[str, str], list[tuple[str, float]]]] = [
            ("Days 每日", ("date 日期", "visits 访问"), list(report.per_day)),
            ("Hours 时段", ("hour 小时", "visits 访问"),
             [(f"{h:02d}", n) for h, n in enumerate(report.per_hour)]),
            ("Exhibits 展项", ("exhibit 展项", "visits 访问"), list(report.exhibit_visits)),
            ("Time 停留", ("exhibit 展项", "seconds 秒"), list(report.exhibit_seconds)),
        ]
        for i, (name, head, rows) in enumerate(tables, 1):
            ws = wb.add_worksheet(name)
            ws.write_row(0, 0, head, bold)
            for r, row in enumerate(rows, 1):
                ws.write_row(r, 0, row)
            ws.set_column(0, 1, 18)
            if progress:
                progress(i / (len(tables) + 1))
        wb.close()
    path = _atomic(out, write)
    if progress:
        progress(1.0)
    return path
