"""Makes the archive fixtures. Run with /usr/bin/python3 (torch, numpy, joblib, h5py, lz4) from this folder."""
import io
import json
import os
import pickle
import struct
import tarfile
import zipfile

import h5py
import joblib
import numpy as np
import torch


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.scale = torch.nn.Parameter(torch.ones(2))

    def forward(self, x):
        return x * self.scale


def fixed_zip(path, members):
    """A zip with fixed timestamps so that the bytes are reproducible."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data, method in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            archive.writestr(info, data)


def main():
    torch.manual_seed(0)
    torch.save({"w": torch.arange(4, dtype=torch.float32)}, "torch_zip.pt")
    torch.jit.save(torch.jit.script(Tiny()), "torchscript.pt")

    np.savez("arrays.npz", a=np.arange(3, dtype=np.int32), b=np.ones(2))
    np.savez_compressed("arrays_compressed.npz", a=np.arange(300, dtype=np.int32))

    weights = io.BytesIO()
    with h5py.File(weights, "w") as h5:
        h5.create_dataset("layers/dense/vars/0", data=np.zeros((2, 1), dtype=np.float32))
    config = {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": []}, "registered_name": None}
    metadata = {"keras_version": "3.3.3", "date_saved": "2024-01-01@00:00:00"}
    fixed_zip("model.keras", [
        ("metadata.json", json.dumps(metadata), zipfile.ZIP_STORED),
        ("config.json", json.dumps(config), zipfile.ZIP_STORED),
        ("model.weights.h5", weights.getvalue(), zipfile.ZIP_STORED),
    ])
    fixed_zip("model_with_code.keras", [
        ("metadata.json", json.dumps(metadata), zipfile.ZIP_STORED),
        ("config.json", json.dumps(config), zipfile.ZIP_STORED),
        ("custom_layer.py", "import os\nos.system('id')\n", zipfile.ZIP_DEFLATED),
    ])

    model = {"weights": np.arange(6, dtype=np.float64), "name": "tiny"}
    joblib.dump(model, "model_zlib.joblib", compress=3)
    for method in ("gzip", "bz2", "xz", "lzma", "lz4"):
        joblib.dump(model, f"model_{method}.joblib", compress=(method, 3))

    # PyTorch v0.1.1-style tar: sys_info and pickle are pickles; storages and tensors interleave pickles and raw bytes.
    def add(tar, name, data):
        info = tarfile.TarInfo(name)
        info.size = len(data)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(data))

    with tarfile.open("legacy_v011.tar", "w", format=tarfile.PAX_FORMAT) as tar:
        add(tar, "sys_info", pickle.dumps({"protocol_version": 1001, "little_endian": True, "type_sizes": {"short": 2, "int": 4, "long": 4}}, protocol=2))
        add(tar, "pickle", pickle.dumps({"w": 1}, protocol=2))
        storage = struct.pack("<q", 2) + struct.pack("<2f", 1.0, 2.0)
        add(tar, "storages", pickle.dumps(1, protocol=2) + pickle.dumps(("0", "cpu", torch.FloatStorage), protocol=2) + storage + pickle.dumps([], protocol=2))
        shape = struct.pack("<i", 1) + bytes(4) + struct.pack("<q", 2) + struct.pack("<q", 1) + struct.pack("<q", 0)
        add(tar, "tensors", pickle.dumps(1, protocol=2) + pickle.dumps(("t0", "0", torch.FloatTensor), protocol=2) + shape)

    with tarfile.open("plain.tar", "w", format=tarfile.GNU_FORMAT) as tar:
        add(tar, "README.md", b"# a model\n")
        add(tar, "nested/" + "long_name_" * 12 + ".txt", b"long name member\n")
        link = tarfile.TarInfo("latest")
        link.type = tarfile.SYMTYPE
        link.linkname = "../../etc/passwd"
        link.mtime = 0
        tar.addfile(link)
        add(tar, "../escape.txt", b"outside\n")

    with open("plain.tar", "rb") as source, open("plain.tar.gz", "wb") as target:
        import gzip
        target.write(gzip.compress(source.read(), mtime=0))


if __name__ == "__main__":
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    main()
