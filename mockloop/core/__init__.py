"""Headless core: no Textual, no SQLModel. Slow or native imports stay inside functions."""
