"""Pure numpy analysis of instrument curves: titration, chromatography, learning curves."""
