"""Debian's Chromium, as the browser tests and the benchmark launch it."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    # Without these, Chromium keeps calling out, and a closed network refuses it many times.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
