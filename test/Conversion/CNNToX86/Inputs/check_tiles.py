"""Reads a loop nest made by --cnn-apply-blocking back and checks it against the layer's
#cnn.blocking, level by level: the loops of each level, in nesting order, must walk the generic's
dims in the level's loop order with the tile of the level below as their step. A loop made an
scf.forall (threads > 1) counts as the loop it replaces.

usage: check_tiles.py BLOCKED.mlir APPLIED.mlir LANES
BLOCKED holds one cnn.conv2d or cnn.fc with its blocking (--cnn-optimize-blocking's output),
APPLIED the same module after --cnn-apply-blocking --canonicalize."""
import re
import sys

LOOPS = "NKCYXRS"
DIMS = {"N": ["n"], "K": ["g", "kb"], "C": ["cb", "c"], "Y": ["p"], "X": ["q"], "R": ["r"], "S": ["s"]}


def read_layer(text, lanes):
    level_re = re.compile(r'<"(\w+)", \{N = (\d+), K = (\d+), C = (\d+), Y = (\d+), X = (\d+), '
                          r'R = (\d+), S = (\d+)\}(?:, order = \[([A-Z, ]+)\])?>')
    levels = [(m.group(1), [int(m.group(i)) for i in range(2, 9)],
               m.group(9).split(", ") if m.group(9) else [])
              for m in level_re.finditer(text)]
    if not levels:
        sys.exit("no #cnn.blocking in the blocked module")
    conv = re.search(r"cnn\.conv2d .*tensor<(\d+)x(\d+)x(\d+)x(\d+)xf32>, tensor<(\d+)x(\d+)x", text)
    groups = re.search(r"groups = (\d+)", text)
    groups = int(groups.group(1)) if groups else 1
    if conv:
        channels_per_group = int(conv.group(6))
        in_block = lanes if channels_per_group % lanes == 0 else channels_per_group
    else:
        fc = re.search(r"cnn\.fc .*tensor<(\d+)x(\d+)xf32>, tensor<(\d+)x(\d+)xf32>", text)
        channels_per_group = in_block = int(fc.group(4))
    total_k = 1
    for _, factors, _ in levels:
        total_k *= factors[1]
    return levels, total_k // groups, in_block


def dim_tile(tile, k_per_group, in_block, lanes):
    """The generic's dim sizes that a tile of the model's loops covers (BlockedLayer::dimTile)."""
    n, k, c, y, x, r, s = tile
    sizes = {"n": n, "p": y, "q": x, "r": r, "s": s}
    sizes["g"], sizes["kb"] = (1, k // lanes) if k <= k_per_group else (k // k_per_group, k_per_group // lanes)
    sizes["cb"], sizes["c"] = (c // in_block, in_block) if c >= in_block else (1, c)
    return sizes


def expected_loops(levels, k_per_group, in_block, lanes):
    tiles, tile = [], [1] * 7
    for _, factors, _ in levels:
        tile = [a * b for a, b in zip(tile, factors)]
        tiles.append(tile)
    expected = {}
    for level in range(1, len(levels)):
        outer = dim_tile(tiles[level], k_per_group, in_block, lanes)
        inner = dim_tile(tiles[level - 1], k_per_group, in_block, lanes)
        loops = []
        for loop in levels[level][2]:
            if levels[level][1][LOOPS.index(loop)] > 1:
                loops += [(dim, inner[dim]) for dim in DIMS[loop] if outer[dim] > inner[dim]]
        expected[level] = loops
    return expected


def applied_loops(text):
    constants = {m.group(1): int(m.group(2))
                 for m in re.finditer(r"(%\w+) = arith\.constant (\d+) : index", text)}
    opened, stack, found = [], [], {}
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        loop = re.search(r"scf\.for %\w+ = \S+ to \S+ step (%\w+)", line)
        # The loop made parallel (threads > 1), with its bounds inline.
        # (a unit step from 0 prints as "in (N)").
        forall = re.search(r"scf\.forall \(%\w+\) (?:= \(\d+\) to \(\d+\) step \((\d+)\)|in \()", line)
        if loop or forall:
            opened.append(constants[loop.group(1)] if loop else int(forall.group(1) or 1))
            stack.append((indent, len(opened) - 1))
            continue
        if stack and line.strip().startswith("}") and indent == stack[-1][0]:
            _, index = stack.pop()
            tag = re.search(r'cnn\.tile = \{dim = "(\w+)", level = (\d+)', line)
            if tag:
                found.setdefault(int(tag.group(2)), []).append((index, tag.group(1), opened[index]))
    return {level: [(dim, step) for _, dim, step in sorted(loops)] for level, loops in found.items()}


def main():
    blocked, applied, lanes = open(sys.argv[1]).read(), open(sys.argv[2]).read(), int(sys.argv[3])
    levels, k_per_group, in_block = read_layer(blocked, lanes)
    expected = expected_loops(levels, k_per_group, in_block, lanes)
    found = applied_loops(applied)
    failed = False
    for level, loops in expected.items():
        got = found.get(level, [])
        status = "ok" if got == loops else "MISMATCH"
        failed |= got != loops
        print(f"level {level} ({levels[level][0]}): expected {loops}, found {got}: {status}")
    if set(found) - set(expected):
        failed = True
        print(f"loops tagged with unknown levels {sorted(set(found) - set(expected))}")
    sys.exit(1 if failed else 0)


main()
