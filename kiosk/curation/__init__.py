"""Curator admin mode without any screen: PIN and lockout, drafts and publishing, audit log."""
