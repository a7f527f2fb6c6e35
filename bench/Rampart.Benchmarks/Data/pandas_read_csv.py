#!/usr/bin/env python3
"""Times pandas.read_csv on the same bytes CsvLoadBenchmarks reads, for a side-by-side figure.

Writes the file with the benchmark's formula (integer arithmetic, so byte-identical to the C# writer), prints its
size and SHA-256 so the two can be compared, then reads it with pandas.read_csv (default C engine, float64) a few
times and reports the best and median wall time and the resident memory growth of the frame.

    /usr/bin/python3 bench/Rampart.Benchmarks/Data/pandas_read_csv.py [--rows 1000000] [--columns 50] [--repeat 3]
"""
import argparse
import hashlib
import os
import resource
import statistics
import tempfile
import time


def write(path, rows, columns):
    with open(path, "w", newline="\n", encoding="utf-8") as out:
        out.write(",".join(f"c{c}" for c in range(columns)) + "\n")
        for r in range(rows):
            cells = []
            for c in range(columns):
                k = (r * 2654435761 + c * 40503 + 12345) % 20_000_000 - 10_000_000
                m = abs(k)
                cells.append(f"{'-' if k < 0 else ''}{m // 1000}.{m % 1000:03d}")
            out.write(",".join(cells) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import pandas

    path = os.path.join(tempfile.gettempdir(), f"rampart-bench-pandas-{os.getpid()}.csv")
    try:
        write(path, args.rows, args.columns)
        with open(path, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        print(f"file: {os.path.getsize(path)} bytes, sha256 {digest}")
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            frame = pandas.read_csv(path)
            times.append(time.perf_counter() - started)
            shape = frame.shape
            memory = frame.memory_usage(deep=True).sum()
            del frame
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(f"pandas {pandas.__version__}: shape {shape}, frame {memory / 2**20:.0f} MiB, peak RSS {peak / 2**20:.0f} MiB")
        print(f"read_csv: best {min(times):.2f} s, median {statistics.median(times):.2f} s over {args.repeat} runs")
    finally:
        os.remove(path)


if __name__ == "__main__":
    main()
