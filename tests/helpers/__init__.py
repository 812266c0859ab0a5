"""Shared test helpers, one module per part of the kiosk: ``from helpers.fleet import …``.

``tests/`` is on ``sys.path`` (``tests/conftest.py`` lives there), so every test, conftest and
bench imports these by the package name. The core helpers (``clock``, ``net``, ``content``,
``ops``, ``bundles``, ``curation``, ``sensors``, ``fleet``, ``media``, ``pulse``) import no
Qt: tests/core runs with PySide6 never imported. ``touch``, ``visitor``, ``admin`` and
``access`` are Qt and are for tests/ui only. This file imports nothing, so importing one
helper never loads another.
"""
