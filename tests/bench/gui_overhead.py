#!/usr/bin/env python3
"""The GUI's cost: the same VACO run trained by `vaco train` and by `vaco-studio` (every plot
live, snapshots on, offscreen), compared by their policy-phase steps/s from metrics.jsonl.

Usage: tests/bench/gui_overhead.py [--build build] [--steps 3000] [--value-steps 500]
       [--hidden 256] [--depth 3] [--repeat 3]
Goal: the GUI run at most 5% slower than the CLI run.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import tempfile


def policy_rate(metrics: pathlib.Path) -> float:
    """Policy-phase steps per second between the first and the last policy record."""
    recs = [json.loads(l) for l in metrics.read_text().splitlines() if l.strip()]
    pol = [r for r in recs if r.get("type") == "metrics" and r.get("phase") == "policy"]
    if len(pol) < 2:
        raise SystemExit(f"{metrics}: fewer than two policy records")
    return (pol[-1]["step"] - pol[0]["step"]) / (pol[-1]["wall_time"] - pol[0]["wall_time"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--value-steps", type=int, default=500)
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--depth", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    build = pathlib.Path(a.build)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="vaco-gui-overhead-"))
    data = tmp / "projectile.hdf5"
    subprocess.run([build / "app/vaco", "datagen", "projectile", "--out", data], check=True, stdout=subprocess.DEVNULL)
    # The same cadence for both: the GUI's own choice of logging and evaluation.
    common = [f"hidden={a.hidden}", f"depth={a.depth}", "log_every=10", f"eval_every={max(100, a.steps // 20)}",
              "device=cpu", "threads=1"]
    cli_rates, gui_rates = [], []
    for i in range(a.repeat):
        cli_dir = tmp / f"cli-{i}"
        sets = sum((["--set", s] for s in common), [])
        subprocess.run([build / "app/vaco", "train", "--dataset", data, "--algo", "vaco", "--steps", str(a.steps),
                        "--value-steps", str(a.value_steps), "--out", cli_dir, *sets],
                       check=True, stdout=subprocess.DEVNULL)
        cli_rates.append(policy_rate(cli_dir / "metrics.jsonl"))
        gui_root = tmp / f"gui-{i}"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        subprocess.run([build / "app/vaco-studio", "--open", data, "--algo", "vaco", "--steps", str(a.steps),
                        "--value-steps", str(a.value_steps), "--runs-dir", gui_root, "--tab", "Training", "--start",
                        "--quit-when-done", *sum((["--set", s] for s in common), [])],
                       check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        (run,) = [p for p in gui_root.iterdir() if p.is_dir()]
        gui_rates.append(policy_rate(run / "metrics.jsonl"))
        print(f"repeat {i}: cli {cli_rates[-1]:.1f} steps/s, gui {gui_rates[-1]:.1f} steps/s", flush=True)
    c, g = statistics.median(cli_rates), statistics.median(gui_rates)
    print(json.dumps({"cli_steps_per_s": c, "gui_steps_per_s": g, "gui_slowdown_percent": 100 * (1 - g / c),
                      "hidden": a.hidden, "depth": a.depth, "steps": a.steps, "repeat": a.repeat}))


if __name__ == "__main__":
    main()
