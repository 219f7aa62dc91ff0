#!/usr/bin/env python3
"""Search-time benchmark of the blocking optimizer (issue 3).

For every conv layer of AlexNet and VGG-16 (data/networks.json) on an architecture preset
(default asic-3level), runs `eie-block` and prints the optimal energy, the candidates evaluated,
whether optimality is proven, and the search time; then the totals per network. Targets: every
layer proven optimal in <= 1 s, all of VGG-16 in <= 10 s. Exits 1 if a target is missed.

With --imperfect it also searches imperfect tiles (`eie-block --imperfect`) and adds the
imperfect optimum, its saving over the divisor-only optimum, its candidates and its search time
(the time targets apply to the divisor-only search; the imperfect one must be proven optimal).

  bench/blocking/blocking_search.py [--eie-block build/bin/eie-block] [--arch asic-3level]
                                    [--imperfect]
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def search(args, network, extra):
    """The reports of every layer of `network`, and the eie-block process wall time."""
    start = time.perf_counter()
    out = subprocess.run([args.eie_block, "--arch", args.arch, "--layers", args.layers,
                          "--network", network, "--compact"] + extra,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eie-block", default=os.path.join(ROOT, "build", "bin", "eie-block"))
    parser.add_argument("--arch", default="asic-3level")
    parser.add_argument("--layers", default=os.path.join(ROOT, "data", "networks.json"))
    parser.add_argument("--networks", default="alexnet,vgg16")
    parser.add_argument("--imperfect", action="store_true",
                        help="also search imperfect (non-divisor) tiles and compare")
    parser.add_argument("--smoke", action="store_true",
                        help="check only that every result is proven optimal, not the time "
                             "targets (for the test suite, whose machine may be loaded)")
    args = parser.parse_args()

    ok = True
    header = (f"{'network':8} {'layer':8} {'energy (uJ)':>12} {'pJ/MAC':>8} {'candidates':>11} "
              f"{'optimal':>7} {'search (s)':>11}")
    if args.imperfect:
        header += (f" {'imperfect (uJ)':>14} {'saving':>7} {'candidates':>11} {'optimal':>7} "
                   f"{'search (s)':>11}")
    print(header)
    for network in args.networks.split(","):
        reports, wall = search(args, network, [])
        imperfect = search(args, network, ["--imperfect"])[0] if args.imperfect else []
        total = total_imperfect = 0.0
        for i, r in enumerate(reports):
            s = r["search"]
            total += s["seconds"]
            ok &= s["optimal"] and (args.smoke or s["seconds"] <= 1.0)
            line = (f"{network:8} {r['layer']:8} {r['energy_pj'] / 1e6:12.2f} "
                    f"{r['energy_pj'] / r['macs']:8.3f} {s['candidates']:11d} "
                    f"{str(s['optimal']).lower():>7} {s['seconds']:11.4f}")
            if args.imperfect:
                q = imperfect[i]
                qs = q["search"]
                total_imperfect += qs["seconds"]
                ok &= qs["optimal"] and q["energy_pj"] <= r["energy_pj"] * (1 + 1e-12)
                saving = 100.0 * (1.0 - q["energy_pj"] / r["energy_pj"])
                line += (f" {q['energy_pj'] / 1e6:14.2f} {saving:6.2f}% {qs['candidates']:11d} "
                         f"{str(qs['optimal']).lower():>7} {qs['seconds']:11.4f}")
            print(line)
        line = (f"{network:8} {'total':8} {'':12} {'':8} {'':11} {'':7} {total:11.4f}")
        if args.imperfect:
            line += f" {'':14} {'':7} {'':11} {'':7} {total_imperfect:11.4f}"
        print(line + f"   (eie-block process wall time {wall:.3f} s)")
        if network == "vgg16" and not args.smoke:
            ok &= total <= 10.0
    if args.smoke:
        print("every layer proven optimal" if ok else "NOT PROVEN OPTIMAL")
    else:
        print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
