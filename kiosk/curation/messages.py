"""Curators' scheduled messages: create, edit and delete, each with its audit entry."""

from __future__ import annotations

from sqlite_utils import Database

from kiosk.content import messages as schedule
from kiosk.content import queries
from kiosk.content.messages import Message
from kiosk.content.seed import mark_edited, now_iso
from kiosk.curation import audit


class MessageRefused(ValueError):
    """The message cannot be saved; ``problems`` lists ``field: why`` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def list_messages(db: Database) -> list[Message]:
    return queries.scheduled_messages(db)


def save_message(db: Database, message: Message) -> int:
    """Insert (id 0) or update the message; returns its id. Refused when incomplete."""
    problems = schedule.problems(message)
    if problems:
        raise MessageRefused(problems)
    row = {**schedule.to_row(message), "updated_at": now_iso()}
    with db.atomic():
        if message.id:
            found = db.execute("SELECT 1 FROM messages WHERE id = ?", [message.id]).fetchone()
            if not found:
                raise MessageRefused([f"id: no message {message.id} (deleted meanwhile?)"])
            db.execute("UPDATE messages SET kind = ?, text_zh = ?, text_en = ?, starts_at = ?, "
                       "ends_at = ?, updated_at = ? WHERE id = ?",
                       [row["kind"], row["text_zh"], row["text_en"], row["starts_at"],
                        row["ends_at"], row["updated_at"], message.id])
            mid = message.id
        else:
            cur = db.execute("INSERT INTO messages (kind, text_zh, text_en, starts_at, ends_at, "
                             "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                             [row["kind"], row["text_zh"], row["text_en"], row["starts_at"],
                              row["ends_at"], row["updated_at"]])
            mid = int(cur.lastrowid or 0)
        audit.record(db, "message_save", target=f"{message.kind} {message.starts_at}",
                     detail=message.text.en[:60])
        mark_edited(db)
    return mid


def delete_message(db: Database, message_id: int) -> None:
    with db.atomic():
        rows = list(db["messages"].rows_where("id = ?", [message_id]))
        if not rows:
            return
        db.execute("DELETE FROM messages WHERE id = ?", [message_id])
        audit.record(db, "message_delete", target=f"{rows[0]['kind']} {rows[0]['starts_at']}",
                     detail=str(rows[0]["text_en"])[:60])
        mark_edited(db)
