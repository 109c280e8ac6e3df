"""Rendering: records in, Markdown out.

In: the ``model.Archive`` and its ``model.Grouping``. Out: the plan of generated files, a
mapping from path under ``docs/`` to text (``render.render_site``). Pure functions; every text
from the input is escaped here (``markup``).
"""
