"""Reading: digest files in, records out.

In: the bytes of each file in ``digests/``. Out: a ``model.Digest`` per file (``parse``), then
one ``model.Archive`` of unique papers with their provenance (``merge``). Pure but for
``files``, which finds and reads the files.
"""
