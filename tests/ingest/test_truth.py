"""The parser reproduces the shared truth file exactly, and the bundled digests are the seeds."""

from __future__ import annotations

import json

from conftest import ROOT, shared_path

from generator.cli import digest_as_json
from generator.ingest.parse import parse_digest

BUNDLED = {
    "000_1876e618fe4a50b0.txt": "listing-language-model-cascades.txt",
    "001_89334c290d36f2c2.txt": "daily-mar-12.txt",
    "002_a10868335fdb0864.txt": "listing-empathetic-dialogue.txt",
    "003_88429e94ceb0c524.txt": "daily-mar-13.txt",
    "004_f450d354f81f3563.txt": "listing-model-based-rl.txt",
}


def test_parser_reproduces_truth_file() -> None:
    truth = json.loads(shared_path("truth", "seeds.json").read_text("utf-8"))
    assert set(truth) == set(BUNDLED)
    for name, expected in truth.items():
        digest = parse_digest(shared_path("seeds", name).read_bytes(), name)
        got = digest_as_json(digest)
        papers = [{"title": p["title"], "abstract": p["abstract"]} for p in got["papers"]]
        assert papers == expected["papers"], name
        assert got["date"] == expected["date"], name
        assert [f["text"] for f in got["fragments"]] == expected["fragments"], name
        assert got["warnings"] == expected["warnings"], name


def test_bundled_digests_are_the_seeds() -> None:
    for seed, bundled in BUNDLED.items():
        assert (ROOT / "digests" / bundled).read_bytes() == shared_path("seeds", seed).read_bytes()
