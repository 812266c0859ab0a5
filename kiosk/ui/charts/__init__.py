"""Live charts on exhibit pages (pyqtgraph), fed by kiosk.sensors channels."""
