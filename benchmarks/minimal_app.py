"""The floor for first paint: the smallest useful Textual app (Header, one Static, Footer).

    python benchmarks/minimal_app.py

The benchmark starts it in a pseudo-terminal exactly as it starts `linkinbox`, and stops the
clock when `MARKER` is on the screen. ctrl+q quits.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

MARKER = "minimal app ready"


class MinimalApp(App[None]):
    TITLE = "minimal"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
