"""Argument parsing for the audit and rule-authoring subcommands (their work lives beside this module)."""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the audit subcommands; each sets ``func`` to a callable(args) -> exit code."""
