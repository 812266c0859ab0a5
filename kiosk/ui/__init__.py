"""The visitor UI (PySide6). Everything below reads content through kiosk.content."""
