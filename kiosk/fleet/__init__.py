"""The fleet: many kiosks on one MQTT broker (presence, health, signed releases, commands).

- ``protocol``: topics and JSON messages, checked field by field
- ``link``: one MQTT 5 connection (paho in its own thread), full-jitter reconnects
- ``agent``: inside every kiosk; ``host`` is what it needs from the screen
- ``author``: signs, serves (``server``), rolls out, commands; ``roster`` is its live model
- ``release`` / ``download`` / ``apply``: make, fetch and apply a signed release
- ``broker``: the ACL blocks of the broker recipe (``packaging/mosquitto/``)
- ``config``: ``[fleet]`` settings, typed; ``probe``: the link check of ``kiosk doctor``
"""
