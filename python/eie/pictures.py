"""PNG pictures of the compiler's reports, for where a picture says more than
a table.

- `blocking_energy`: the energy of each layer's blocking per memory level
  (the blocking reports of `eie.optimize_blocking`, `--cnn-blocking-report`
  or `eie-block`);
- `eie_utilization`: per-PE busy, stall and idle cycles of the layers the
  EIE simulator ran, with their load balance (`eie.simulate`'s report or
  `eie-sim --report-json`);
- `compression_ratio`: dense fp32 bytes over compressed bytes per layer
  (`eie.compress`/`eie.encode` reports, `--eie-compression-report
  file=...`, or the demo's own per-layer records).

Each function takes the report as the compiler writes it (dicts, as parsed
from its JSON) and a path, and returns the path. Drawing uses matplotlib's
object API with the Agg canvas, so it touches no global pyplot state and
needs no display. From the shell:

    python3 -m eie.pictures blocking report.json -o energy.png
    python3 -m eie.pictures utilization sim.json -o pes.png
    python3 -m eie.pictures compression storage.json -o ratio.png
"""

import argparse
import json
import os
import sys

__all__ = ["blocking_energy", "eie_utilization", "compression_ratio"]

_LEVEL_COLORS = ["#4c72b0", "#55a868", "#c44e52", "#8172b2", "#ccb974",
                 "#64b5cd"]


def _figure(width, height):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure


def _save(figure, path):
    path = os.fspath(path)
    figure.tight_layout()
    figure.savefig(path, format="png")
    return path


def _as_list(reports, what):
    if isinstance(reports, dict):
        reports = [reports]
    if not isinstance(reports, list) or not reports or \
            not all(isinstance(r, dict) for r in reports):
        raise ValueError("%s: expected a report (dict) or a non-empty list "
                         "of reports" % what)
    return reports


def blocking_energy(reports, path, title=None):
    """Stacked bars, one per layer: the energy (uJ) its optimal blocking
    spends at each memory level, and the arithmetic (the report's total
    less the levels) on top."""
    reports = _as_list(reports, "blocking_energy")
    levels = []
    for report in reports:
        if "levels" not in report or "energy_pj" not in report:
            raise ValueError("blocking_energy: report of layer %r has no "
                             "'levels' or 'energy_pj' (not a blocking "
                             "report)" % report.get("layer", "?"))
        for level in report["levels"]:
            if level["name"] not in levels:
                levels.append(level["name"])
    names = [str(r.get("layer", i)) for i, r in enumerate(reports)]
    figure = _figure(max(5.0, 0.8 * len(reports) + 2.5), 4.0)
    axes = figure.add_subplot(1, 1, 1)
    bottom = [0.0] * len(reports)
    for index, level in enumerate(levels + ["arithmetic"]):
        heights = []
        for report in reports:
            per_level = {l["name"]: l["energy_pj"] for l in report["levels"]}
            if level == "arithmetic":
                value = report["energy_pj"] - sum(per_level.values())
                heights.append(max(value, 0.0) / 1e6)
            else:
                heights.append(per_level.get(level, 0.0) / 1e6)
        axes.bar(names, heights, bottom=bottom, label=level,
                 color=_LEVEL_COLORS[index % len(_LEVEL_COLORS)]
                 if level != "arithmetic" else "#999999")
        bottom = [b + h for b, h in zip(bottom, heights)]
    axes.set_ylabel("energy per inference (uJ)")
    axes.set_title(title or "Energy of the optimal blockings per memory "
                   "level (%s)" % reports[0].get("arch", "?"))
    axes.legend(fontsize="small")
    for label in axes.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    return _save(figure, path)


def eie_utilization(report, path, title=None):
    """One panel per layer the simulator ran: each PE's busy, stalled and
    idle cycles, stacked, with the layer's load-balance efficiency and MAC
    utilization."""
    if not isinstance(report, dict) or not isinstance(
            report.get("layers"), list) or not report["layers"]:
        raise ValueError("eie_utilization: expected the simulator's report "
                         "(a dict with a non-empty 'layers' list)")
    layers = report["layers"]
    pes = len(layers[0]["pe"]["busy"])
    figure = _figure(max(6.0, 0.12 * pes + 3.0), 2.4 * len(layers) + 0.6)
    for index, layer in enumerate(layers):
        axes = figure.add_subplot(len(layers), 1, index + 1)
        bottom = [0] * pes
        for kind, color in (("busy", "#55a868"), ("stall", "#c44e52"),
                            ("idle", "#cccccc")):
            values = layer["pe"][kind]
            axes.bar(range(pes), values, bottom=bottom, color=color,
                     label=kind, width=0.8)
            bottom = [b + v for b, v in zip(bottom, values)]
        axes.set_xlim(-0.6, pes - 0.4)
        axes.set_ylabel("cycles")
        axes.set_title("layer %s: %d cycles, load balance %.0f%%, MAC "
                       "utilization %.0f%%" % (
                           layer["name"], layer["cycles"],
                           100 * layer["load_balance_efficiency"],
                           100 * layer["mac_utilization"]),
                       fontsize="medium")
        if index == 0:
            axes.legend(fontsize="small", ncol=3, loc="lower right")
        if index == len(layers) - 1:
            axes.set_xlabel("processing element")
    if title:
        figure.suptitle(title)
    return _save(figure, path)


def compression_ratio(layers, path, title=None):
    """Horizontal bars: each layer's dense fp32 bytes over its compressed
    bytes. `layers` are storage records with "name", "dense_fp32_bytes" and
    "total_bytes" (eie::format::StorageStats as JSON), or {"layers": [...]};
    a name may carry its model ("mlp/fc1")."""
    if isinstance(layers, dict) and "layers" in layers:
        layers = layers["layers"]
    layers = _as_list(layers, "compression_ratio")
    for layer in layers:
        for key in ("name", "dense_fp32_bytes", "total_bytes"):
            if key not in layer:
                raise ValueError("compression_ratio: a layer record has no "
                                 "'%s' (keys: %s)" % (key, ", ".join(
                                     sorted(layer))))
    names = [str(l["name"]) for l in layers]
    ratios = [l["dense_fp32_bytes"] / l["total_bytes"] for l in layers]
    figure = _figure(6.5, 0.45 * len(layers) + 1.4)
    axes = figure.add_subplot(1, 1, 1)
    positions = list(range(len(layers)))[::-1]
    axes.barh(positions, ratios, color="#4c72b0")
    axes.set_yticks(positions)
    axes.set_yticklabels(names)
    for position, ratio, layer in zip(positions, ratios, layers):
        axes.text(ratio, position, " %.1fx (%d -> %d B)" % (
            ratio, layer["dense_fp32_bytes"], layer["total_bytes"]),
            va="center", fontsize="small")
    axes.set_xlim(0, max(ratios) * 1.6)
    axes.set_xlabel("compression ratio (dense fp32 bytes / compressed "
                    "bytes)")
    axes.set_title(title or "Compression per layer")
    return _save(figure, path)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python3 -m eie.pictures",
        description="Draws a PNG from a JSON report of the EIE compiler.")
    parser.add_argument("kind", choices=["blocking", "utilization",
                                         "compression"],
                        help="blocking: --cnn-blocking-report or eie-block "
                        "JSON; utilization: eie-sim --report-json; "
                        "compression: --eie-compression-report file=")
    parser.add_argument("report", help="the JSON report")
    parser.add_argument("-o", "--output", required=True, help="PNG to write")
    parser.add_argument("--title", default=None)
    args = parser.parse_args(argv)
    try:
        with open(args.report) as f:
            report = json.load(f)
        draw = {"blocking": blocking_energy, "utilization": eie_utilization,
                "compression": compression_ratio}[args.kind]
        print(draw(report, args.output, title=args.title))
    except (OSError, ValueError, KeyError, TypeError) as e:
        message = str(e) if not isinstance(e, KeyError) else \
            "the report has no key %s" % e
        print("eie.pictures: %s: %s" % (args.report, message),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
