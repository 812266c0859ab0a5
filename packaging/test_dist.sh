#!/usr/bin/env bash
# Smoke-test the frozen build in a throw-away data dir: seed, offscreen screenshots, doctor;
# the real window under Xvfb and under cage, screenshot checked to be the attract page
# (test_screens.sh); then the folder's size and the time to first paint. Non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${DIST:-dist/kiosk}
BIN="$DIST/kiosk"; [ -x "$BIN" ] || BIN="$DIST/kiosk-console.exe"
[ -x "$BIN" ] || { echo "no frozen kiosk in $DIST: run packaging/build.sh (make dist)" >&2; exit 2; }
PY=${PYTHON:-python3}; [ -x .venv-dist/bin/python ] && PY=.venv-dist/bin/python

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# everything the kiosk writes goes under $T (platformdirs honours the XDG variables)
export QT_QPA_PLATFORM=offscreen XDG_DATA_HOME="$T/data" XDG_CONFIG_HOME="$T/config" \
       XDG_STATE_HOME="$T/state" XDG_CACHE_HOME="$T/cache"
unset NOTIFY_SOCKET WATCHDOG_USEC DISPLAY WAYLAND_DISPLAY || true

step() { echo "--- $*"; }
step "seed";   "$BIN" seed --db "$T/k.db"
step "shot home";   "$BIN" shot "$T/home.png" --page home --db "$T/k.db"
step "shot exhibit"; "$BIN" shot "$T/ex.png" --page exhibit:gc-ms --db "$T/k.db"
for png in "$T/home.png" "$T/ex.png"; do
    head -c 8 "$png" | od -An -tx1 | grep -q "89 50 4e 47" \
        || { echo "FAIL: $png is not a PNG" >&2; exit 1; }
done
step "doctor"; "$BIN" doctor --db "$T/k.db"
# the speech engine with the build's trimmed espeak data: one Mandarin narration, decoded back
step "narrate"
mkdir -p "$T/content" && cp -r "$DIST/_internal/content/." "$T/content/" 2>/dev/null \
    || cp -r "$DIST/content/." "$T/content/"
rm "$T/content/exhibits/yidian-branch/audio/narration.zh.ogg"
"$BIN" narrate --content "$T/content" --slug yidian-branch --lang zh
"$BIN" seed --db "$T/k2.db" --content "$T/content"

step "screens: the attract page under Xvfb (xcb) and cage (Wayland, headless)"
"$BIN" shot "$T/ref.png" --page attract --size 1280x720 --db "$T/k.db"
bash packaging/test_screens.sh "$BIN" "$T" "$PY"
if command -v Xvfb >/dev/null; then  # the on-screen keyboard opens, on its Pinyin layout
    step "keyboard (Xvfb)"
    # a free display number, chosen by Xvfb itself (other builds may run beside this one)
    Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$T/display" >/dev/null 2>&1 &
    XVFB=$!
    for _ in $(seq 50); do [ -s "$T/display" ] && break; sleep 0.1; done
    out=$(DISPLAY=":$(head -1 "$T/display")" QT_QPA_PLATFORM=xcb "$BIN" doctor --db "$T/k.db" \
          | grep keyboard || true)
    kill "$XVFB"
    echo "$out"
    echo "$out" | grep -q "OK    keyboard   on-screen keyboard opens (zh_CN)" \
        || { echo "FAIL: the on-screen keyboard did not open in the frozen build" >&2; exit 1; }
fi

LOG="$T/state/kiosk/log/kiosk.log"
step "first paint"
"$PY" packaging/first_paint.py "$BIN" "$T/k.db" "$LOG" 3
echo "dist_size_mb: $(du -sm "$DIST" | cut -f1)"
echo "test-dist: OK"
