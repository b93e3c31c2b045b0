#!/usr/bin/python3
"""Generate the reference files for the dev.diffvision.ops.io tests.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv, python3-pil):

    /usr/bin/python3 tools/gen_io_refs.py

Writes into ops/src/test/resources/io/:
  npy/     .npy files written by NumPy itself (every dtype, versions 1.0/2.0/3.0, big-endian, Fortran order,
           0-d and empty arrays); the Java tests assert the values, which are spelled out below.
  images/  small PNG and JPEG files written by OpenCV, PIL or the minimal PNG writer below (for layouts
           OpenCV cannot write: gray+alpha, palettes, 1/2/4-bit gray), each with <name>.npy holding the
           pixels an independent decoder (OpenCV's cv2.imdecode, i.e. libpng / libjpeg-turbo) returns,
           converted to the CHW RGB(A) layout DiffVision uses.

Everything is deterministic (fixed seeds), so re-running reproduces identical files (except for
encoder-version differences in the JPEG bitstreams).
"""
import os
import struct
import zlib

import cv2
import numpy as np
from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ops", "src", "test", "resources", "io")
NPY = os.path.join(ROOT, "npy")
IMG = os.path.join(ROOT, "images")


def save_npy(path, arr, version=None):
    with open(path, "wb") as f:
        if version is None:
            np.save(f, arr)
        else:
            np.lib.format.write_array(f, arr, version=version)


def gen_npy():
    os.makedirs(NPY, exist_ok=True)
    f4 = (np.arange(6, dtype="<f4").reshape(2, 3) * np.float32(0.5) - np.float32(1.0)).astype("<f4")
    save_npy(os.path.join(NPY, "f4_2x3.npy"), f4)
    special = np.array([0.1, -2.5, 1e-30, 3.0e38, np.inf, -np.inf, np.nan, -0.0], dtype="<f4")
    save_npy(os.path.join(NPY, "f4_special.npy"), special)
    save_npy(os.path.join(NPY, "f8_scalar.npy"), np.array(np.pi, dtype="<f8"))
    save_npy(os.path.join(NPY, "f8_2x2.npy"), np.array([[1.0 / 3.0, -1e300], [2.0 ** -1074, 42.0]], dtype="<f8"))
    save_npy(os.path.join(NPY, "u1_5.npy"), np.array([0, 1, 127, 128, 255], dtype=np.uint8))
    save_npy(os.path.join(NPY, "u2_2x3.npy"), np.array([[0, 1, 255], [256, 32768, 65535]], dtype="<u2"))
    save_npy(os.path.join(NPY, "f4_be.npy"), np.array([1.5, -2.25, 1e10], dtype=">f4"))
    save_npy(os.path.join(NPY, "u2_be.npy"), np.array([1, 258, 65535], dtype=">u2"))
    save_npy(os.path.join(NPY, "f8_be.npy"), np.array([[-0.125], [1e-300]], dtype=">f8"))
    save_npy(os.path.join(NPY, "f4_fortran.npy"), np.asfortranarray(f4))
    save_npy(os.path.join(NPY, "f4_v2.npy"), f4, version=(2, 0))
    save_npy(os.path.join(NPY, "f4_v3.npy"), f4, version=(3, 0))
    save_npy(os.path.join(NPY, "f4_0x3.npy"), np.zeros((0, 3), dtype="<f4"))
    save_npy(os.path.join(NPY, "f4_1x2x3x4.npy"), np.arange(24, dtype="<f4").reshape(1, 2, 3, 4))
    save_npy(os.path.join(NPY, "i4_3.npy"), np.array([1, 2, 3], dtype="<i4"))


# ---------------------------------------------------------------------------------------------------------
# A minimal PNG writer, for layouts OpenCV cannot write (gray+alpha, palettes, 1/2/4-bit gray).

def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bytes(width, height, bit_depth, color_type, rows, extra_chunks=b""):
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 (None) on every row
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + extra_chunks
            + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b""))


def pack_bits(values, bit_depth):
    """Pack one row of small integers MSB-first, as PNG does for bit depths below 8."""
    per_byte = 8 // bit_depth
    out = bytearray()
    for start in range(0, len(values), per_byte):
        byte = 0
        group = list(values[start:start + per_byte]) + [0] * (per_byte - len(values[start:start + per_byte]))
        for v in group:
            byte = (byte << bit_depth) | int(v)
        out.append(byte)
    return bytes(out)


def cv2_decode_chw(data):
    """Pixels as OpenCV (libpng / libjpeg-turbo) decodes them, in CHW RGB(A) order."""
    arr = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    if arr.ndim == 2:
        return arr[None, :, :]
    if arr.shape[2] == 3:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGR2RGB)
    elif arr.shape[2] == 4:
        arr = cv2.cvtColor(arr, cv2.COLOR_BGRA2RGBA)
    return np.ascontiguousarray(arr.transpose(2, 0, 1))


def write_image(name, data, expected_chw):
    with open(os.path.join(IMG, name), "wb") as f:
        f.write(data)
    stem = os.path.splitext(name)[0]
    save_npy(os.path.join(IMG, stem + ".npy"), np.ascontiguousarray(expected_chw))


def encode_cv2(ext, hwc_rgb, params=()):
    if hwc_rgb.ndim == 3 and hwc_rgb.shape[2] == 3:
        hwc = cv2.cvtColor(hwc_rgb, cv2.COLOR_RGB2BGR)
    elif hwc_rgb.ndim == 3 and hwc_rgb.shape[2] == 4:
        hwc = cv2.cvtColor(hwc_rgb, cv2.COLOR_RGBA2BGRA)
    else:
        hwc = hwc_rgb
    ok, buf = cv2.imencode(ext, hwc, list(params))
    assert ok, ext
    return buf.tobytes()


def smooth_rgb(h, w):
    """A smooth test picture (gradients and a soft disc): JPEG-friendly, no noise."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 255 * x / (w - 1)
    g = 255 * y / (h - 1)
    disc = np.exp(-(((x - w * 0.6) ** 2 + (y - h * 0.4) ** 2) / (2 * (min(h, w) / 5) ** 2)))
    b = 60 + 180 * disc
    return np.clip(np.stack([r, g, b], axis=2) + 0.5, 0, 255).astype(np.uint8)


def gen_images():
    os.makedirs(IMG, exist_ok=True)
    rng = np.random.default_rng(20240611)
    h, w = 7, 11  # odd sizes catch stride and packing bugs

    # OpenCV-written PNGs: 8 and 16 bit; gray, RGB, RGBA.
    for bits, dtype in ((8, np.uint8), (16, np.uint16)):
        hi = np.iinfo(dtype).max + 1
        gray = rng.integers(0, hi, (h, w), dtype=dtype)
        rgb = rng.integers(0, hi, (h, w, 3), dtype=dtype)
        rgba = rng.integers(0, hi, (h, w, 4), dtype=dtype)
        for stem, img in (("gray", gray), ("rgb", rgb), ("rgba", rgba)):
            data = encode_cv2(".png", img)
            write_image(f"{stem}{bits}.png", data, cv2_decode_chw(data))
        # Reference for DecodeOptions.Channels.GRAY: OpenCV's BT.601 integer conversion of the RGB image.
        save_npy(os.path.join(IMG, f"rgb{bits}_as_gray.npy"), cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)[None, :, :])

    # Gray+alpha, 8 and 16 bit (colour type 4); OpenCV would expand these to BGRA, so the expected array is
    # the source itself (2 channels), and the RGBA reference is OpenCV's decode.
    ga8 = rng.integers(0, 256, (h, w, 2), dtype=np.uint8)
    data = png_bytes(w, h, 8, 4, [ga8[i].tobytes() for i in range(h)])
    write_image("ga8.png", data, ga8.transpose(2, 0, 1))
    save_npy(os.path.join(IMG, "ga8_as_rgba.npy"), cv2_decode_chw(data))
    ga16 = rng.integers(0, 65536, (h, w, 2), dtype=np.uint16)
    data = png_bytes(w, h, 16, 4, [ga16[i].astype(">u2").tobytes() for i in range(h)])
    write_image("ga16.png", data, ga16.transpose(2, 0, 1))

    # 1, 2 and 4-bit gray: libpng expands them to 8 bits scaled to 0..255.
    for bits in (1, 2, 4):
        vals = rng.integers(0, 1 << bits, (h, w), dtype=np.uint8)
        data = png_bytes(w, h, bits, 0, [pack_bits(vals[i], bits) for i in range(h)])
        write_image(f"gray{bits}bit.png", data, cv2_decode_chw(data))

    # Palettes: 8-bit and 4-bit indices, with and without tRNS alpha.
    palette = rng.integers(0, 256, (12, 3), dtype=np.uint8)
    plte = _chunk(b"PLTE", palette.tobytes())
    trns = _chunk(b"tRNS", bytes([0, 64, 128, 200, 255]))
    idx = rng.integers(0, 12, (h, w), dtype=np.uint8)
    data = png_bytes(w, h, 8, 3, [idx[i].tobytes() for i in range(h)], plte)
    write_image("palette8.png", data, cv2_decode_chw(data))
    data = png_bytes(w, h, 8, 3, [idx[i].tobytes() for i in range(h)], plte + trns)
    write_image("palette8_trns.png", data, cv2_decode_chw(data))
    data = png_bytes(w, h, 4, 3, [pack_bits(idx[i], 4) for i in range(h)], plte)
    write_image("palette4.png", data, cv2_decode_chw(data))

    # tRNS colour keys on gray and RGB images: the keyed colour becomes transparent. OpenCV (libpng's
    # tRNS_to_alpha) applies it to RGB, giving RGBA; for gray it ignores the key, so the expected gray+alpha
    # array is built here, following the PNG specification.
    rgb_key = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    rgb_key[rgb_key[..., 0] < 64] = (1, 2, 3)
    data = png_bytes(w, h, 8, 2, [rgb_key[i].tobytes() for i in range(h)], _chunk(b"tRNS", struct.pack(">HHH", 1, 2, 3)))
    write_image("rgb8_trns.png", data, cv2_decode_chw(data))
    gray_key = rng.integers(0, 8, (h, w), dtype=np.uint8)
    data = png_bytes(w, h, 8, 0, [gray_key[i].tobytes() for i in range(h)], _chunk(b"tRNS", struct.pack(">H", 5)))
    alpha = np.where(gray_key == 5, 0, 255).astype(np.uint8)
    write_image("gray8_trns.png", data, np.stack([gray_key, alpha]))

    # JPEGs written by OpenCV (libjpeg-turbo); expected pixels from cv2.imdecode.
    pic = smooth_rgb(30, 37)
    data = encode_cv2(".jpg", pic, (cv2.IMWRITE_JPEG_QUALITY, 92))
    write_image("rgb.jpg", data, cv2_decode_chw(data))
    data = encode_cv2(".jpg", pic, (cv2.IMWRITE_JPEG_QUALITY, 92, cv2.IMWRITE_JPEG_PROGRESSIVE, 1))
    write_image("rgb_progressive.jpg", data, cv2_decode_chw(data))
    gray = cv2.cvtColor(pic, cv2.COLOR_RGB2GRAY)
    data = encode_cv2(".jpg", gray, (cv2.IMWRITE_JPEG_QUALITY, 92))
    write_image("gray.jpg", data, cv2_decode_chw(data))

    # A CMYK JPEG (Adobe APP14) written by PIL: the JDK's own JPEG reader rejects these; TwelveMonkeys'
    # reader converts them to RGB. Colour conversion of CMYK is profile-dependent, so only the shape and
    # the dominant colour of each half are asserted; no .npy reference.
    cmyk = np.zeros((16, 24, 4), dtype=np.uint8)
    cmyk[:, :12] = (0, 255, 255, 0)   # left half: red in CMYK (no cyan, full magenta and yellow)
    cmyk[:, 12:] = (255, 255, 0, 0)   # right half: blue
    buf = __import__("io").BytesIO()
    Image.fromarray(cmyk, mode="CMYK").save(buf, format="JPEG", quality=95)
    with open(os.path.join(IMG, "cmyk.jpg"), "wb") as f:
        f.write(buf.getvalue())


if __name__ == "__main__":
    gen_npy()
    gen_images()
    print("wrote", ROOT)
