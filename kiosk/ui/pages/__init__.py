"""The visitor pages: attract, home, exhibit, showroom info."""
