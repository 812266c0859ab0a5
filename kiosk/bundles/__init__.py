"""Content bundles: a zip of the content folder format plus ``manifest.json``. No Qt here."""
