"""Checks a list of blocking reports against the contract: shape, factor products, energy sum,
proven optimality, DRAM accesses at least the compulsory traffic."""
import json
import sys

reports = json.load(open(sys.argv[1]))
assert len(reports) == int(sys.argv[2]), len(reports)
loops = ["N", "K", "C", "Y", "X", "R", "S"]
for r in reports:
    assert r["search"]["optimal"] is True, r["layer"]
    b, (sy, sx) = r["bounds"], r["stride"]
    for l in loops:
        prod = 1
        for level in r["levels"]:
            prod *= level["factors"][l]
        assert prod == b[l], (r["layer"], l, prod)
    macs = 1
    for l in loops:
        macs *= b[l]
    assert r["macs"] == macs
    total = sum(level["energy_pj"] for level in r["levels"])
    assert total <= r["energy_pj"] <= total + macs, r["layer"]
    i_words = b["N"] * b["C"] * ((b["Y"] - 1) * sy + b["R"]) * ((b["X"] - 1) * sx + b["S"])
    w_words = b["K"] * b["C"] * b["R"] * b["S"]
    o_words = b["N"] * b["K"] * b["Y"] * b["X"]
    dram = r["levels"][-1]["accesses"]
    assert dram["I"] >= i_words and dram["W"] >= w_words and dram["O"] >= o_words, r["layer"]
    assert r["levels"][0]["accesses"]["O"] == 2 * macs - o_words
print(f"{len(reports)} layers, all optimal and consistent")
