"""Place papers on a 2-D theme map: themes laid out by similarity, papers around their theme.

Theme centres are placed by metric MDS on the cosine distances between theme centroids (a
k x k problem, cheap at any archive size); each paper sits near its theme's centre, offset
along the two main directions of spread within the archive. Linear in the number of papers.
"""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import MDS

from .params import ThemeParameters


def layout(vectors: np.ndarray, numbers: np.ndarray, params: ThemeParameters) -> np.ndarray:
    """Coordinates in [0, 1] x [0, 1], one row per paper."""
    count = len(vectors)
    if count == 0:
        return np.zeros((0, 2))
    themes = int(numbers.max()) + 1
    centroids = np.vstack([vectors[numbers == t].mean(axis=0) for t in range(themes)])
    if themes >= 3:
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        unit = centroids / np.maximum(norms, 1e-12)
        distances = np.clip(1 - unit @ unit.T, 0, None)
        np.fill_diagonal(distances, 0)
        centres = MDS(
            n_components=2,
            metric="precomputed",
            init="classical_mds",
            random_state=params.seed,
            normalized_stress="auto",
        ).fit_transform((distances + distances.T) / 2)
    else:
        centres = np.array([[0.0, 0.0], [1.0, 0.0]])[:themes]
    if count >= 3 and vectors.shape[1] >= 2:
        spread = PCA(n_components=2, random_state=params.seed).fit_transform(
            vectors - centroids[numbers]
        )
    else:
        spread = np.zeros((count, 2))
    gaps = _nearest_gaps(centres)
    radius = 0.42 * gaps[numbers]
    scale = np.abs(spread).max(axis=0)
    offsets = spread / np.where(scale > 0, scale, 1)
    points = centres[numbers] + offsets * radius[:, None]
    return _to_unit_square(points)


def _nearest_gaps(centres: np.ndarray) -> np.ndarray:
    if len(centres) < 2:
        return np.ones(len(centres))
    diff = centres[:, None, :] - centres[None, :, :]
    dist = np.sqrt((diff**2).sum(axis=2))
    np.fill_diagonal(dist, np.inf)
    return dist.min(axis=1)


def _to_unit_square(points: np.ndarray) -> np.ndarray:
    low, high = points.min(axis=0), points.max(axis=0)
    span = np.where(high - low > 0, high - low, 1)
    return np.round((points - low) / span, 4)
