"""Running 24/7: logs, crash and hang handling, single instance, backups and self-healing.

Everything here is Qt-free except ``kiosk.ui.supervision``, which drives the heartbeat and the
systemd notifications from the GUI thread. ``kiosk.ops.startup.start`` ties the pieces together.
"""
