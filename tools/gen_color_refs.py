#!/usr/bin/python3
"""Generate the real-image references for the dev.diffvision.ops.color tests.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv, python3-skimage):

    /usr/bin/python3 tools/gen_color_refs.py

Writes into ops/src/test/resources/color/, for two 32x32 crops of sample photos (astronaut, chelsea):
  <img>_rgb.npy        the crop, RGB float32 in [0, 1], CHW (3, 32, 32): the input of every test
  <img>_hsv.npy        OpenCV COLOR_RGB2HSV on float32, hue converted degrees -> radians (Kornia's unit)
  <img>_hls.npy        OpenCV COLOR_RGB2HLS on float32 (order H, L, S), hue converted degrees -> radians
  <img>_lab.npy        scikit-image rgb2lab (D65, 2 degrees), float64
  <img>_luv.npy        scikit-image rgb2luv (D65, 2 degrees), float64
  <img>_xyz.npy        OpenCV COLOR_RGB2XYZ on float32 (linear matrix, no sRGB linearisation)
  <img>_ycrcb.npy      OpenCV COLOR_RGB2YCrCb on float32: channel order Y, Cr, Cb (Kornia's is Y, Cb, Cr)
  <img>_yuv.npy        OpenCV COLOR_RGB2YUV on float32 (U and V offset by 0.5; Kornia's have no offset)
  <img>_raw_<P>.npy    the crop sampled through Kornia's Bayer layout P (BG, GB, RG, GR: the red/blue positions
                       of kornia.color.CFA.P), (1, 32, 32), 16-bit values that are multiples of 4, as float in
                       [0, 1], so that OpenCV's integer means of 2 and 4 samples are exact
  <img>_demosaic_<P>.npy  OpenCV COLOR_Bayer<P>2RGB (bilinear demosaicing) of that 16-bit mosaic, float, CHW

Everything is deterministic; all arrays are CHW float32 except the scikit-image outputs (float64).
"""
import os

import cv2
import numpy as np
from skimage import color

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "ops", "src", "test", "resources", "color")
CROPS = {"astronaut": ("astronaut.png", 100, 120), "chelsea": ("chelsea.jpg", 60, 100)}
# Kornia's CFA: (red row, red col), (blue row, blue col) inside the 2x2 tile.
CFA = {"BG": ((0, 0), (1, 1)), "GB": ((0, 1), (1, 0)), "RG": ((1, 1), (0, 0)), "GR": ((1, 0), (0, 1))}


def chw(hwc):
    return np.ascontiguousarray(np.transpose(hwc, (2, 0, 1)))


def save(name, arr):
    np.save(os.path.join(OUT, name + ".npy"), arr)


def mosaic(rgb16, layout):
    """Sample an (H, W, 3) image through Kornia's CFA layout: (H, W) raw."""
    (rr, rc), (br, bc) = CFA[layout]
    raw = rgb16[:, :, 1].copy()
    raw[rr::2, rc::2] = rgb16[rr::2, rc::2, 0]
    raw[br::2, bc::2] = rgb16[br::2, bc::2, 2]
    return raw


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (file, top, left) in CROPS.items():
        bgr8 = cv2.imread(os.path.join(ROOT, "samples", "images", file), cv2.IMREAD_COLOR)
        rgb8 = cv2.cvtColor(bgr8, cv2.COLOR_BGR2RGB)[top:top + 32, left:left + 32]
        rgb = rgb8.astype(np.float32) / np.float32(255)
        save(name + "_rgb", chw(rgb))

        hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
        hsv[:, :, 0] = np.deg2rad(hsv[:, :, 0].astype(np.float64)).astype(np.float32)
        save(name + "_hsv", chw(hsv))
        hls = cv2.cvtColor(rgb, cv2.COLOR_RGB2HLS)
        hls[:, :, 0] = np.deg2rad(hls[:, :, 0].astype(np.float64)).astype(np.float32)
        save(name + "_hls", chw(hls))

        save(name + "_lab", chw(color.rgb2lab(rgb.astype(np.float64))))
        save(name + "_luv", chw(color.rgb2luv(rgb.astype(np.float64))))
        save(name + "_xyz", chw(cv2.cvtColor(rgb, cv2.COLOR_RGB2XYZ)))
        save(name + "_ycrcb", chw(cv2.cvtColor(rgb, cv2.COLOR_RGB2YCrCb)))
        save(name + "_yuv", chw(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV)))

        # 16-bit samples that are multiples of 4, so OpenCV's integer means of 2 and 4 samples are exact.
        rgb16 = (np.round(rgb.astype(np.float64) * 16383) * 4).astype(np.uint16)
        for layout in CFA:
            raw16 = mosaic(rgb16, layout)
            save(name + "_raw_" + layout, (raw16.astype(np.float32) / np.float32(65535))[None])
            code = getattr(cv2, "COLOR_Bayer" + layout + "2RGB")
            demosaiced = cv2.cvtColor(raw16, code).astype(np.float32) / np.float32(65535)
            save(name + "_demosaic_" + layout, chw(demosaiced))


if __name__ == "__main__":
    main()
