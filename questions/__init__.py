"""The question bank shipped with mockloop (TOML files; see README)."""
