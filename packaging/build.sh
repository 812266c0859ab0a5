#!/usr/bin/env bash
# Build dist/kiosk/ (PyInstaller, one folder) from a separate lean venv, .venv-dist:
# only the runtime dependencies of pyproject.toml plus PyInstaller, so no test tools,
# no full PySide6 (WebEngine etc.) end up in the folder installers copy.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV_DIST:-.venv-dist}
start=$(date +%s)

if [ ! -x "$VENV/bin/python" ] && [ ! -x "$VENV/Scripts/python.exe" ]; then
    "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"; [ -x "$PY" ] || PY="$VENV/Scripts/python.exe"

# the runtime dependencies and PyInstaller, exact versions and hashes from the lock
"$PY" -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dist.txt

rm -rf dist/kiosk build/pyinstaller
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/kiosk.spec

# the installer's scripts and instructions travel inside the one folder they copy
mkdir -p dist/kiosk/install
cp -r packaging/linux packaging/windows dist/kiosk/install/
cp packaging/README-installers.md dist/kiosk/install/README.md

end=$(date +%s)
size_mb=$(du -sm dist/kiosk | cut -f1)
echo "dist_dir: dist/kiosk"
echo "dist_size_mb: $size_mb"
echo "dist_build_s: $((end - start))"
if [ "$size_mb" -gt 350 ]; then
    echo "WARNING: dist/kiosk is ${size_mb} MB, over the 350 MB budget" >&2
fi
