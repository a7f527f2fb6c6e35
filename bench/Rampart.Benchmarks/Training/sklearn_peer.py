"""scikit-learn side of the training comparison (Debian python3-sklearn, python3-numpy).

Reads the encoded matrices written by `dotnet run -c Release --project bench/Rampart.Benchmarks -- compare-training DIR`
(same features, same train/test files) and trains scikit-learn's equivalents of Rampart's three trainers with the
same settings. Prints model,tool,train_seconds_median_of_3,test_accuracy.
"""
import sys
import time

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/rampart-compare"
models = {
    "logisticregression": lambda: LogisticRegression(C=1.0, max_iter=500),
    "mlp": lambda: MLPClassifier(hidden_layer_sizes=(100,), early_stopping=True, random_state=0, max_iter=200),
    "gbdt": lambda: HistGradientBoostingClassifier(max_iter=100, max_depth=6, learning_rate=0.1,
                                                   min_samples_leaf=20, early_stopping=False, random_state=0),
}
print("model,tool,train_seconds_median_of_3,test_accuracy")
for name, make in models.items():
    train = np.loadtxt(f"{out}/{name}_train.csv", delimiter=",", dtype=np.float32)
    test = np.loadtxt(f"{out}/{name}_test.csv", delimiter=",", dtype=np.float32)
    x, y, xt, yt = train[:, :-1], train[:, -1].astype(int), test[:, :-1], test[:, -1].astype(int)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        model = make().fit(x, y)
        times.append(time.perf_counter() - started)
    times.sort()
    print(f"{name},scikit-learn,{times[1]:.3f},{(model.predict(xt) == yt).mean():.4f}")
