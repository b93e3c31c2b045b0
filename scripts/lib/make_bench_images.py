"""Writes N synthetic RGB PNG photographs-to-be for scripts/bench-pipeline.sh, with the standard library only.

Each image is a different SIZE x SIZE crop of one seeded 2*SIZE x 2*SIZE texture (smooth colour gradients,
sine ripples and uniform noise), so images differ, compress like photographs with some noise, and are made
fast. Usage: python3 make_bench_images.py OUT_DIR N SIZE
"""
import math
import os
import random
import struct
import sys
import zlib


def texture(side, rng):
    """Rows of RGB bytes, side x side."""
    rows = []
    for y in range(side):
        row = bytearray(3 * side)
        for x in range(side):
            ripple = 40 * math.sin(x / 7.0) * math.cos(y / 11.0)
            row[3 * x] = max(0, min(255, int(255 * x / side + ripple + rng.randint(-12, 12))))
            row[3 * x + 1] = max(0, min(255, int(255 * y / side - ripple + rng.randint(-12, 12))))
            row[3 * x + 2] = max(0, min(255, int(128 + 2 * ripple + rng.randint(-12, 12))))
        rows.append(bytes(row))
    return rows


def png(rows, width, height):
    """An 8-bit RGB PNG of the given rows (filter type 0 on every row)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + r for r in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b"")


def main():
    out, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(20261125)
    base = texture(2 * size, rng)
    os.makedirs(out, exist_ok=True)
    for i in range(n):
        ox, oy = rng.randrange(size), rng.randrange(size)
        rows = [r[3 * ox:3 * (ox + size)] for r in base[oy:oy + size]]
        with open(os.path.join(out, "img-%05d.png" % i), "wb") as f:
            f.write(png(rows, size, size))


if __name__ == "__main__":
    main()
