"""The shipped mock-loop plans (TOML), read with importlib.resources."""
