#!/usr/bin/python3
"""Writes the NumPy .npy fixtures. Needs numpy (the system python3 has 1.24). Nothing here loads a pickle."""
import io
import pickle
import struct
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent


def save(name, array, **kwargs):
    np.save(HERE / name, array, **kwargs)


def raw_npy(header, data, version=(1, 0), align=64):
    """A .npy file with a hand-written header dict, padded like numpy pads it."""
    text = header.encode("latin1" if version < (3, 0) else "utf8")
    size = 2 if version == (1, 0) else 4
    prefix = 8 + size
    if align:
        text += b" " * (-(prefix + len(text) + 1) % align)
    text += b"\n"
    length = struct.pack("<H" if size == 2 else "<I", len(text))
    return b"\x93NUMPY" + bytes(version) + length + text + data


save("float32.npy", np.arange(6, dtype="<f4").reshape(2, 3))
save("fortran_int64.npy", np.asfortranarray(np.arange(6, dtype="<i8").reshape(2, 3)))
save("bigendian_f8.npy", np.array([1.0, 2.0], dtype=">f8"))
save("unicode.npy", np.array(["ab", "cde"], dtype="<U3"))
save("structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i2", (3,)), ("z", [("a", "|u1"), ("b", "<f8")])]))
save("nan_inf.npy", np.array([1.0, np.nan, np.inf, -np.inf], dtype="<f4"))
save("scalar.npy", np.float64(3.5))
with open(HERE / "version2.npy", "wb") as f:
    np.lib.format.write_array(f, np.arange(4, dtype="<i2"), version=(2, 0))
with open(HERE / "version3.npy", "wb") as f:
    np.lib.format.write_array(f, np.zeros(1, dtype=[("\u00e9t\u00e9", "<f4")]), version=(3, 0))

# Object arrays: numpy pickles the data. The pickles are built from bytes, never loaded.
save("object_strings.npy", np.array(["a", {"k": 1}], dtype=object), allow_pickle=True)
save("structured_object.npy", np.zeros(1, dtype=[("x", "<f4"), ("o", "O")]), allow_pickle=True)

# An object array whose pickle calls os.system (protocol 2 GLOBAL + REDUCE), written by hand.
payload = b"\x80\x02cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02Rq\x03."
header = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
(HERE / "object_os_system.npy").write_bytes(raw_npy(header, payload))

# Malformed and unusual files.
good = "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }"
(HERE / "truncated.npy").write_bytes(raw_npy(good, struct.pack("<3f", 1, 2, 3)))
zip_tail = io.BytesIO()
import zipfile  # noqa: E402

with zipfile.ZipFile(zip_tail, "w") as z:
    z.writestr("data.pkl", b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00idR.")
(HERE / "trailing_zip.npy").write_bytes(raw_npy(good, struct.pack("<4f", 1, 2, 3, 4)) + zip_tail.getvalue())
(HERE / "unaligned.npy").write_bytes(raw_npy(good, struct.pack("<4f", 1, 2, 3, 4), align=0))
# Python keeps the last of two equal keys, so numpy sees an object array (a pickle) here.
dup = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'descr': '|O'}"
(HERE / "duplicate_descr.npy").write_bytes(raw_npy(dup, payload))
fields = ", ".join(f"('f{i}', '<u1')" for i in range(1200))
(HERE / "large_header.npy").write_bytes(raw_npy("{'descr': [" + fields + "], 'fortran_order': False, 'shape': (1,), }", bytes(1200), version=(2, 0)))
