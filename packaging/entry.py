"""PyInstaller entry point: the frozen ``kiosk`` binary is ``kiosk.cli.main``."""

from kiosk.cli import main

raise SystemExit(main())
