"""``kiosk doctor``: one line per check, ``OK|WARN|FAIL  name  detail``; exit 1 on any FAIL.

For installers: run it after copying the folder, and whenever a kiosk misbehaves. It reads the
database read-only and changes nothing. ``--sensors`` tests the live data feeds instead (that
part is ``kiosk.commands.doctor_sensors``).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlite_utils import Database

from kiosk import paths, settings
from kiosk.content import store, validate
from kiosk.content.schema import known_names, migrations
from kiosk.ops import backup, heal, lock

OK, WARN, FAIL = "OK", "WARN", "FAIL"
LIVE_SOURCES = ("mqtt", "tcp", "serial")
CRASH_MARKERS = ("uncaught exception", "has not answered", "did not exit cleanly",
                 "Fatal Python error")


@dataclasses.dataclass
class Check:
    status: str
    name: str
    detail: str


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the checks as JSON")
    parser.add_argument("--content", type=Path, default=None,
                        help="content folder to rebuild from (default: the bundled content/)")
    parser.add_argument("--sensors", action="store_true",
                        help="check the live sensor feeds (connects to them) instead")
    # the on-screen keyboard is loaded in a child process (Qt picks its input method once)
    parser.add_argument("--keyboard-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="with --sensors: how long to listen to each feed (default 5)")


# --- checks ---------------------------------------------------------------------------------

def check_settings(cfg: settings.Config) -> Iterator[Check]:
    where = str(cfg.path) if cfg.path and cfg.path.exists() else f"{cfg.path} (absent: defaults)"
    if not cfg.problems:
        yield Check(OK, "settings", where)
    for p in cfg.problems:
        yield Check(FAIL, "settings", p)


def check_dir(name: str, folder: Path) -> Check:
    if heal.dir_writable(folder):
        return Check(OK, name, f"{folder} writable")
    return Check(FAIL, name, f"{folder} is not writable (read-only disk, permissions or disk "
                             "full): visitors see the last content, edits and backups fail")


def _open_ro(db_path: Path) -> Database:
    mode = "mode=ro" if heal.dir_writable(db_path.parent) else "mode=ro&immutable=1"
    return Database(sqlite3.connect(f"{db_path.resolve().as_uri()}?{mode}", uri=True))


def check_database(db_path: Path) -> Iterator[Check]:
    if not db_path.exists():
        yield Check(FAIL, "database", f"{db_path}: missing; the kiosk builds it at start, "
                                      "or run `kiosk seed`")
        return
    problem = heal.problem_with(db_path, writable_dir=heal.dir_writable(db_path.parent))
    if problem:
        yield Check(FAIL, "database", f"{db_path}: {problem}; the kiosk repairs it at the next "
                                      "start (from a backup, or from the bundled content)")
        return
    db = _open_ro(db_path)
    try:
        applied = [m.name for m in migrations.applied(db)]
        known = sorted(known_names())
        pending = [n for n in known if n not in applied]
        version = f"schema {applied[-1] if applied else 'none'} ({len(applied)}/{len(known)})"
        yield Check(WARN if pending else OK, "database",
                    f"{db_path}: quick_check ok, {version}"
                    + (f"; upgraded at next start: {', '.join(pending)}" if pending else ""))
        counts = store.content_counts(db)
        total = counts["total"]
        detail = f"{total} published exhibits; complete in zh {counts['zh']}, en {counts['en']}"
        status = FAIL if total == 0 else WARN if min(counts["zh"], counts["en"]) < total else OK
        yield Check(status, "content", detail)
        yield check_media(db, db_path)
        yield check_charts(db)
    finally:
        db.close()


def check_media(db: Database, db_path: Path) -> Check:
    media_dir = store.media_dir_for(db_path)
    files = [r[0] for r in db.execute("SELECT file FROM media").fetchall()]
    missing = [f for f in files if not (media_dir / f).is_file()]
    if missing:
        return Check(FAIL, "media", f"{len(missing)} of {len(files)} images missing in "
                                    f"{media_dir}, e.g. {missing[0]}")
    return Check(OK, "media", f"{len(files)} images in {media_dir}")


def check_charts(db: Database) -> Check:
    """Every stored chart read by the screen's own parser: a bad one would silently vanish."""
    bad: list[str] = []
    total = 0
    for ex in store.list_exhibits(db, include_hidden=True):
        total += len(ex.charts)
        bad.extend(f"exhibits/{ex.slug}: {path}: {why}"
                   for path, why in validate.chart_problems(ex))
    if bad:
        return Check(FAIL, "charts", f"{len(bad)} of {total} charts cannot be drawn: "
                                     + "; ".join(bad[:3]) + (" …" if len(bad) > 3 else ""))
    return Check(OK, "charts", f"{total} charts, every one drawable")


def _age(seconds: float) -> str:
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def check_backups(db_path: Path, keep: int) -> Check:
    found = backup.list_backups(db_path)
    if not found:
        return Check(WARN, "backups", f"none yet in {backup.backups_dir(db_path)} "
                                      "(the kiosk makes one a day while it runs)")
    newest = found[0]
    problem = heal.problem_with(newest.path)
    age = newest.age_s()
    status = FAIL if problem else WARN if age > 2 * backup.DAY_S else OK
    detail = f"{len(found)} (keep {keep}); newest {newest.path.name}, {_age(age)} old"
    if problem:
        detail += f", but it is not usable: {problem}"
    return Check(status, "backups", detail)


def check_instance(db_path: Path) -> Check:
    path = lock.lock_path_for(db_path)
    try:
        held = lock.acquire(path) if path.exists() else None
    except OSError:
        held = None
    if held is not None:
        crashed = held.previous_run_crashed
        held.release()
        if crashed:
            # releasing just emptied the file, so say it here: it is the only record
            return Check(WARN, "instance", "not running; the last run did not exit cleanly")
        return Check(OK, "instance", "not running")
    who = lock.holder(path)
    return Check(OK, "instance", f"running ({who})" if who else "not running (no lock file)")


def check_log(log_dir: Path) -> Iterator[Check]:
    yield check_dir("log dir", log_dir)
    log_file = log_dir / "kiosk.log"
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        yield Check(OK, "crashes", f"no log yet ({log_file})")
        return
    hits = [line for line in text.splitlines() if any(m in line for m in CRASH_MARKERS)]
    if hits:
        yield Check(WARN, "crashes", f"{len(hits)} in {log_file}; last: {hits[-1][:160]}")
    else:
        yield Check(OK, "crashes", f"none in {log_file}")


def check_sensor_settings(cfg: settings.Config) -> Iterator[Check]:
    for inst in settings.INSTRUMENTS:
        s = cfg.section(f"sensors.{inst}")
        src = s["source"]
        status, where = OK, ""
        if src in ("mqtt", "tcp"):
            where = f" {s['host']}:{s['port']}"
        elif src == "serial":
            where = f" {s['serial_port'] or '(no serial_port set)'}"
            status = OK if s["serial_port"] else FAIL
        elif src == "replay":
            f = Path(s["replay_file"]) if s["replay_file"] else None
            where = f" {f}" if f else " (no replay_file set)"
            status = OK if f is not None and f.is_file() else FAIL
        hint = "; test the feed with `kiosk doctor --sensors`" if src in LIVE_SOURCES else ""
        yield Check(status, "sensors", f"{inst}: {src}{where}{hint}")


def check_speech() -> Iterator[Check]:
    """The offline speech engines (``kiosk narrate``, read-aloud): one line per engine."""
    from kiosk.media import speech

    for st in speech.report():
        if st.available:
            yield Check(OK, "speech", f"{st.name}: {', '.join(st.languages)}; {st.detail}")
        elif st.name == "espeak":
            yield Check(WARN, "speech", f"{st.detail}: `kiosk narrate` and read-aloud need it")
        else:
            yield Check(OK, "speech", st.detail)


def check_read_aloud() -> Iterator[Check]:
    """The read-aloud mode: a voice for each visitor language (else the mode says it is not
    available, and this says which is missing)."""
    from kiosk.media import speech

    for lang in speech.LANGS:
        engine = speech.engine_for(lang)
        if engine is None:
            yield Check(WARN, "read-aloud", f"no voice for {lang}: the read-aloud mode will say "
                        "it is not available (install espeakng-loader, or a Windows voice)")
            continue
        voices = engine.voices(lang)
        yield Check(OK, "read-aloud", f"{lang}: {engine.name} voice {voices[0] if voices else '?'}")


def check_audio(cfg: settings.Config) -> Iterator[Check]:
    """Sound settings, and on Linux whether a sound server (PulseAudio/PipeWire) answers."""
    from kiosk.media import quiet_hours

    state = "on" if cfg["audio.enabled"] else "off"
    try:
        quiet = quiet_hours.parse(cfg["audio.quiet_hours"])
        yield Check(OK, "audio", f"sound {state}, volume {cfg['audio.volume']} %, quiet hours "
                                 f"{cfg['audio.quiet_hours'] or 'none'}"
                                 + (f" ({len(quiet)} range(s))" if quiet else ""))
    except ValueError as exc:
        yield Check(WARN, "audio", f"audio.quiet_hours: {exc}; the kiosk ignores it")
    if not sys.platform.startswith("linux"):
        return
    runtime = Path(os.environ.get("XDG_RUNTIME_DIR", f"/run/user/{os.getuid()}"))
    server = os.environ.get("PULSE_SERVER", "")
    sockets = [Path(server.removeprefix("unix:"))] if server.startswith("unix:") else []
    sockets += [runtime / "pulse" / "native", runtime / "pipewire-0"]
    found = [str(p) for p in sockets if p.exists()]
    if found:
        yield Check(OK, "audio", f"sound server at {found[0]}")
    else:
        yield Check(WARN, "audio", "no PulseAudio or PipeWire socket for this user: narrations "
                                   "and videos will be silent (install pulseaudio or "
                                   "pipewire-pulse, see the README)")


def check_qt(db_path: Path) -> Iterator[Check]:
    """Fonts (every Chinese character of the content) and screens; needs Qt, imported here."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") and not (
            os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # over ssh: no display to ask about
    try:
        from PySide6.QtGui import QGuiApplication

        from kiosk.ui import fonts
    except ImportError as exc:
        yield Check(FAIL, "qt", f"PySide6 cannot be imported ({exc})")
        return
    app = QGuiApplication.instance() or QGuiApplication(["kiosk-doctor"])
    yield from _check_fonts(fonts, db_path)
    platform = QGuiApplication.platformName()
    screens = QGuiApplication.screens()
    if not screens:
        yield Check(FAIL, "screens", f"none found (platform {platform})")
    for i, s in enumerate(screens):
        g = s.geometry()
        primary = " primary" if s is QGuiApplication.primaryScreen() else ""
        offscreen = platform == "offscreen"
        hint = "; run on the kiosk's display to see the real screens" if offscreen else ""
        yield Check(WARN if offscreen else OK, "screens",
                    f"{i}: {s.name() or '?'} {g.width()}x{g.height()}+{g.x()}+{g.y()} "
                    f"@{s.devicePixelRatio():g}x{primary} (platform {platform}{hint})")
    del app


def _chinese_texts(db_path: Path) -> str:
    try:
        db = _open_ro(db_path)
    except sqlite3.Error:
        return ""
    try:
        parts = []
        for sql in ("SELECT title_zh, summary_zh, body_zh FROM exhibits",
                    "SELECT key_zh, value_zh FROM specs", "SELECT caption_zh FROM media",
                    "SELECT zh FROM showroom_texts",
                    "SELECT title_zh, body_zh FROM showroom_sections"):
            for row in db.execute(sql).fetchall():
                parts += [v for v in row if isinstance(v, str)]
        return "".join(parts)
    except sqlite3.Error:
        return ""
    finally:
        db.close()


def _check_fonts(fonts: object, db_path: Path) -> Iterator[Check]:
    files: list[Path] = fonts.font_files()  # type: ignore[attr-defined]
    if not files:
        yield Check(FAIL, "fonts",
                    f"no font in {paths.assets_dir() / 'fonts'}: Chinese will not render")
        return
    text = _chinese_texts(db_path) or "模速空间仪电触摸开始"
    chars = {c for c in text if re.match(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]", c)}
    sample = "".join(sorted(chars))
    missing = set(sample)
    for f in files:
        missing &= fonts.missing_glyphs(sample, f)  # type: ignore[attr-defined]
    names = ", ".join(f.name for f in files)
    if missing:
        yield Check(FAIL, "fonts", f"{len(missing)} of {len(chars)} Chinese characters have no "
                                   f"glyph in {names}: {''.join(sorted(missing))[:20]}")
    else:
        yield Check(OK, "fonts", f"all {len(chars)} Chinese characters of the content present "
                                 f"in {names}")


def check_takeaway(db_path: Path) -> Iterator[Check]:
    """Placeholders and example.org links left in the take-away codes and the contact card."""
    from kiosk.content import engagement, queries

    if not db_path.exists():
        return
    conn = queries.open_readonly(db_path)
    try:
        exhibits = {e.slug: e for e in queries.list_exhibits(conn)}
        left = engagement.placeholders(contact=queries.showroom_contact(conn),
                                       apply=queries.showroom_apply(conn), exhibit_links=exhibits)
    finally:
        conn.close()
    links = sum(1 for e in exhibits.values() if e.link_for("zh"))
    if not left:
        yield Check(OK, "take-away", f"{links} exhibit links, contact card complete")
        return
    for line in left:
        yield Check(WARN, "take-away", f"{line}: still to be filled in (content folder, "
                                       "then kiosk seed or a bundle import)")


def check_keyboard(cfg: settings.Config) -> Check:
    """Admin mode's on-screen keyboard (Qt Virtual Keyboard) loads, and opens on a display."""
    if cfg["admin.keyboard"] != "onscreen":
        return Check(OK, "keyboard", "admin.keyboard = system: the operating system's keyboard")
    if os.environ.get("QT_IM_MODULE", "qtvirtualkeyboard") != "qtvirtualkeyboard":
        return Check(OK, "keyboard", f"QT_IM_MODULE={os.environ['QT_IM_MODULE']} (the "
                                     "installer's input method wins over admin.keyboard)")
    cmd = ([sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "kiosk"])
    # in Chinese: the keyboard then starts on its Pinyin layout, which needs the Pinyin plugin
    env = {**os.environ, "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"}
    env.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    if sys.platform.startswith("linux") and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        done = subprocess.run([*cmd, "doctor", "--keyboard-probe"], capture_output=True,
                              text=True, timeout=60, env=env)
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.TimeoutExpired, ValueError, IndexError) as exc:
        return Check(FAIL, "keyboard", f"the on-screen keyboard probe failed ({exc})")
    if not found.get("loaded"):
        return Check(FAIL, "keyboard", "Qt Virtual Keyboard did not load (plugin or QML modules "
                                       "missing?); set admin.keyboard = \"system\" meanwhile")
    if found.get("visible"):
        x, y, w, h = found["rect"]
        return Check(OK, "keyboard", f"on-screen keyboard opens ({found.get('locale')}): "
                                     f"{w}x{h} at +{x}+{y}")
    if found.get("platform") == "offscreen":
        return Check(OK, "keyboard", "on-screen keyboard loads (no display here: run on the "
                                     "kiosk's display to see it open)")
    return Check(FAIL, "keyboard", "the on-screen keyboard did not open (a QML module such as "
                                   "its Pinyin plugin missing?); set admin.keyboard = "
                                   "\"system\" meanwhile")
def check_fleet(cfg: settings.Config, db_path: Path) -> Iterator[Check]:
    """The fleet link: settings usable, broker reachable with this kiosk's identity, the
    author online, the last desired revision and what the agent last said."""
    if not cfg["fleet.enabled"]:
        return
    from kiosk.fleet.config import FleetConfigError, from_settings
    from kiosk.fleet.probe import probe
    try:
        fc = from_settings(cfg, data_dir=db_path.parent)
    except FleetConfigError as exc:
        yield Check(FAIL, "fleet", str(exc))
        return
    assert fc is not None
    r = probe(fc)
    where = f"{fc.broker.host}:{fc.broker.port} as {fc.broker.username or 'anonymous'}"
    if not r.connected:
        yield Check(FAIL, "fleet link", f"{fc.key}: {r.error}")
        return
    yield Check(OK, "fleet link", f"{fc.key}: connected to {where}")
    said = {"online": "author online", "offline": "author offline",
            "unknown": "no author seen on the broker yet"}[r.author]
    yield Check(OK if r.author == "online" else WARN, "fleet author",
                said + ("" if r.author == "online" else
                        " (the kiosk keeps its content; new releases wait)"))
    agent = r.agent
    detail = (f"last desired revision {r.desired_revision or '-'} (release "
              f"{r.desired_release or '-'}); content release {agent.get('content_version', '-')}"
              f", phase {agent.get('phase', '-')}")
    if agent.get("reason"):
        detail += f" ({agent['reason']})"
    yield Check(FAIL if agent.get("phase") == "failed" else OK, "fleet release", detail)


def check_fleet_stats(cfg: settings.Config, db_path: Path, *,
                      now: float | None = None) -> Iterator[Check]:
    """Visitor statistics over the fleet: on the author, what the kiosks reported; on a kiosk,
    finished hours the author has not acknowledged for a day (an ACL block without the
    ``stats`` lines, or no author running)."""
    if not cfg["fleet.enabled"] or not cfg["stats.enabled"]:
        return
    import datetime as dt
    import time as _time
    from zoneinfo import ZoneInfo

    from kiosk.stats import fleetstore, hourly
    from kiosk.stats import store as stats_store

    when = _time.time() if now is None else now
    tz = ZoneInfo(cfg["engage.timezone"])

    def local(hour: int) -> str:
        return dt.datetime.fromtimestamp(hour + 3600, tz).strftime("%Y-%m-%d %H:%M")

    if cfg["fleet.author"]:
        path = fleetstore.fleet_stats_path(db_path.parent)
        if not path.exists():
            yield Check(OK, "fleet stats", "no kiosk has reported visitor statistics yet "
                                           "(they report after each full hour)")
            return
        db = fleetstore.open_fleet_stats(path, readonly=True)
        try:
            known = fleetstore.kiosks(db, cfg["fleet.site"])
            last = fleetstore.last_hour(db, cfg["fleet.site"])
        finally:
            db.close()
        yield Check(OK, "fleet stats", f"{len(known)} kiosks reported, complete up to "
                                       f"{local(last) if last else '-'} ({path})")
        return
    stats = stats_store.stats_path_for(db_path)
    if not stats.exists():
        return
    try:
        sent = json.loads((db_path.parent / "fleet" / "stats-sent.json").read_text("utf-8"))
        acked = int(sent.get("acked", 0))
    except (OSError, ValueError, AttributeError, TypeError):
        acked = 0
    db = stats_store.open_stats(stats, readonly=True)
    try:
        waiting = hourly.final_hours(db, after=acked, now=when)
    finally:
        db.close()
    late = [h for h in waiting if h + 3600 < when - 86_400]
    if late:
        yield Check(WARN, "fleet stats", f"{len(waiting)} finished hours of visitor statistics "
                                         f"not acknowledged by the author (oldest "
                                         f"{local(late[0] - 3600)}): is the author running, and "
                                         "has this kiosk's ACL block its `stats` lines? "
                                         "(`kiosk fleet add-kiosk` prints them)")
    else:
        yield Check(OK, "fleet stats", "visitor statistics acknowledged up to "
                                       f"{local(acked) if acked else '-'}"
                                       + (f", {len(waiting)} hours to send" if waiting else ""))


# --- running it -----------------------------------------------------------------------------

def collect(args: argparse.Namespace, *, qt: bool = True) -> list[Check]:
    cfg = settings.load(args.config)
    db_path = paths.db_path(args.db)
    steps: list[Callable[[], Iterator[Check] | Check]] = [
        lambda: check_settings(cfg),
        lambda: check_dir("data dir", db_path.parent),
        lambda: check_log(settings.log_dir()),
        lambda: check_database(db_path),
        lambda: check_backups(db_path, cfg["ops.backups_keep"]),
        lambda: check_instance(db_path),
        lambda: check_sensor_settings(cfg),
        lambda: check_fleet(cfg, db_path),
        lambda: check_fleet_stats(cfg, db_path),
        lambda: check_audio(cfg),
        check_speech,
        check_read_aloud,
        lambda: check_takeaway(db_path),
    ]
    if qt:
        steps.append(lambda: check_keyboard(cfg))
    if qt:
        steps.append(lambda: check_qt(db_path))
    out: list[Check] = []
    for step in steps:
        try:
            result = step()
            out.extend([result] if isinstance(result, Check) else list(result))
        except Exception as exc:  # one broken check must not hide the others
            out.append(Check(FAIL, "doctor", f"a check failed to run: {type(exc).__name__}: {exc}"))
    return out


def _sensors(args: argparse.Namespace) -> int:
    try:
        mod = importlib.import_module("kiosk.commands.doctor_sensors")
    except ModuleNotFoundError as exc:
        if exc.name != "kiosk.commands.doctor_sensors":
            raise
        print("FAIL  sensors     the sensor checks are not part of this build")
        return 1
    return int(mod.run(args) or 0)


def run(args: argparse.Namespace) -> int:
    if getattr(args, "keyboard_probe", False):
        from kiosk.ui.keyboard import probe

        print(json.dumps(probe()), flush=True)
        os._exit(0)  # the keyboard's QML engine does not survive interpreter teardown
    if args.sensors:
        return _sensors(args)
    checks = collect(args)
    if args.json:
        print(json.dumps([dataclasses.asdict(c) for c in checks], ensure_ascii=False, indent=1))
    else:
        for c in checks:
            print(f"{c.status:<5} {c.name:<10} {c.detail}")
        fails = sum(c.status == FAIL for c in checks)
        warns = sum(c.status == WARN for c in checks)
        print(f"kiosk doctor: {len(checks)} checks, {fails} FAIL, {warns} WARN")
    return 1 if any(c.status == FAIL for c in checks) else 0
