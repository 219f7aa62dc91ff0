#!/usr/bin/env python3
"""The EIE simulator experiments of issue 5 (docs/Simulator.md, "Experiments").

One command writes, into the output folder (default results/eie-sim), a CSV and
a matplotlib plot per experiment:

  benchmarks   the nine EIE benchmark layers on 64 PEs at 800 MHz: time (us),
               theoretical time, MAC utilization, load-balance efficiency
               (plus CPU times from --cpu-csv, if given)
  queue_depth  load-balance efficiency vs activation queue depth 1..256
  pes          speedup vs number of PEs 1..256
  sram_width   energy and time vs sparse-matrix SRAM read width 32..512 bits

Layers are synthetic (uniformly random non-zeros at the published weight and
activation densities, driven by build/bin/eie-sim-experiment); timing depends
on shape and densities, not on trained values.

usage: utils/eie-experiments.py [--build DIR] [--out DIR] [--seed N]
                                [--only NAME ...] [--cpu-csv FILE]
"""
import argparse
import csv
import io
import os
import subprocess
import sys

# name: (outputs, inputs, weight density, activation density), from the
# issue's list of the nine EIE benchmark layers.
LAYERS = {
    "Alex-6": (4096, 9216, 0.09, 0.35),
    "Alex-7": (4096, 4096, 0.09, 0.35),
    "Alex-8": (1000, 4096, 0.25, 0.38),
    "VGG-6": (4096, 25088, 0.04, 0.18),
    "VGG-7": (4096, 4096, 0.04, 0.37),
    "VGG-8": (1000, 4096, 0.23, 0.41),
    "NT-We": (600, 4096, 0.10, 1.00),
    "NT-Wd": (8791, 600, 0.11, 1.00),
    "NT-LSTM": (2400, 1201, 0.10, 1.00),
}
POWERS = [1, 2, 4, 8, 16, 32, 64, 128, 256]
WIDTHS = [32, 64, 128, 256, 512]


def run_driver(args, extra):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tool = os.path.join(args.build, "bin", "eie-sim-experiment")
    machine = os.path.join(root, "data", "machine", "eie-default.json")
    cmd = [tool, "--header", "--machine", machine, "--seed", str(args.seed)]
    for name, (rows, cols, wd, ad) in LAYERS.items():
        cmd += ["--layer", f"{name}:{rows}x{cols}:{wd}:{ad}"]
    out = subprocess.run(cmd + extra, check=True, capture_output=True,
                         text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def write_csv(path, rows, fields):
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    print("wrote", path)


def plt_module():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def benchmarks(args):
    rows = run_driver(args, ["--pes", "64", "--queue-depth", "8"])
    fields = ["layer", "rows", "cols", "weight_density", "act_density",
              "cycles", "time_us", "theoretical_us", "mac_utilization",
              "load_balance_efficiency", "energy_nj", "power_mw"]
    if args.cpu_csv:
        with open(args.cpu_csv) as f:
            cpu = {r["layer"]: r for r in csv.DictReader(f)}
        extra = [k for r in cpu.values() for k in r if k != "layer"]
        extra = list(dict.fromkeys(extra))
        for r in rows:
            r.update({k: cpu.get(r["layer"], {}).get(k, "") for k in extra})
        fields += extra
    write_csv(os.path.join(args.out, "benchmarks.csv"), rows, fields)
    plt = plt_module()
    names = [r["layer"] for r in rows]
    x = range(len(names))
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    axes[0].bar([i - 0.2 for i in x], [float(r["time_us"]) for r in rows],
                0.4, label="simulated")
    axes[0].bar([i + 0.2 for i in x],
                [float(r["theoretical_us"]) for r in rows], 0.4,
                label="theoretical")
    axes[0].set_ylabel("time (us), 64 PEs, 800 MHz")
    axes[0].legend()
    axes[1].bar(x, [float(r["mac_utilization"]) for r in rows])
    axes[1].set_ylabel("MAC utilization")
    axes[2].bar(x, [float(r["load_balance_efficiency"]) for r in rows])
    axes[2].set_ylabel("load-balance efficiency")
    for ax in axes:
        ax.set_xticks(list(x))
        ax.set_xticklabels(names, rotation=45)
    fig.tight_layout()
    fig.savefig(os.path.join(args.out, "benchmarks.png"))
    print("wrote", os.path.join(args.out, "benchmarks.png"))


def line_plot(args, rows, key_x, key_y, ylabel, name, logy=False):
    plt = plt_module()
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for layer in LAYERS:
        pts = [(float(r[key_x]), float(r[key_y])) for r in rows
               if r["layer"] == layer]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o",
                label=layer)
    ax.set_xscale("log", base=2)
    if logy:
        ax.set_yscale("log", base=2)
    ax.set_xlabel(key_x.replace("_", " "))
    ax.set_ylabel(ylabel)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = os.path.join(args.out, name)
    fig.savefig(path)
    print("wrote", path)


def queue_depth(args):
    rows = run_driver(args, ["--pes", "64", "--queue-depth",
                             ",".join(map(str, POWERS))])
    write_csv(os.path.join(args.out, "queue_depth.csv"), rows,
              ["layer", "queue_depth", "cycles", "time_us",
               "load_balance_efficiency", "queue_full_stalls"])
    line_plot(args, rows, "queue_depth", "load_balance_efficiency",
              "load-balance efficiency (64 PEs)", "queue_depth.png")


def pes(args):
    rows = run_driver(args, ["--pes", ",".join(map(str, POWERS)),
                             "--queue-depth", "8"])
    base = {r["layer"]: float(r["cycles"]) for r in rows if r["pes"] == "1"}
    for r in rows:
        r["speedup"] = f"{base[r['layer']] / float(r['cycles']):.3f}"
    write_csv(os.path.join(args.out, "pes.csv"), rows,
              ["layer", "pes", "cycles", "time_us", "speedup",
               "load_balance_efficiency"])
    line_plot(args, rows, "pes", "speedup", "speedup over 1 PE", "pes.png",
              logy=True)


def sram_width(args):
    rows = run_driver(args, ["--pes", "64", "--queue-depth", "8",
                             "--sram-width", ",".join(map(str, WIDTHS))])
    write_csv(os.path.join(args.out, "sram_width.csv"), rows,
              ["layer", "sram_width_bits", "cycles", "time_us", "sram_reads",
               "energy_nj"])
    plt = plt_module()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
    for layer in LAYERS:
        pts = [r for r in rows if r["layer"] == layer]
        w = [int(r["sram_width_bits"]) for r in pts]
        ref = next(float(r["energy_nj"]) for r in pts
                   if r["sram_width_bits"] == "64")
        axes[0].plot(w, [float(r["energy_nj"]) / ref for r in pts],
                     marker="o", label=layer)
        axes[1].plot(w, [float(r["time_us"]) for r in pts], marker="o",
                     label=layer)
    axes[0].set_ylabel("energy relative to 64-bit reads")
    axes[1].set_ylabel("time (us)")
    for ax in axes:
        ax.set_xscale("log", base=2)
        ax.set_xlabel("SRAM read width (bits)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    path = os.path.join(args.out, "sram_width.png")
    fig.savefig(path)
    print("wrote", path)


EXPERIMENTS = {"benchmarks": benchmarks, "queue_depth": queue_depth,
               "pes": pes, "sram_width": sram_width}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(root, "build"))
    p.add_argument("--out", default=os.path.join(root, "results", "eie-sim"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--only", nargs="*", choices=list(EXPERIMENTS),
                   default=list(EXPERIMENTS))
    p.add_argument("--cpu-csv", help="CSV with a 'layer' column and CPU "
                   "times to put beside the simulated ones")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name in args.only:
        EXPERIMENTS[name](args)


if __name__ == "__main__":
    sys.exit(main())
