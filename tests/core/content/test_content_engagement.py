"""Take-away links, the contact card, publish windows and messages in the content folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.content import make_content

from kiosk.content import engagement, queries, store
from kiosk.content.engagement import Contact, check_link, vcard
from kiosk.content.loader import ContentError, load_content
from kiosk.content.qr import MAX_BYTES, MAX_VERSION, QrTooLong, qr_matrix
from kiosk.content.seed import seed
from kiosk.content.snapshot import read_snapshot
from kiosk.content.text import Text

REPO = Path(__file__).resolve().parents[3]


def add(path: Path, text: str, *, after: str | None = None) -> None:
    body = path.read_text(encoding="utf-8")
    if after is None:
        body = text + "\n" + body
    else:
        body = body.replace(after, after + "\n" + text + "\n", 1)
    path.write_text(body, encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_content(root)
    return err.value.problems


@pytest.mark.parametrize(("url", "why"), [
    ("http://example.org/x", "https://"),
    ("https://example.org/" + "a" * 190, "bytes long"),
    ("https:///nohost", "host"),
    ("https://exa mple.org", "spaces"),
    ("", "web address"),
    (42, "web address"),
])
def test_bad_links_are_refused_with_the_reason(url: object, why: str) -> None:
    assert why in (check_link(url) or "")


def test_good_links_pass_and_200_bytes_fit_a_version_10_code() -> None:
    assert check_link("https://example.org/modelspeed-yidian/zh/gc-ms") is None
    longest = "https://example.org/" + "展" * 60  # 20 + 180 bytes
    assert len(longest.encode()) == 200 and check_link(longest) is None
    assert qr_matrix(longest).version <= MAX_VERSION


def test_qr_matrices_are_byte_mode_qr_not_micro_and_refuse_what_does_not_fit() -> None:
    m = qr_matrix("展示")  # segno.make would pick a Micro QR in Kanji mode here
    assert m.version >= 1 and m.size == 21
    assert qr_matrix("x" * MAX_BYTES).version == MAX_VERSION
    with pytest.raises(QrTooLong, match="version 11"):
        qr_matrix("x" * (MAX_BYTES + 1))


def test_seed_refuses_bad_links_and_windows_naming_file_and_field(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    ex1 = root / "exhibits/exhibit-1/exhibit.toml"
    ex2 = root / "exhibits/exhibit-2/exhibit.toml"
    add(ex1, 'link = { zh = "http://example.org/a", en = "https://example.org/a" }\n'
             'show_from = "2026-12-01 9:00"')
    add(ex2, 'link = { zh = "https://example.org/a" }\n'
             'show_from = 2026-12-02T10:00:00\nshow_until = "2026-12-01 10:00"')
    add(root / "showroom.toml", '[apply]\nurl = "ftp://example.org"\n\n'
                                '[contact]\norganisation = { zh = "模速" }\nemail = "nope"\n')
    found = problems_of(root)
    expected = [
        "c/exhibits/exhibit-1/exhibit.toml: link.zh: must start with https://",
        "c/exhibits/exhibit-1/exhibit.toml: show_from: '2026-12-01 9:00' is not a local date-time",
        "c/exhibits/exhibit-2/exhibit.toml: link: must be one https address or",
        "c/exhibits/exhibit-2/exhibit.toml: show_until: 2026-12-01 10:00 is not after show_from",
        "c/showroom.toml: apply.url: must start with https://",
        "c/showroom.toml: contact.organisation.en: missing or empty",
        "c/showroom.toml: contact.email: 'nope' is not an e-mail address",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in found), (line, found)


def test_seed_stores_links_card_windows_and_messages(tmp_path: Path) -> None:
    root = make_content(tmp_path / "c")
    add(root / "exhibits/exhibit-1/exhibit.toml",
        'link = "https://example.org/e1"\nshow_from = "2026-12-01 09:00"')
    add(root / "showroom.toml", '''
[contact]
organisation = { zh = "模速空间（仪电）", en = "ModelSpeed Space (INESA)" }
department = { zh = "招商", en = "Residents" }
address = { zh = "宜州路", en = "Yizhou Road" }
phone = "+86 21 1234 5678"
email = "PLACEHOLDER a@example.org"

[[messages]]
kind = "welcome"
text = { zh = "欢迎代表团", en = "Welcome, delegation" }
start = 2026-12-01T09:00:00
end = "2026-12-01 12:00"
''')
    db = tmp_path / "k.db"
    seed(db, root)
    snap = read_snapshot(db)
    e1 = snap.exhibit("exhibit-1")
    assert e1 is not None
    assert e1.link == Text("https://example.org/e1", "https://example.org/e1")
    assert e1.show_from == "2026-12-01 09:00" and e1.show_until == ""
    assert snap.contact is not None and snap.contact.phone == "+86 21 1234 5678"
    assert snap.contact.usable("email") == ""  # a placeholder is shown to nobody
    assert [m.text.en for m in snap.messages] == ["Welcome, delegation"]
    assert snap.messages[0].starts_at == "2026-12-01 09:00"
    # the publish window: before 09:00 exhibit-1 is not there for visitors
    assert [e.slug for e in snap.at("2026-12-01 08:59").exhibits] == ["exhibit-2"]
    assert [e.slug for e in snap.at("2026-12-01 09:00").exhibits] == ["exhibit-1", "exhibit-2"]
    with store.opened(db) as d:
        left = engagement.placeholders(contact=queries.showroom_contact(d), apply=None,
                                       exhibit_links={"exhibit-1": e1})
    assert left == ["contact.email is a placeholder (PLACEHOLDER a@example.org)",
                    "exhibits/exhibit-1: link.zh is an example.org link (https://example.org/e1)",
                    "exhibits/exhibit-1: link.en is an example.org link (https://example.org/e1)"]


def test_vcard_is_3_0_escaped_and_sheds_the_address_to_fit() -> None:
    c = Contact(Text("模速空间（仪电）", "ModelSpeed; Space"), Text("招商", "Residents, B3"),
                Text("宜州路", "Yizhou Road, Xuhui"), phone="+86 21 1234 5678",
                email="PLACEHOLDER x@example.org", web="https://example.org/w")
    card = vcard(c, "en")
    lines = card.split("\r\n")
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"] and lines[-2:] == ["END:VCARD", ""]
    assert "FN:ModelSpeed\\; Space" in lines
    assert "ORG:ModelSpeed\\; Space;Residents\\, B3" in lines
    assert "ADR;TYPE=WORK:;;Yizhou Road\\, Xuhui;;;;" in lines
    assert "TEL;TYPE=WORK,VOICE:+86 21 1234 5678" in lines
    assert not any(x.startswith("EMAIL") for x in lines)  # placeholder left out
    full = len(vcard(c, "zh").encode())
    small = vcard(c, "zh", max_bytes=full - 1)  # the address goes first, the department next
    assert "ADR" not in small and "ORG:模速空间（仪电）;招商\r\n" in small
    assert "招商" not in vcard(c, "zh", max_bytes=len(small.encode()) - 1)


def test_bundled_content_declares_links_and_marks_its_placeholders() -> None:
    content = load_content(REPO / "content")
    links = {e.slug: e.record.link_for("zh") for e in content.exhibits}
    assert all(links[s] for s in ("gc-ms", "titration-robot", "robot-training-ground"))
    assert content.contact is not None and content.apply is not None
    assert "宜州路" in content.contact.address.zh
    left = engagement.placeholders(contact=content.contact, apply=content.apply,
                                   exhibit_links={e.slug: e.record for e in content.exhibits})
    assert any("contact.phone is a placeholder" in x for x in left)
    assert any("contact.email is a placeholder" in x for x in left)
    assert sum("example.org link" in x for x in left) == 8
    for lang in ("zh", "en"):
        assert qr_matrix(vcard(content.contact, lang, max_bytes=MAX_BYTES)).version <= 10
