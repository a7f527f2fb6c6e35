#!/usr/bin/python3
"""Writes the SafeTensors fixtures by hand (the format is an 8-byte length, a JSON header and a byte buffer)."""
import io
import json
import struct
import zipfile
from pathlib import Path

HERE = Path(__file__).parent


def safetensors(tensors, data, metadata=None):
    header = dict(tensors)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # writers pad the header to 8 bytes with spaces
    return struct.pack("<Q", len(text)) + text + data


valid = safetensors(
    {
        "weight": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
        "bias": {"dtype": "F16", "shape": [2], "data_offsets": [16, 20]},
    },
    struct.pack("<4f", 0.5, -1.0, 2.0, 0.25) + struct.pack("<2e", 1.0, -2.0),
    {"format": "pt"},
)
(HERE / "valid.safetensors").write_bytes(valid)

# A polyglot: a valid SafeTensors file followed by a zip archive that tools reading from the end would open.
archive = io.BytesIO()
with zipfile.ZipFile(archive, "w") as z:
    z.writestr("payload.txt", "hidden")
(HERE / "trailing_zip.safetensors").write_bytes(valid + archive.getvalue())
