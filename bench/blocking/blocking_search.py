#!/usr/bin/env python3
"""Search-time benchmark of the blocking optimizer (issue 3).

For every conv layer of AlexNet and VGG-16 (data/networks.json) on an architecture preset
(default asic-3level), runs `eie-block` and prints the optimal energy, the candidates evaluated,
whether optimality is proven, and the search time; then the totals per network. Targets: every
layer proven optimal in <= 1 s, all of VGG-16 in <= 10 s. Exits 1 if a target is missed.

  bench/blocking/blocking_search.py [--eie-block build/bin/eie-block] [--arch asic-3level]
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eie-block", default=os.path.join(ROOT, "build", "bin", "eie-block"))
    parser.add_argument("--arch", default="asic-3level")
    parser.add_argument("--layers", default=os.path.join(ROOT, "data", "networks.json"))
    parser.add_argument("--networks", default="alexnet,vgg16")
    args = parser.parse_args()

    ok = True
    print(f"{'network':8} {'layer':8} {'energy (uJ)':>12} {'pJ/MAC':>8} {'candidates':>11} "
          f"{'optimal':>7} {'search (s)':>11}")
    for network in args.networks.split(","):
        start = time.perf_counter()
        out = subprocess.run([args.eie_block, "--arch", args.arch, "--layers", args.layers,
                              "--network", network, "--compact"],
                             check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - start
        reports = json.loads(out)
        total = 0.0
        for r in reports:
            s = r["search"]
            total += s["seconds"]
            ok &= s["optimal"] and s["seconds"] <= 1.0
            print(f"{network:8} {r['layer']:8} {r['energy_pj'] / 1e6:12.2f} "
                  f"{r['energy_pj'] / r['macs']:8.3f} {s['candidates']:11d} "
                  f"{str(s['optimal']).lower():>7} {s['seconds']:11.4f}")
        print(f"{network:8} {'total':8} {'':12} {'':8} {'':11} {'':7} {total:11.4f}"
              f"   (eie-block process wall time {wall:.3f} s)")
        if network == "vgg16":
            ok &= total <= 10.0
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
