#!/usr/bin/env bash
# Install the kiosk on a Linux PC from the copied build folder and make it start on boot.
#
#   sudo ./install.sh [--user NAME] [--cage] [--dest DIR]
#
# It lives in the build as kiosk/install/linux/install.sh (and in the repository as
# packaging/linux/install.sh, using dist/kiosk after `make dist`). Default recipe: X11 desktop with
# autologin + a systemd user service. --cage: no desktop, cage on tty1 (system service).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
SRC=""
for c in "$HERE/../.." "$HERE/../../dist/kiosk" "$PWD"; do
    if [ -x "$c/kiosk" ]; then SRC="$(cd "$c" && pwd)"; break; fi
done
[ -n "$SRC" ] || { echo "install.sh: no kiosk build found (run make dist, or copy dist/kiosk)" >&2; exit 2; }

KUSER="${SUDO_USER:-$(id -un)}"
MODE=x11
DEST=""
while [ $# -gt 0 ]; do
    case "$1" in
        --user) KUSER="$2"; shift 2 ;;
        --cage) MODE=cage; shift ;;
        --dest) DEST="$2"; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
KHOME="$(getent passwd "$KUSER" | cut -d: -f6)"
[ -n "$KHOME" ] || { echo "install.sh: no such user $KUSER" >&2; exit 2; }
if [ -z "$DEST" ]; then
    if [ "$(id -u)" = 0 ]; then DEST=/opt/kiosk; else DEST="$KHOME/kiosk"; fi
fi
as_user() { if [ "$(id -un)" = "$KUSER" ]; then "$@"; else sudo -u "$KUSER" XDG_RUNTIME_DIR="/run/user/$(id -u "$KUSER")" "$@"; fi; }

echo "== copying $SRC -> $DEST"
mkdir -p "$DEST"
if [ "$SRC" != "$DEST" ]; then
    # rsync keeps an existing install's unchanged files; cp is enough on a fresh PC
    if command -v rsync >/dev/null; then rsync -a --delete "$SRC/" "$DEST/"; else cp -a "$SRC/." "$DEST/"; fi
fi
install -m 0755 "$HERE/kiosk-session.sh" "$DEST/kiosk-session.sh"

if [ "$MODE" = cage ]; then
    command -v cage >/dev/null || { echo "install.sh: install cage first: apt-get install cage" >&2; exit 2; }
    [ "$(id -u)" = 0 ] || { echo "install.sh: --cage needs sudo" >&2; exit 2; }
    echo "== installing /etc/systemd/system/kiosk-cage.service (user $KUSER, tty1)"
    sed -e "s|@KIOSK_DIR@|$DEST|g" -e "s|@KIOSK_USER@|$KUSER|g" "$HERE/kiosk-cage.service" \
        > /etc/systemd/system/kiosk-cage.service
    systemctl daemon-reload
    systemctl set-default graphical.target
    systemctl enable kiosk-cage.service
else
    UNIT_DIR="$KHOME/.config/systemd/user"
    echo "== installing $UNIT_DIR/kiosk.service (user $KUSER)"
    mkdir -p "$UNIT_DIR"
    sed -e "s|@KIOSK_DIR@|$DEST|g" "$HERE/kiosk.service" > "$UNIT_DIR/kiosk.service"
    chown -R "$KUSER": "$KHOME/.config/systemd" 2>/dev/null || true
    # lingering: the user's systemd runs from boot, not only while someone is logged in
    loginctl enable-linger "$KUSER" || echo "install.sh: could not enable lingering (loginctl)" >&2
    as_user systemctl --user daemon-reload || true
    as_user systemctl --user enable kiosk.service \
        || echo "install.sh: enable it after the first login: systemctl --user enable --now kiosk" >&2
    echo "   make sure the desktop logs $KUSER in automatically (autologin) on boot"
fi

# the audio guide and videos play through the user's sound server: PipeWire (pipewire-pulse,
# Debian 12 / Ubuntu 22.10 and later) or PulseAudio. Both run as the kiosk user's systemd
# services, socket-activated; lingering keeps them there from boot in both recipes.
echo "== sound server"
if dpkg -s pipewire-pulse >/dev/null 2>&1 || dpkg -s pulseaudio >/dev/null 2>&1; then
    echo "   found: $(dpkg -s pipewire-pulse >/dev/null 2>&1 && echo pipewire-pulse || echo pulseaudio)"
    loginctl enable-linger "$KUSER" 2>/dev/null || true
else
    echo "install.sh: no sound server: narrations and videos will be silent. Install one:" >&2
    echo "   sudo apt-get install pipewire-pulse wireplumber   (or: sudo apt-get install pulseaudio)" >&2
fi

echo "== kiosk doctor"
as_user env QT_QPA_PLATFORM=offscreen "$DEST/kiosk" doctor || true
echo "== done. Reboot to check that the kiosk starts by itself."
