"""Generates the scan benchmark corpus (run with Debian's /usr/bin/python3: needs torch and numpy).

    /usr/bin/python3 make_scan_corpus.py OUT_DIR [--gigabytes 1.0] [--tensors 3000] [--small 1000]

Writes:
  checkpoint.pt        torch.save zip of a state dict with --tensors float32 tensors totalling --gigabytes
  legacy.pt            the same state dict at 1/8 size in torch's legacy (stacked pickle) format
  model.safetensors    a SafeTensors file of the same tensors as checkpoint.pt (written directly)
  small/NNNN.pkl       --small small pickles (dicts of lists), for files per second
Everything is deterministic (seeded); tensor values are cheap patterns, not random, to save time.
"""
import argparse
import json
import os
import pickle
import struct

import numpy as np
import torch


def state_dict(total_bytes, count):
    per = max(1, total_bytes // (4 * count))
    side = max(1, int(per ** 0.5))
    result = {}
    for i in range(count):
        rows = side
        cols = max(1, per // side)
        result[f"layers.{i // 4}.block{i % 4}.weight"] = torch.full((rows, cols), float(i % 7), dtype=torch.float32)
    return result


def write_safetensors(path, tensors):
    header = {}
    offset = 0
    for name, tensor in tensors.items():
        size = tensor.numel() * 4
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + size]}
        offset += size
    header["__metadata__"] = {"format": "pt"}
    data = json.dumps(header, separators=(",", ":")).encode()
    data += b" " * ((8 - len(data) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(data)))
        f.write(data)
        for tensor in tensors.values():
            f.write(tensor.numpy().tobytes())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--gigabytes", type=float, default=1.0)
    parser.add_argument("--tensors", type=int, default=3000)
    parser.add_argument("--small", type=int, default=1000)
    args = parser.parse_args()
    os.makedirs(os.path.join(args.out, "small"), exist_ok=True)
    total = int(args.gigabytes * (1 << 30))
    tensors = state_dict(total, args.tensors)
    torch.save(tensors, os.path.join(args.out, "checkpoint.pt"))
    write_safetensors(os.path.join(args.out, "model.safetensors"), tensors)
    small = state_dict(total // 8, args.tensors)
    torch.save(small, os.path.join(args.out, "legacy.pt"), _use_new_zipfile_serialization=False)
    for i in range(args.small):
        with open(os.path.join(args.out, "small", f"{i:04d}.pkl"), "wb") as f:
            pickle.dump({"id": i, "values": list(range(i % 50)), "name": f"item{i}"}, f, protocol=4)


if __name__ == "__main__":
    main()
