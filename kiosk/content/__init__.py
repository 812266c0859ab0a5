"""Exhibits and showroom texts in SQLite: schema, queries, seeding. No Qt here."""
