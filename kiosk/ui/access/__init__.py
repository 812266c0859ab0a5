"""Accessibility: the modes a visitor turns on (large text, high contrast, reach, reduce motion,
read-aloud), the panel that switches them, the "still there?" warning, keyboard operation, and
the panel's physical geometry that sizes touch targets and the reach band."""
