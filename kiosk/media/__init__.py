"""Image import: decode safely, normalise to 8-bit sRGB, store content-addressed. No Qt here."""
