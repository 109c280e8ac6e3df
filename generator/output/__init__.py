"""Writing: the plan of pages in, files under ``docs/`` out.

In: ``{path: text}`` from ``pages``. Out: the files of ``docs/`` that changed, the manifest of
what the generator owns (``write``) and the record of the last build (``record``). The only
package that writes generated pages.
"""
