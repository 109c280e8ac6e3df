"""Tools for developers, not part of a build: the benchmark (``make bench``), the theme
quality bench (``make bench-themes``) and how the browser tests launch Chromium."""
