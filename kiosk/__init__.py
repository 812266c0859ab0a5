"""Touchscreen kiosk of the 模速空间（仪电） showroom."""

__version__ = "0.1.0"
