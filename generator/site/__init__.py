"""Publishing: ``docs/`` in, the static site out.

In: the generated and hand-written pages under ``docs/``. Out: ``site/``, built by MkDocs
(``builder``, with ``mkdocs_hooks`` and ``sitemap_hooks`` loaded by MkDocs itself) and
indexed for search by Pagefind (``search_index``).
"""
