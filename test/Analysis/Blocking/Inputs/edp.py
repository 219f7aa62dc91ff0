"""Energy x delay of blocking reports (delay: max of MACs / macs_per_cycle and each level's
accesses / words_per_cycle), printed for each report given after the architecture file."""
import json
import sys

arch = json.load(open(sys.argv[1]))
for path in sys.argv[2:]:
    r = json.load(open(path))
    cycles = r["macs"] / arch.get("macs_per_cycle", 1)
    for spec, level in zip(arch["levels"], r["levels"]):
        if spec.get("words_per_cycle"):
            cycles = max(cycles, sum(level["accesses"].values()) / spec["words_per_cycle"])
    print(f"{r['energy_pj'] * cycles:.6e}")
