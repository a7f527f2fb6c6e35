"""Reference numbers from scikit-learn for Rampart's trainer tests.

Run with Debian's python3-sklearn:  /usr/bin/python3 tests/Rampart.ML.Tests/TestData/sklearn_reference.py
The data below is copied verbatim into SklearnReferenceTests.cs; the printed numbers are pasted there.
"""
import numpy as np
from sklearn.linear_model import LogisticRegression

X = np.array([[0.5, 1.0], [1.5, -0.5], [-1.0, 0.3], [2.0, 2.0], [-0.7, -1.2],
              [0.1, 0.4], [1.1, 0.9], [-1.5, 0.8], [0.9, -1.1], [-0.2, -0.3]])
y = np.array([1, 1, 0, 1, 0, 0, 1, 0, 1, 0])
w = np.array([1, 1, 1, 1, 1, 2, 1, 1, 1, 3], dtype=float)

for C in (1.0, 0.1):
    m = LogisticRegression(C=C, tol=1e-10, max_iter=10000).fit(X, y, sample_weight=w)
    print("binary C=%g coef=%r intercept=%r" % (C, m.coef_.ravel().tolist(), m.intercept_.tolist()))

y3 = np.array([0, 1, 2, 1, 0, 2, 1, 2, 0, 0])
m = LogisticRegression(C=1.0, tol=1e-10, max_iter=10000).fit(X, y3)
print("multinomial coef=%r intercept=%r" % (m.coef_.tolist(), m.intercept_.tolist()))
print("multinomial proba row0=%r" % (m.predict_proba(X[:1]).ravel().tolist(),))
