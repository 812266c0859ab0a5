"""Narrations made from an exhibit's own texts with the offline speech engine.

``kiosk narrate`` fills the gaps: an exhibit without a narration in a language gets one read
from its title, summary and text (bullets read as sentences). The files are tagged as
synthesized (``kiosk.media.audio``), and admin marks them so curators replace them with a
recorded human voice. A narration that exists is never overwritten.

Two targets, one code path: the database (``into_database``: stored in the media dir, the
live record updated, audited), or a content folder (``into_folder``: the seed content's
``exhibits/<slug>/audio/narration.<lang>.ogg``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlite_utils import Database

from kiosk.content import queries, store
from kiosk.content.record import LANGS, Exhibit, Narration
from kiosk.media import audio, speech

Progress = Callable[[str], None]


@dataclasses.dataclass(frozen=True)
class Made:
    slug: str
    lang: str
    path: Path
    duration_s: float


def script(ex: Exhibit, lang: str) -> str:
    """What the narration says: the title, the summary, then the text, as plain sentences."""
    stop = "。" if lang == "zh" else ". "
    parts = [ex.title.get(lang).strip(), ex.summary.get(lang).strip()]
    for line in ex.body.get(lang).splitlines():
        line = re.sub(r"^\s*-\s+", "", line).strip()
        if line:
            parts.append(line)
    out = []
    for p in (p for p in parts if p):
        out.append(p if p[-1] in "。！？.!?:：" else p + stop.strip())
    return ("" if lang == "zh" else " ").join(out)


def _synthesize(ex: Exhibit, lang: str, out: Path, voice: str | None) -> float:
    s = speech.synthesize(script(ex, lang), lang, voice)
    title = f"{ex.title.get(lang)} ({'讲解' if lang == 'zh' else 'narration'})"
    audio.write_opus(out, s.pcm, s.sample_rate, synthesized=True, title=title)
    return s.duration_s


def _wanted(langs: Iterable[str] | None) -> tuple[str, ...]:
    return tuple(langs) if langs else LANGS


def into_folder(content: Path, *, slugs: Iterable[str] | None = None,
                langs: Iterable[str] | None = None, voice: str | None = None,
                progress: Progress | None = None) -> list[Made]:
    """Write the missing ``audio/narration.<lang>.ogg`` of a content folder's exhibits."""
    from kiosk.content.loader import load_content

    made = []
    wanted = set(slugs or ())
    for ex_data in load_content(content).exhibits:
        ex = ex_data.record
        if wanted and ex.slug not in wanted:
            continue
        for lang in _wanted(langs):
            if ex.narration(lang) is not None:
                continue
            out = content / "exhibits" / ex.slug / "audio" / f"narration.{lang}.ogg"
            out.parent.mkdir(parents=True, exist_ok=True)
            seconds = _synthesize(ex, lang, out, voice)
            made.append(Made(ex.slug, lang, out, seconds))
            if progress:
                progress(f"{ex.slug} {lang}: {out} ({seconds:.0f} s)")
    return made


def into_database(db_path: Path, *, slugs: Iterable[str] | None = None,
                  langs: Iterable[str] | None = None, voice: str | None = None,
                  progress: Progress | None = None) -> list[Made]:
    """Add the missing narrations of the database's exhibits (each exhibit in one write)."""
    from kiosk.content.seed import mark_edited
    from kiosk.curation import audit

    media_dir = store.media_dir_for(db_path)
    made = []
    wanted = set(slugs or ())
    with store.opened(db_path) as db:
        exhibits = [e for e in queries.list_exhibits(db, include_hidden=True)
                    if not wanted or e.slug in wanted]
        for ex in exhibits:
            added: list[Narration] = []
            for lang in _wanted(langs):
                if ex.narration(lang) is not None:
                    continue
                with tempfile.TemporaryDirectory(prefix="kiosk-narrate-") as tmp:
                    out = Path(tmp) / f"narration.{lang}.ogg"
                    seconds = _synthesize(ex, lang, out, voice)
                    stored = audio.import_audio(out, media_dir=media_dir, name=out.name)
                added.append(Narration(lang, stored.file, int(stored.info.duration_s * 1000),
                                       True, stored.sha256))
                made.append(Made(ex.slug, lang, media_dir / stored.file, seconds))
                if progress:
                    progress(f"{ex.slug} {lang}: {stored.file} ({seconds:.0f} s)")
            if added:
                _save(db, ex, added, audit.record, mark_edited)
    return made


def _with(ex: Exhibit, added: list[Narration]) -> Exhibit:
    """``ex`` with ``added`` where it has no narration of that language."""
    keep = {n.lang: n for n in (*added, *ex.narrations)}  # an existing one wins
    return dataclasses.replace(ex, narrations=tuple(keep[lang] for lang in LANGS if lang in keep))


def _save(db: Database, ex: Exhibit, added: list[Narration],
          record_audit: Callable[..., None], mark_edited: Callable[[Database], None]) -> None:
    from kiosk.curation import drafts

    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with db.atomic():
        store.write_exhibit(db, _with(ex, added), updated_at=stamp)
        if drafts.has_draft(db, ex.slug):  # a curator's draft would drop them on publish
            draft = drafts.load_for_edit(db, ex.slug)
            drafts.save_draft(db, ex.slug, _with(draft, added))
        record_audit(db, "narrate", target=ex.slug,
                     detail=", ".join(n.lang for n in added) + " (synthesized)")
        mark_edited(db)
