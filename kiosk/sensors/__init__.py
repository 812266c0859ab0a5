"""Live instrument data without any GUI: channels, sources, the hub and the replay fallback.

Everything here runs on one asyncio loop (qasync in the app); channels are only touched on
that loop's thread, so they need no locks.
"""
