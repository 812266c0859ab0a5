"""The engagement fields of the content: take-away links, the contact card, publish windows.

Every exhibit field this module adds (``link``, ``show_from``, ``show_until``) is read from
TOML, checked, stored in the database, read back and exported here, so that one place knows
them. Qt-free.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

from kiosk.content.text import Text

LANGS = ("zh", "en")
LINK_MAX_BYTES = 200
# a value an installer still has to fill in; shown to nobody, warned about by `kiosk doctor`
PLACEHOLDER = "PLACEHOLDER"
EXAMPLE_DOMAIN = "example.org"
TIME_FORMAT = "%Y-%m-%d %H:%M"
_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")

Fail = Callable[[str, str], None]  # (field, why)


def check_link(url: object) -> str | None:
    """Why ``url`` cannot be a take-away link (None when it can): https, a host, ≤ 200 bytes."""
    if not isinstance(url, str) or not url.strip():
        return "must be a web address (https://…)"
    if url != url.strip() or any(c.isspace() for c in url):
        return "must not contain spaces"
    size = len(url.encode("utf-8"))
    if size > LINK_MAX_BYTES:
        return f"is {size} bytes long; at most {LINK_MAX_BYTES} fit a QR code a phone reads well"
    parts = urlsplit(url)
    if parts.scheme != "https":
        return "must start with https:// (phones warn about plain http)"
    if not parts.hostname or "." not in parts.hostname:
        return "has no host name (https://host.domain/…)"
    return None


def is_placeholder(value: str) -> bool:
    return value.strip().upper().startswith(PLACEHOLDER)


def is_example_link(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == EXAMPLE_DOMAIN or host.endswith("." + EXAMPLE_DOMAIN)


def short_url(url: str) -> str:
    """What is printed under a QR code: the address without ``https://`` and a final ``/``."""
    out = url.removeprefix("https://")
    return out[:-1] if out.endswith("/") and out.count("/") == 1 else out


# --- local date-times (publish windows, messages) ------------------------------------------

def parse_local_time(value: object) -> str | None:
    """A TOML local date-time or ``"YYYY-MM-DD HH:MM"`` → ``"YYYY-MM-DD HH:MM"``; None if bad."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            return None
        return value.strftime(TIME_FORMAT)
    if isinstance(value, str) and _TIME_RE.match(value.strip()):
        text = value.strip().replace("T", " ")[:16]
        try:
            dt.datetime.strptime(text, TIME_FORMAT)
        except ValueError:
            return None
        return text
    return None


def check_window(fail: Fail, start_key: str, start: object, end_key: str, end: object, *,
                 required: bool) -> tuple[str | None, str | None]:
    """Two optional (or required) local times, the second after the first."""
    out: list[str | None] = []
    for key, raw in ((start_key, start), (end_key, end)):
        if raw is None or raw == "":
            if required:
                fail(key, 'missing: a local date-time "YYYY-MM-DD HH:MM"')
            out.append(None)
            continue
        parsed = parse_local_time(raw)
        if parsed is None:
            fail(key, f'{raw!r} is not a local date-time "YYYY-MM-DD HH:MM"')
        out.append(parsed)
    if out[0] and out[1] and out[1] <= out[0]:
        fail(end_key, f"{out[1]} is not after {start_key} {out[0]}")
    return out[0], out[1]


def within(now_local: str, start: str | None, end: str | None) -> bool:
    """Is ``now_local`` (``YYYY-MM-DD HH:MM``) in [start, end)? Open ends are unbounded."""
    return (start is None or start <= now_local) and (end is None or now_local < end)


# --- exhibit fields ------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class ExhibitEngagement:
    """An exhibit's take-away link per language and its publish window (local times)."""

    link: Text | None = None
    show_from: str | None = None
    show_until: str | None = None

    def link_for(self, lang: str) -> str:
        return self.link.get(lang) if self.link else ""

    def shown_at(self, now_local: str) -> bool:
        return within(now_local, self.show_from, self.show_until)


NO_ENGAGEMENT = ExhibitEngagement()
COLUMNS = {"link_zh": str, "link_en": str, "show_from": str, "show_until": str}


def parse_exhibit(data: Mapping[str, Any], fail: Fail) -> ExhibitEngagement:
    """Check ``link``, ``show_from`` and ``show_until`` of an exhibit.toml (normalized times)."""
    link: Text | None = None
    raw = data.get("link")
    if (isinstance(raw, dict) and not any(raw.values())) or raw == "":
        raw = None  # an empty link (as exported for an exhibit without one) is no link
    if raw is not None:
        langs = dict.fromkeys(LANGS, raw) if isinstance(raw, str) else raw
        if not isinstance(langs, dict) or set(langs) != set(LANGS):
            fail("link", 'must be one https address or { zh = "https://…", en = "https://…" }')
        else:
            for lang in LANGS:
                why = check_link(langs[lang])
                if why:
                    fail(f"link.{lang}" if not isinstance(raw, str) else "link", why)
            link = Text(str(langs["zh"]), str(langs["en"]))
    start, end = check_window(fail, "show_from", data.get("show_from"),
                              "show_until", data.get("show_until"), required=False)
    return ExhibitEngagement(link, start, end)


def to_row(e: ExhibitEngagement) -> dict[str, Any]:
    return {"link_zh": e.link.zh if e.link else None, "link_en": e.link.en if e.link else None,
            "show_from": e.show_from, "show_until": e.show_until}


def from_row(row: Mapping[str, Any]) -> ExhibitEngagement:
    zh, en = row.get("link_zh"), row.get("link_en")
    link = Text(zh, en) if zh and en else None
    return ExhibitEngagement(link, row.get("show_from") or None, row.get("show_until") or None)


def to_toml(e: ExhibitEngagement) -> dict[str, Any]:
    """The exhibit.toml keys (absent when unset)."""
    out: dict[str, Any] = {}
    if e.link:
        out["link"] = {"zh": e.link.zh, "en": e.link.en}
    if e.show_from:
        out["show_from"] = e.show_from
    if e.show_until:
        out["show_until"] = e.show_until
    return out


# --- the showroom's contact card and apply link --------------------------------------------

@dataclasses.dataclass(frozen=True)
class Contact:
    """The showroom's contact card; placeholder values are kept but shown to nobody."""

    organisation: Text
    department: Text
    address: Text
    phone: str = ""
    email: str = ""
    web: str = ""

    def usable(self, field: str) -> str:
        value = str(getattr(self, field))
        return "" if is_placeholder(value) else value


@dataclasses.dataclass(frozen=True)
class Apply:
    url: str
    label: Text


CONTACT_TEXTS = ("organisation", "department", "address")
CONTACT_PLAIN = ("phone", "email", "web")
APPLY_LABEL = Text("入驻咨询", "Apply to join")


def parse_contact(raw: object, fail: Fail,
                  bilingual: Callable[[str, object], dict[str, str]]) -> Contact | None:
    """``[contact]`` of showroom.toml; ``bilingual(field, value)`` checks a zh/en table."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        fail("contact", "must be a table")
        return None
    texts = {f: bilingual(f"contact.{f}", raw.get(f)) for f in CONTACT_TEXTS}
    plain: dict[str, str] = {}
    for f in CONTACT_PLAIN:
        value = raw.get(f, "")
        if not isinstance(value, str):
            fail(f"contact.{f}", "must be text")
            value = ""
        plain[f] = value.strip()
    if plain["web"] and not is_placeholder(plain["web"]):
        why = check_link(plain["web"])
        if why:
            fail("contact.web", why)
    email = plain["email"]
    if email and not is_placeholder(email) and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        fail("contact.email", f"{email!r} is not an e-mail address")
    for extra in sorted(set(raw) - set(CONTACT_TEXTS) - set(CONTACT_PLAIN)):
        fail(f"contact.{extra}", "unknown field")
    return Contact(organisation=Text(**texts["organisation"]),
                   department=Text(**texts["department"]), address=Text(**texts["address"]),
                   phone=plain["phone"], email=plain["email"], web=plain["web"])


def parse_apply(raw: object, fail: Fail,
                bilingual: Callable[[str, object], dict[str, str]]) -> Apply | None:
    """``[apply]`` of showroom.toml: ``url`` and an optional ``label``."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        fail("apply", "must be a table with url")
        return None
    why = check_link(raw.get("url"))
    if why:
        fail("apply.url", why)
    label = (Text(**bilingual("apply.label", raw["label"])) if "label" in raw else APPLY_LABEL)
    return Apply(str(raw.get("url") or ""), label)


def contact_to_json(c: Contact | None) -> str | None:
    if c is None:
        return None
    data = {f: ({"zh": getattr(c, f).zh, "en": getattr(c, f).en} if f in CONTACT_TEXTS
                else getattr(c, f)) for f in (*CONTACT_TEXTS, *CONTACT_PLAIN)}
    return json.dumps(data, ensure_ascii=False)


def contact_from_json(text: str | None) -> Contact | None:
    if not text:
        return None
    data = json.loads(text)

    def t(f: str) -> Text:
        return Text(data[f]["zh"], data[f]["en"])

    return Contact(organisation=t("organisation"), department=t("department"),
                   address=t("address"), phone=data.get("phone", ""),
                   email=data.get("email", ""), web=data.get("web", ""))


def apply_to_json(a: Apply | None) -> str | None:
    if a is None:
        return None
    return json.dumps({"url": a.url, "label": {"zh": a.label.zh, "en": a.label.en}},
                      ensure_ascii=False)


def apply_from_json(text: str | None) -> Apply | None:
    if not text:
        return None
    data = json.loads(text)
    return Apply(data["url"], Text(data["label"]["zh"], data["label"]["en"]))


def contact_to_toml(c: Contact) -> dict[str, Any]:
    return {f: ({"zh": getattr(c, f).zh, "en": getattr(c, f).en} if f in CONTACT_TEXTS
                else getattr(c, f)) for f in (*CONTACT_TEXTS, *CONTACT_PLAIN) if getattr(c, f)}


def apply_to_toml(a: Apply) -> dict[str, Any]:
    return {"url": a.url, "label": {"zh": a.label.zh, "en": a.label.en}}


# --- vCard 3.0 ------------------------------------------------------------------------------

def _esc(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def vcard(c: Contact, lang: str, *, max_bytes: int | None = None) -> str:
    """The contact card as vCard 3.0 text in ``lang`` (placeholders left out).

    With ``max_bytes``, the address and then the department are dropped until it fits (a QR
    code of version 10 holds 213 bytes): a phone must read the code at arm's length.
    """
    org, dept = c.organisation.get(lang), c.department.get(lang)
    optional = {"adr": c.address.get(lang), "dept": dept}
    while True:
        lines = ["BEGIN:VCARD", "VERSION:3.0", "N:;;;;", f"FN:{_esc(org)}",
                 f"ORG:{_esc(org)}" + (f";{_esc(optional['dept'])}" if optional["dept"] else "")]
        if c.usable("phone"):
            lines.append(f"TEL;TYPE=WORK,VOICE:{_esc(c.usable('phone'))}")
        if c.usable("email"):
            lines.append(f"EMAIL;TYPE=INTERNET:{_esc(c.usable('email'))}")
        if optional["adr"]:
            lines.append(f"ADR;TYPE=WORK:;;{_esc(optional['adr'])};;;;")
        if c.usable("web"):
            lines.append(f"URL:{c.usable('web')}")
        lines.append("END:VCARD")
        text = "\r\n".join(lines) + "\r\n"
        if max_bytes is None or len(text.encode("utf-8")) <= max_bytes:
            return text
        dropped = next((k for k in ("adr", "dept") if optional[k]), None)
        if dropped is None:
            return text
        optional[dropped] = ""


# --- what an installer still has to fill in ------------------------------------------------

def placeholders(*, contact: Contact | None, apply: Apply | None,
                 exhibit_links: Mapping[str, Any]) -> list[str]:
    """Every placeholder value and example.org link, one line each (for ``kiosk doctor``);
    ``exhibit_links`` maps slugs to anything with ``link_for(lang)`` (a record)."""
    out: list[str] = []
    if contact is not None:
        for f in (*CONTACT_PLAIN,):
            value = str(getattr(contact, f))
            if value and is_placeholder(value):
                out.append(f"contact.{f} is a placeholder ({value})")
            elif f == "web" and value and is_example_link(value):
                out.append(f"contact.web is an {EXAMPLE_DOMAIN} link ({value})")
    if apply is not None and is_example_link(apply.url):
        out.append(f"apply.url is an {EXAMPLE_DOMAIN} link ({apply.url})")
    for slug, e in sorted(exhibit_links.items()):
        for lang in LANGS:
            url = e.link_for(lang)
            if url and is_example_link(url):
                out.append(f"exhibits/{slug}: link.{lang} is an {EXAMPLE_DOMAIN} link ({url})")
    return out
