#!/usr/bin/env python3
"""Peer timing for OnnxMlpBenchmarks: the same MLP 50-128-64-2, batch 1,024, single-threaded.

numpy (OpenBLAS, OPENBLAS_NUM_THREADS=1) always; ONNX Runtime too when the onnxruntime module exists
(it is not packaged for this machine). Usage: OPENBLAS_NUM_THREADS=1 python3 mlp_peer.py
"""
import os
import time

import numpy as np

rng = np.random.default_rng(1)
w1, w2, w3 = (rng.random((o, i), dtype=np.float32) - 0.5 for i, o in [(50, 128), (128, 64), (64, 2)])
b1, b2, b3 = np.zeros(128, np.float32), np.zeros(64, np.float32), np.zeros(2, np.float32)
x = rng.random((1024, 50), dtype=np.float32)


def mlp(x):
    h = np.maximum(x @ w1.T + b1, 0)
    h = np.maximum(h @ w2.T + b2, 0)
    z = h @ w3.T + b3
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def bench(f, n=2000):
    for _ in range(50):
        f()
    t = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t) / n * 1e6


print(f"numpy (threads={os.environ.get('OPENBLAS_NUM_THREADS', 'default')}): {bench(lambda: mlp(x)):.1f} us per batch of 1024")
try:
    import onnxruntime  # noqa: F401
    print("onnxruntime is installed: export the model with OnnxMlpBenchmarks.Mlp() and time InferenceSession.run here.")
except ImportError:
    print("onnxruntime: not installed on this machine (not in Debian or the reachable registries).")
