"""Makes the pickle scanner's fixtures. Run with a Python that has torch, numpy, joblib and scikit-learn:

    /usr/bin/python3 make_fixtures.py

It only dumps: nothing here is ever unpickled. The malicious objects define __reduce__ returning
(os.system, ("echo pwned",)); dumping them records the call, loading them would run it.

Existing files are kept (tests assert their exact offsets, and legacy torch storage keys are object ids that
change from run to run); pass --force to rewrite them all.
"""
import io
import os
import pickle
import sys
import zipfile

import joblib
import numpy as np
import torch
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))


class Payload:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


FORCE = "--force" in sys.argv


def write(name, data):
    path = os.path.join(HERE, name)
    if FORCE or not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)


def dump_joblib(name, value, protocol=None):
    path = os.path.join(HERE, name)
    if FORCE or not os.path.exists(path):
        joblib.dump(value, path, protocol=protocol)


def main():
    torch.manual_seed(0)
    np.random.seed(0)

    # A real torch state_dict (zip format): keep only the object pickle, data.pkl.
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        name = next(n for n in archive.namelist() if n.endswith("/data.pkl"))
        write("torch_state_dict_data.pkl", archive.read(name))

    # Legacy (non-zip) torch files: benign, and with a payload in the object pickle (4th pickle).
    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer, _use_new_zipfile_serialization=False)
    write("torch_legacy.pt", buffer.getvalue())
    buffer = io.BytesIO()
    torch.save({"weights": model.state_dict(), "hook": Payload()}, buffer, _use_new_zipfile_serialization=False)
    write("torch_legacy_payload.pt", buffer.getvalue())

    # A legacy full-model save: persistent ids ('module', class, source file, source) stand for the classes.
    buffer = io.BytesIO()
    torch.save(torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.ReLU()), buffer, _use_new_zipfile_serialization=False)
    write("torch_legacy_full_model.pt", buffer.getvalue())

    # scikit-learn through plain pickle.
    x = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]])
    y = np.array([0, 1, 1, 0])
    write("sklearn_logistic_regression.pkl", pickle.dumps(LogisticRegression().fit(x, y), protocol=4))

    # NumPy arrays through plain pickle, at protocols 2 and 5.
    arrays = {"f": np.arange(6, dtype=np.float32).reshape(2, 3), "i": np.arange(4), "s": np.float64(1.5)}
    write("numpy_arrays_p2.pkl", pickle.dumps(arrays, protocol=2))
    write("numpy_arrays_p5.pkl", pickle.dumps(arrays, protocol=5))

    # joblib: an inline array followed by a payload; and a benign file with an object array.
    dump_joblib("joblib_payload_after_array.joblib", {"x": np.arange(100), "y": Payload()})
    dump_joblib("joblib_benign.joblib", {"x": np.arange(10, dtype=np.float32), "names": np.array(["a", None], dtype=object), "n": 3})
    dump_joblib("joblib_object_array_payload.joblib", {"names": np.array(["a", Payload()], dtype=object)})

    # A joblib pipeline at protocol 2 (no frames; arrays padded by 1 to 16 bytes).
    features = np.random.RandomState(0).rand(30, 3)
    labels = (features[:, 0] > 0.5).astype(int)
    pipeline = make_pipeline(StandardScaler(), RandomForestClassifier(n_estimators=3, random_state=0)).fit(features, labels)
    dump_joblib("joblib_pipeline_p2.joblib", pipeline, protocol=2)

    # Plain Python data at every protocol.
    plain = {"name": "model", "layers": [1, 2, 3], "shape": (4, 5), "rate": 0.5, "tags": {"a", "b"},
             "frozen": frozenset([1]), "raw": b"\x00\x01", "big": 2 ** 80, "none": None, "flag": True,
             "text": "caf\u00e9", "nested": {"k": [{"deep": (1.5, -2)}]}}
    for protocol in range(6):
        write(f"plain_p{protocol}.pkl", pickle.dumps(plain, protocol=protocol))


if __name__ == "__main__":
    main()
