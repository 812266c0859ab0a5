"""The fleet: many kiosks on one MQTT broker (presence, health, signed releases, commands)."""
