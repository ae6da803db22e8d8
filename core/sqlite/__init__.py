"""SQLite with search and sorting in every script (see `base`)."""
