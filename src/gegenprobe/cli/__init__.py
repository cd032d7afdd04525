"""Command-line interface (Typer + Rich)."""

from ._app import app, main

__all__ = ["app", "main"]
