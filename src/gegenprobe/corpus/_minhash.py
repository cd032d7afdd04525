"""Near-duplicate detection: MinHash signatures (datasketch) with LSH bands kept in the store.

Syndicated agency copies share most word 5-shingles; the bands make the lookup a few indexed queries,
so the index grows with the store and survives restarts without being rebuilt.
"""

from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

NUM_PERM = 64
# 10 bands of 6 rows: the LSH S-curve crosses 0.5 at Jaccard ~0.68, near our 0.7 threshold
BANDS, ROWS = 10, 6
SEED = 1
_SHINGLE = 5
_WORDS = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    """MinHash signature (uint64, ``NUM_PERM`` values) of the word 5-shingles of ``text``."""
    words = _WORDS.findall(text.lower())
    shingles = {" ".join(words[i : i + _SHINGLE]).encode("utf-8") for i in range(max(1, len(words) - _SHINGLE + 1))}
    from datasketch import MinHash  # here: importing it pulls in scipy.integrate (0.5 s of every start)

    # crc32 instead of datasketch's default sha1: 4x faster, and the permutations supply the randomness
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=zlib.crc32)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint64)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 64-bit key per LSH band."""
    keys = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "big", signed=True))
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)
