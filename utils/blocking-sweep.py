#!/usr/bin/env python3
"""Design-space sweep of the blocking model (issue 3, item 6).

For AlexNet and VGG-16 conv layers (data/networks.json) on a register file + SRAM buffer + DRAM
hierarchy, sweeps the register-file and buffer sizes; at each point `eie-block` finds the optimal
blocking of every layer and evaluates the fixed output-stationary baseline (`--heuristic`). Writes
the energy per MAC of both and their ratio to a CSV and plots it:

  /usr/bin/python3 utils/blocking-sweep.py [--eie-block build/bin/eie-block] [--out results]

Energy per word access of a level of B bytes follows 13.5 pJ * (B / 64 KiB)^0.567, the power law
through the 16-bit table's 64 KB (13.5 pJ) and 128 KB (20 pJ) SRAMs (it gives 0.86 pJ for the
512 B register file, 0.96 pJ in the table); DRAM 200 pJ, MAC 0.075 pJ. docs/BlockingModel.md.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NETWORKS = {"alexnet": "AlexNet", "vgg16": "VGG-16"}
RF_BYTES = [64, 128, 256, 512, 1024, 2048]
SRAM_KIB = [8, 16, 32, 64, 128, 256, 512, 1024, 2048]
WORD_BYTES = 2


def access_energy_pj(size_bytes):
    return 13.5 * (size_bytes / 65536.0) ** 0.567


def architecture(rf_bytes, sram_kib):
    return {
        "name": f"rf{rf_bytes}B-sram{sram_kib}KiB",
        "levels": [
            {"name": "RF", "capacity_words": rf_bytes // WORD_BYTES,
             "energy_pj": round(access_energy_pj(rf_bytes), 4)},
            {"name": "SRAM", "capacity_words": sram_kib * 1024 // WORD_BYTES,
             "energy_pj": round(access_energy_pj(sram_kib * 1024), 4)},
            {"name": "DRAM", "capacity_words": None, "energy_pj": 200},
        ],
        "mac_energy_pj": 0.075,
    }


def network_energy(eie_block, arch_file, layers, network, heuristic):
    cmd = [eie_block, "--arch", arch_file, "--layers", layers, "--network", network, "--compact"]
    if heuristic:
        cmd.append("--heuristic")
    reports = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    if not heuristic:
        assert all(r["search"]["optimal"] for r in reports), "search not proven optimal"
    energy = sum(r["energy_pj"] for r in reports)
    macs = sum(r["macs"] for r in reports)
    dram = sum(sum(r["levels"][-1]["accesses"].values()) for r in reports)
    return energy / macs, dram / macs


def plot(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, len(NETWORKS), figsize=(6 * len(NETWORKS), 8), sharex=True)
    for col, (net, title) in enumerate(NETWORKS.items()):
        for rf in RF_BYTES:
            pts = [r for r in rows if r["network"] == net and r["rf_bytes"] == rf]
            x = [r["sram_kib"] for r in pts]
            line, = axes[0][col].plot(x, [r["optimal_pj_per_mac"] for r in pts], "o-",
                                      label=f"RF {rf} B optimal")
            axes[0][col].plot(x, [r["heuristic_pj_per_mac"] for r in pts], "x--",
                              color=line.get_color(), alpha=0.6)
            axes[1][col].plot(x, [r["gain"] for r in pts], "o-", label=f"RF {rf} B")
        axes[0][col].set_title(f"{title} conv layers: optimal (solid) vs output-stationary (dashed)")
        axes[0][col].set_ylabel("energy per MAC (pJ)")
        axes[0][col].set_yscale("log")
        axes[1][col].set_ylabel("baseline / optimal energy")
        axes[1][col].set_xlabel("SRAM buffer (KiB)")
        for ax in (axes[0][col], axes[1][col]):
            ax.set_xscale("log", base=2)
            ax.grid(True, which="both", alpha=0.3)
        axes[0][col].legend(fontsize=7)
        axes[1][col].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eie-block", default=os.path.join(ROOT, "build", "bin", "eie-block"))
    parser.add_argument("--layers", default=os.path.join(ROOT, "data", "networks.json"))
    parser.add_argument("--out", default=os.path.join(ROOT, "results"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for rf in RF_BYTES:
            for sram in SRAM_KIB:
                arch = architecture(rf, sram)
                arch_file = os.path.join(tmp, arch["name"] + ".json")
                with open(arch_file, "w") as f:
                    json.dump(arch, f)
                for net in NETWORKS:
                    opt, opt_dram = network_energy(args.eie_block, arch_file, args.layers, net, False)
                    heur, heur_dram = network_energy(args.eie_block, arch_file, args.layers, net,
                                                     True)
                    rows.append({
                        "network": net, "rf_bytes": rf, "sram_kib": sram,
                        "rf_pj": arch["levels"][0]["energy_pj"],
                        "sram_pj": arch["levels"][1]["energy_pj"],
                        "optimal_pj_per_mac": round(opt, 4),
                        "heuristic_pj_per_mac": round(heur, 4),
                        "gain": round(heur / opt, 3),
                        "optimal_dram_per_mac": round(opt_dram, 5),
                        "heuristic_dram_per_mac": round(heur_dram, 5),
                    })
    csv_path = os.path.join(args.out, "blocking-sweep.csv")
    with open(csv_path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
        writer.writeheader()
        writer.writerows(rows)
    png_path = os.path.join(args.out, "blocking-sweep.png")
    plot(rows, png_path)
    for net, title in NETWORKS.items():
        pts = [r for r in rows if r["network"] == net]
        best = min(pts, key=lambda r: r["optimal_pj_per_mac"])
        top = max(pts, key=lambda r: r["gain"])
        print(f"{title}: best {best['optimal_pj_per_mac']} pJ/MAC at RF {best['rf_bytes']} B, "
              f"SRAM {best['sram_kib']} KiB; gain over output-stationary up to {top['gain']}x "
              f"(RF {top['rf_bytes']} B, SRAM {top['sram_kib']} KiB)")
    print(f"wrote {csv_path} and {png_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
