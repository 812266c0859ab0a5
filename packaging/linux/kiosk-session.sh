#!/bin/sh
# X11 kiosk session: no screen saver, no blanking, no power saving, no cursor; then the kiosk.
# `exec` keeps the kiosk's PID the service's main PID (systemd's watchdog and READY=1 need it).
HERE="$(cd "$(dirname "$0")" && pwd)"
: "${DISPLAY:=:0}"
export DISPLAY
if command -v xset >/dev/null 2>&1; then
    xset s off          # no screen saver
    xset s noblank      # no blanking
    xset -dpms          # no monitor power saving
fi
# hide the mouse pointer when idle (the kiosk also hides it; unclutter covers the desktop)
if command -v unclutter >/dev/null 2>&1; then
    unclutter -idle 1 -root >/dev/null 2>&1 &
fi
exec "$HERE/kiosk" "$@"
