"""Writes a small EIE program straight from docs/ISA.md (no project code), so
that the lit tests check the container as documented, optionally corrupted.

The program: 2 PEs, 4 rows x 2 columns, W = [[1,0],[0,3],[0,2],[0,0]] with
codebook value(code) = code in Q0, y = W x.

usage: write_program.py OUT.eie [--corrupt KIND]
"""
import argparse
import struct
import zlib


def pad8(b):
    return b + b"\0" * (-len(b) % 8)


def per_pe(counts_and_data):
    counts = b"".join(struct.pack("<I", n) for n, _ in counts_and_data)
    return counts + b"".join(d for _, d in counts_and_data)


def build(corrupt):
    pes, regfile, spmat, ptr = 2, 4, 64, 16
    host = struct.pack("<IBBH", 2, 0, 0, 0) + struct.pack("<IBBH", 4, 1, 0, 0)
    name = b"hand"
    layers = struct.pack("<II", 0, len(name))
    codebook = b"".join(struct.pack("<h", v) for v in range(16))
    spmat_sec = per_pe([(2, bytes([0x01, 0x12])), (1, bytes([0x03]))])
    ptr_sec = per_pe([(3, struct.pack("<3H", 0, 1, 2)),
                      (3, struct.pack("<3H", 0, 0, 1))])
    sections = [(1, codebook), (2, spmat_sec), (3, ptr_sec)]

    def inst(op, flags=0, a=0, ops=()):
        ops = list(ops) + [0] * (7 - len(ops))
        return struct.pack("<BBH7I", op, flags, a, *ops)

    load_codebook_section = 99 if corrupt == "undefined-section" else 0
    program = [
        inst(0x01, ops=[load_codebook_section]),
        inst(0x02, ops=[1, 0]),
        inst(0x03, ops=[2, 0]),
        inst(0x05, a=0, ops=[0, 2]),
        inst(0x07, flags=1 | 4, a=0, ops=[2, 0, 4, 0, 0, 0]),
        inst(0x09),
        inst(0x06, a=1, ops=[0, 4]),
        inst(0x0a),
    ]
    if corrupt == "no-sync":
        del program[5]

    body = pad8(host)
    host_at = 96
    layer_at = host_at + len(body)
    body += pad8(layers)
    strings_at = host_at + len(body)
    body += pad8(name)
    table_at = host_at + len(body)
    payload_at = table_at + 16 * len(sections)
    table, payloads = b"", b""
    for kind, data in sections:
        offset = payload_at + len(payloads)
        if corrupt == "section-out-of-bounds" and kind == 2:
            offset = 1 << 20
        table += struct.pack("<4I", kind, offset, len(data), 0)
        payloads += pad8(data)
    body += table + payloads
    program_at = host_at + len(body)
    body += b"".join(program)

    size = 96 + len(body)
    version = 2 if corrupt == "version" else 1
    magic = b"EIEPROX\0" if corrupt == "magic" else b"EIEPROG\0"
    header = magic + struct.pack(
        "<18I", version, 96, size, zlib.crc32(body), pes, regfile, spmat, ptr,
        host_at, 2, layer_at, 1, strings_at, len(name), table_at,
        len(sections), program_at, len(program)) + b"\0" * 16
    data = header + body
    if corrupt == "truncate":
        data = data[:200]
    if corrupt == "crc":
        data = data[:-40] + bytes([data[-40] ^ 1]) + data[-39:]
    return data


parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--corrupt", default="none",
                    choices=["none", "magic", "version", "truncate", "crc",
                             "section-out-of-bounds", "undefined-section",
                             "no-sync"])
args = parser.parse_args()
with open(args.out, "wb") as f:
    f.write(build(args.corrupt))
