#!/usr/bin/python3
"""Make the small sample images in samples/images/ from scikit-image's bundled data.

Run from the repository root with Debian's interpreter (python3-skimage, python3-opencv):

    /usr/bin/python3 tools/make_samples.py

Only images that scikit-image documents as public domain or CC0 are used (see samples/LICENSE.md). Each is
resized to at most 256 pixels on its long side with area averaging (cv2.INTER_AREA) and re-encoded so the set
covers the formats DiffVision decodes: 8-bit RGB PNG, 8-bit gray PNG, 16-bit RGB PNG and baseline JPEG.
"""
import os

import cv2
import numpy as np
from skimage import data

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "samples", "images")
LONG_SIDE = 256


def shrink(img, long_side=LONG_SIDE):
    """Area-averaged resize in float64, so 16-bit output keeps the sub-8-bit precision of the averages."""
    h, w = img.shape[:2]
    scale = long_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return cv2.resize(img.astype(np.float64), size, interpolation=cv2.INTER_AREA)


def to_bgr(img):
    return img[..., ::-1] if img.ndim == 3 else img


def save(name, img, params=()):
    path = os.path.join(OUT, name)
    assert cv2.imwrite(path, to_bgr(img), list(params)), path
    print(f"{name}: {img.shape} {img.dtype}, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(OUT, exist_ok=True)
    u8 = lambda f: np.clip(np.rint(f), 0, 255).astype(np.uint8)
    # 8-bit RGB PNG.
    save("astronaut.png", u8(shrink(data.astronaut())), (cv2.IMWRITE_PNG_COMPRESSION, 9))
    # 8-bit grayscale PNG.
    save("camera.png", u8(shrink(data.camera())), (cv2.IMWRITE_PNG_COMPRESSION, 9))
    # 16-bit RGB PNG: the area averages of the 8-bit original scaled to 0..65535 (x 257).
    coffee16 = np.clip(np.rint(shrink(data.coffee(), 192) * 257.0), 0, 65535).astype(np.uint16)
    save("coffee_16bit.png", coffee16, (cv2.IMWRITE_PNG_COMPRESSION, 9))
    # Baseline JPEGs.
    save("chelsea.jpg", u8(shrink(data.chelsea())), (cv2.IMWRITE_JPEG_QUALITY, 90))
    save("rocket.jpg", u8(shrink(data.rocket())), (cv2.IMWRITE_JPEG_QUALITY, 90))


if __name__ == "__main__":
    main()
