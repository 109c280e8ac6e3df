"""Grouping: the archive's papers in, themes and related papers out.

In: the archive's entries and the theme registry (``themes.yml``). Out: a ``model.Grouping``
(themes with stable slugs and readable labels, map positions) and the updated registry
(``group``), then each paper's related papers (``related``). Every parameter lives in
``params``. Pure: no file is read or written here.
"""
