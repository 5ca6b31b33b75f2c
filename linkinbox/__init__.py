"""linkinbox: a keyboard-driven terminal inbox for LinkedIn connection requests."""

__version__ = "0.1.0"
