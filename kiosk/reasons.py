"""Problem messages with a stable code.

The core explains a refusal in English, naming the file and the field; the screens add the
curator's language by looking the code up (``kiosk.ui.texts``, key ``reason.<code>``), never
by matching words of the English text. A ``Reason`` is a ``str`` (the message), so logs, audit
lines and joins keep working; ``code`` says what kind of problem it is.
"""

from __future__ import annotations


class Reason(str):
    """One problem: the English message (naming what is wrong) and its ``code``."""

    code: str

    def __new__(cls, code: str, message: str) -> Reason:
        self = super().__new__(cls, message)
        self.code = code
        return self

    def __reduce__(self) -> tuple[type[Reason], tuple[str, str]]:
        return Reason, (self.code, str(self))


class CodedError(Exception):
    """A refusal whose message names the file and the reason, ``code`` the kind of problem."""

    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)

    @property
    def reason(self) -> Reason:
        return Reason(self.code, str(self))


def code_of(message: object) -> str:
    """The code of a ``Reason`` or of an exception carrying one ("" when it has none)."""
    return str(getattr(message, "code", "") or "")
