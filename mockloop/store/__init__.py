"""Storage: SQLModel tables on SQLite, an engine factory, and keyword-only query functions."""
