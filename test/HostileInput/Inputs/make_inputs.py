"""Writes the hostile inputs of issue 15 into the directory given."""
import json
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def write(name, value):
    with open(os.path.join(out, name), "w") as f:
        f.write(value if isinstance(value, str) else json.dumps(value))


write("deep.json", "[" * 35000 + "]" * 35000)
write("deep-object.json", '{"a":' * 35000 + "1" + "}" * 35000)

asic = {"name": "asic", "mac_energy_pj": 1,
        "levels": [{"name": "RF", "capacity_words": 512, "energy_pj": 1},
                   {"name": "SRAM", "capacity_words": 65536, "energy_pj": 6},
                   {"name": "DRAM", "capacity_words": None, "energy_pj": 200}]}
levels12 = [{"name": "L%d" % i, "capacity_words": 4 ** (i + 2), "energy_pj": 1 + i}
            for i in range(11)] + [{"name": "DRAM", "capacity_words": None, "energy_pj": 200}]
write("arch-12-levels.json", dict(asic, levels=levels12))
huge = json.loads(json.dumps(asic))
huge["levels"][1]["energy_pj"] = 1e300
write("arch-energy-1e300.json", huge)
typo = json.loads(json.dumps(asic))
typo["levels"][1]["energy_pJ"] = typo["levels"][1].pop("energy_pj")
write("arch-typo.json", typo)
write("arch-unknown.json", dict(asic, cache_policy="lru"))
write("layers-typo.json", {"layers": [{"name": "c", "bounds": {"K": 4}, "strides": [1, 1]}]})

write("machine-denormal-clock.json", {"pes": 2, "clock_mhz": 5e-324})
write("machine-energy-1e300.json", {"pes": 2, "energy_pj": {"mac": 1e300}})
write("machine-typo.json", {"pes": 2, "energy_pj": {"macs": 1}})

fc = {"type": "fc", "out_features": 4}
write("net-strides.json", {"name": "n", "input": [1, 3, 8, 8], "layers": [
    {"type": "conv2d", "out_channels": 4, "kernel": [3, 3], "strides": [2, 2]}]})
write("net-fc-40000.json", {"name": "n", "input": [1, 40000], "layers": [
    {"type": "fc", "out_features": 40000}]})
write("net-escape.json", {"name": "n", "input": [1, 4], "layers": [
    dict(fc, name="../../escaped")]})
write("net-control.json", {"name": "n", "input": [1, 4], "layers": [
    dict(fc, name="a\u0001b")]})
# JSON has no infinity, but a number too large for a double reads as one.
write("net-lrn-inf.json",
      '{"name": "n", "input": [1, 4, 2, 2], "layers": [{"type": "lrn", "alpha": 1e400}]}')
