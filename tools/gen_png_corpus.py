#!/usr/bin/python3
"""Generate the PNG corpus for PngDecoderTest: every colour type and bit depth PNG allows, written by hand.

Run from the repository root with Debian's interpreter (standard library only):

    /usr/bin/python3 tools/gen_png_corpus.py

Writes into ops/src/test/resources/io/png-corpus/ (all files are generated here, no third-party content):
  valid/    PNGs the decoder must read exactly as the JDK's javax.imageio PNG reader does: colour types 0 (gray
            1/2/4/8/16 bit), 2 (RGB 8/16), 3 (palette 1/2/4/8 bit), 4 (gray+alpha 8/16), 6 (RGBA 8/16); tRNS
            colour keys on gray and RGB, tRNS palettes (partial, fully opaque), indices past the end of a short palette; odd widths so low-bit-depth rows
            end in padding bits; every filter type (row y uses filter (first + y) mod 5, first moving on from file
            to file; applied as the PNG specification defines it, so the decoder's unfiltering is exercised for
            each bpp, on the first row and below it); image data split over several
            IDAT chunks; one Adam7-interlaced file; a zlib stream followed by stray bytes.
  corrupt/  PNGs that must be rejected: an unknown filter type, too much and too little image data, a zlib
            stream cut before its end (no Adler-32), a bad Adler-32, a palette image without PLTE, a
            decompression bomb (1 MB of zeros inflating past a 4x4 header).

Deterministic (fixed seed): re-running reproduces identical files.
"""
import os
import random
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ops", "src", "test", "resources", "io",
                    "png-corpus")
SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
FIRST_FILTER = [0]  # the filter type of the next file's first row: files start on each type in turn
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(values, depth):
    """One row of samples as PNG stores it: MSB-first bit packing below 8 bits, big-endian at 16."""
    if depth == 16:
        return b"".join(struct.pack(">H", v) for v in values)
    if depth == 8:
        return bytes(values)
    per_byte = 8 // depth
    out = bytearray()
    for start in range(0, len(values), per_byte):
        group = list(values[start:start + per_byte])
        group += [0] * (per_byte - len(group))
        byte = 0
        for v in group:
            byte = (byte << depth) | v
        out.append(byte)
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_rows(rows, bpp, types):
    """Filters each row with its type (PNG specification, section 9.2); returns the IDAT payload."""
    out = bytearray()
    prior = bytes(len(rows[0])) if rows else b""
    for row, t in zip(rows, types):
        f = bytearray(len(row))
        for i, x in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = prior[i]
            c = prior[i - bpp] if i >= bpp else 0
            pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][t]
            f[i] = (x - pred) & 0xFF
        out.append(t)
        out += f
        prior = row
    return bytes(out)


def samples(rng, w, h, color_type, depth, key=None):
    """h rows of w * channels sample values; a quarter of the pixels equal the colour key when there is one."""
    n = SAMPLES[color_type]
    top = (1 << depth) - 1
    rows = []
    for _ in range(h):
        row = []
        for _ in range(w):
            if key is not None and rng.random() < 0.25:
                row += key
            else:
                row += [rng.randint(0, top) for _ in range(n)]
        rows.append(row)
    return rows


def png(w, h, depth, color_type, rows, extra=b"", split=1, interlaced=False, mutate=None):
    """A PNG of the given sample rows, filters cycling through 0..4 (the first row's type moving on by one from
    file to file, so each type also meets the first row), IDAT data split into `split` chunks."""
    bpp = max(1, SAMPLES[color_type] * depth // 8)
    first = FIRST_FILTER[0]
    FIRST_FILTER[0] = (first + 1) % 5
    if interlaced:
        raw = b""
        for x0, y0, dx, dy in ADAM7:
            sub = [r for r in rows[y0::dy]]
            sub = [[v for p in range(x0, w, dx) for v in r[p * SAMPLES[color_type]:(p + 1) * SAMPLES[color_type]]]
                   for r in sub]
            if sub and sub[0]:
                packed = [pack_row(r, depth) for r in sub]
                raw += filter_rows(packed, bpp, [(first + y) % 5 for y in range(len(packed))])
    else:
        packed = [pack_row(r, depth) for r in rows]
        raw = filter_rows(packed, bpp, [(first + y) % 5 for y in range(h)])
    if mutate is not None:
        raw = mutate(raw)
    data = zlib.compress(raw, 9)
    step = -(-len(data) // split)
    idat = b"".join(chunk(b"IDAT", data[i:i + step]) for i in range(0, len(data), step))
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 1 if interlaced else 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + idat + chunk(b"IEND", b"")


def palette(rng, entries):
    return chunk(b"PLTE", bytes(rng.randint(0, 255) for _ in range(3 * entries)))


def write(folder, name, data):
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    with open(os.path.join(ROOT, folder, name), "wb") as f:
        f.write(data)


def valid(rng):
    w, h = 13, 7
    for depth in (1, 2, 4, 8, 16):
        write("valid", "gray%d.png" % depth, png(w, h, depth, 0, samples(rng, w, h, 0, depth)))
        key = [min(3, (1 << depth) - 1)]
        write("valid", "gray%d_trns.png" % depth,
              png(w, h, depth, 0, samples(rng, w, h, 0, depth, key), chunk(b"tRNS", struct.pack(">H", key[0]))))
    for depth in (8, 16):
        for ct, name in ((2, "rgb"), (4, "ga"), (6, "rgba")):
            write("valid", "%s%d.png" % (name, depth), png(w, h, depth, ct, samples(rng, w, h, ct, depth), split=3))
        key = [7, 200, 33]
        write("valid", "rgb%d_trns.png" % depth,
              png(w, h, depth, 2, samples(rng, w, h, 2, depth, key), chunk(b"tRNS", struct.pack(">HHH", *key))))
    for depth in (1, 2, 4, 8):
        entries = min(1 << depth, 20)
        rows = [[rng.randrange(entries) for _ in range(w)] for _ in range(h)]
        write("valid", "palette%d.png" % depth, png(w, h, depth, 3, rows, palette(rng, entries)))
        alphas = bytes(rng.randint(0, 255) for _ in range(max(1, entries // 2)))  # the rest stay opaque
        write("valid", "palette%d_trns.png" % depth,
              png(w, h, depth, 3, rows, palette(rng, entries) + chunk(b"tRNS", alphas)))
    rows = [[rng.randrange(16) for _ in range(w)] for _ in range(h)]  # indices 5..15 point past the palette
    write("valid", "palette4_short.png", png(w, h, 4, 3, rows, palette(rng, 5)))
    write("valid", "palette4_short_trns.png", png(w, h, 4, 3, rows, palette(rng, 5) + chunk(b"tRNS", b"\x10\x80")))
    rows = [[rng.randrange(4) for _ in range(w)] for _ in range(h)]
    write("valid", "palette8_trns_opaque.png",
          png(w, h, 8, 3, rows, palette(rng, 4) + chunk(b"tRNS", b"\xff\xff")))
    for size in ((1, 1), (1, 9), (9, 1)):
        write("valid", "rgba16_%dx%d.png" % size, png(*size, 16, 6, samples(rng, *size, 6, 16)))
        write("valid", "gray1_%dx%d.png" % size, png(*size, 1, 0, samples(rng, *size, 0, 1)))
    write("valid", "rgb8_interlaced.png", png(w, h, 8, 2, samples(rng, w, h, 2, 8), interlaced=True))
    good = png(w, h, 8, 2, samples(rng, w, h, 2, 8))
    idat = good.index(b"IDAT") - 4
    length = struct.unpack(">I", good[idat:idat + 4])[0]
    payload = good[idat + 8:idat + 8 + length] + b"\x00\x01\x02"
    write("valid", "rgb8_trailing_bytes.png", good[:idat] + chunk(b"IDAT", payload) + chunk(b"IEND", b""))


def corrupt(rng):
    w, h = 13, 7
    rows = samples(rng, w, h, 2, 8)
    stride = 1 + 3 * w  # row 1's filter-type byte sits at index stride
    write("corrupt", "bad_filter.png", png(w, h, 8, 2, rows, mutate=lambda raw: raw[:stride] + b"\x05"
                                           + raw[stride + 1:]))
    write("corrupt", "too_much_data.png", png(w, h, 8, 2, rows, mutate=lambda raw: raw + b"\x00" * 40))
    write("corrupt", "too_little_data.png", png(w, h, 8, 2, rows, mutate=lambda raw: raw[:-40]))
    good = png(w, h, 8, 2, rows)
    idat = good.index(b"IDAT") - 4
    length = struct.unpack(">I", good[idat:idat + 4])[0]
    stream = good[idat + 8:idat + 8 + length]
    tail = chunk(b"IEND", b"")
    write("corrupt", "no_adler32.png", good[:idat] + chunk(b"IDAT", stream[:-4]) + tail)
    bad_adler = stream[:-1] + bytes([stream[-1] ^ 0xFF])
    write("corrupt", "bad_adler32.png", good[:idat] + chunk(b"IDAT", bad_adler) + tail)
    write("corrupt", "palette_without_plte.png", png(w, h, 8, 3, [[0] * w for _ in range(h)]))
    bomb = zlib.compress(b"\x00" * (1 << 20), 9)
    ihdr = struct.pack(">IIBBBBB", 4, 4, 8, 0, 0, 0, 0)
    write("corrupt", "bomb.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", bomb) + tail)


def main():
    rng = random.Random(20261126)
    valid(rng)
    corrupt(rng)


if __name__ == "__main__":
    main()
