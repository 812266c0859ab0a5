"""Anonymous visitor statistics: events in their own SQLite file, visits, reports, exports.

Qt-free. No personal data of any kind: an event is a time, a visit number, a kind, a target
(a page, an exhibit slug, a language) and a number.
"""
