"""mockloop: an offline coach for spoken interview practice."""

__version__ = "0.1.0"
