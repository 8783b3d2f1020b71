"""The h5py + numpy side of `vaco bench load`: time reading every D4RL array of FILE into
float32 numpy arrays (as D4RL's get_dataset + astype does), and report MB/s of file size.
Usage: bench_load_h5py.py FILE [--repeat N]"""
import argparse
import json
import os
import time

import h5py
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("file")
parser.add_argument("--repeat", type=int, default=5)
args = parser.parse_args()


def load(path):
    out = {}
    with h5py.File(path, "r") as f:
        for key in ("observations", "actions", "rewards", "terminals", "timeouts"):
            if key in f:
                out[key] = f[key][()].astype(np.float32)
    return out


load(args.file)  # warm the page cache
times = []
for _ in range(args.repeat):
    t0 = time.perf_counter()
    data = load(args.file)
    times.append(time.perf_counter() - t0)
times.sort()
mb = os.path.getsize(args.file) / 1e6
print(json.dumps({"file": args.file, "rows": int(data["rewards"].shape[0]), "file_mb": mb,
                  "best_s": times[0], "median_s": times[len(times) // 2],
                  "mb_per_s": mb / times[0], "median_mb_per_s": mb / times[len(times) // 2]}, indent=2))
