"""Data sources, one per instrument: simulator, replay, mqtt, tcp, serial."""
