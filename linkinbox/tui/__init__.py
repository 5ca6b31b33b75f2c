"""The terminal inbox (Textual): the app, its screens and widgets, keys and themes."""
