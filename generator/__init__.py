"""Reading Digest: turn digests of research papers into a searchable static site."""

__version__ = "0.1.0"
