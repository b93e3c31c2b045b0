#!/usr/bin/python3
"""Generate the OpenCV reference files for the dev.diffvision.ops.filters and .morphology tests.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv):

    /usr/bin/python3 tools/gen_filter_refs.py

Reads 32x32 crops of samples/images (camera.png as gray, astronaut.png as RGB), scaled to float32 [0, 1], and
writes into ops/src/test/resources/filters/ (CHW float32 .npy, C = 1 or 3):

  gray.npy, rgb.npy                   the crops themselves (the Java tests' inputs)
  gaussian_gray_5x5_s1.5.npy          cv2.GaussianBlur(ksize=(5, 5), sigma 1.5, BORDER_REFLECT_101)
  gaussian_rgb_7x5_s2x1.npy           cv2.GaussianBlur(ksize=(5, 7) [width, height], sigmaX=1, sigmaY=2, REFLECT_101)
                                      = Kornia gaussian_blur2d(kernel_size=(7, 5), sigma=(2, 1))
  box_gray_3x3.npy, box_rgb_5x3.npy   cv2.blur(ksize=(3, 3) / (3, 5) [width, height], BORDER_REFLECT_101)
  median_gray_3.npy, median_rgb_5.npy cv2.medianBlur(ksize 3 / 5): OpenCV replicates the border, Kornia pads
                                      zeros, so only pixels at least k // 2 from the border are comparable
  laplacian_gray_3.npy                cv2.filter2D with Kornia's 3x3 Laplacian kernel ([[1,1,1],[1,-8,1],[1,1,1]])
                                      divided by its L1 norm 16, BORDER_REFLECT_101 (cv2.Laplacian uses other
                                      stencils: ksize=1 the 4-neighbour one, ksize=3 [[2,0,2],[0,-8,0],[2,0,2]])
  morph_<op>_<element>.npy            cv2.dilate / cv2.erode / cv2.morphologyEx (open, close, gradient, tophat,
                                      blackhat) of the gray crop with a 3x3 'square' or 'cross' element and
                                      OpenCV's default border (morphologyDefaultBorderValue: pixels outside the
                                      image are ignored = Kornia's geodesic border), so every pixel compares

Deterministic: re-running reproduces identical files.
"""
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "samples", "images")
OUT = os.path.join(HERE, "..", "ops", "src", "test", "resources", "filters")
REFLECT = cv2.BORDER_REFLECT_101


def crop(name, flags, y, x):
    img = cv2.imread(os.path.join(SAMPLES, name), flags)
    if img is None:
        raise SystemExit("cannot read " + name)
    img = img[y:y + 32, x:x + 32].astype(np.float32) / 255.0
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    return img


def chw(img):
    return np.ascontiguousarray(img[None] if img.ndim == 2 else img.transpose(2, 0, 1)).astype(np.float32)


def save(name, img):
    np.save(os.path.join(OUT, name + ".npy"), chw(img))


def main():
    os.makedirs(OUT, exist_ok=True)
    gray = crop("camera.png", cv2.IMREAD_GRAYSCALE, 100, 200)   # the cameraman's head and tripod: edges
    rgb = crop("astronaut.png", cv2.IMREAD_COLOR, 60, 180)      # face and helmet rim
    save("gray", gray)
    save("rgb", rgb)

    save("gaussian_gray_5x5_s1.5", cv2.GaussianBlur(gray, (5, 5), 1.5, sigmaY=1.5, borderType=REFLECT))
    save("gaussian_rgb_7x5_s2x1", cv2.GaussianBlur(rgb, (5, 7), 1.0, sigmaY=2.0, borderType=REFLECT))
    save("box_gray_3x3", cv2.blur(gray, (3, 3), borderType=REFLECT))
    save("box_rgb_5x3", cv2.blur(rgb, (3, 5), borderType=REFLECT))
    save("median_gray_3", cv2.medianBlur(gray, 3))
    save("median_rgb_5", cv2.medianBlur(rgb, 5))
    lap = np.ones((3, 3), np.float32)
    lap[1, 1] = -8
    save("laplacian_gray_3", cv2.filter2D(gray, -1, lap / np.abs(lap).sum(), borderType=REFLECT))

    elements = {"square": np.ones((3, 3), np.uint8), "cross": cv2.getStructuringElement(cv2.MORPH_CROSS, (3, 3))}
    for ename, element in elements.items():
        save("morph_dilation_" + ename, cv2.dilate(gray, element))
        save("morph_erosion_" + ename, cv2.erode(gray, element))
        for op, code in [("opening", cv2.MORPH_OPEN), ("closing", cv2.MORPH_CLOSE), ("gradient", cv2.MORPH_GRADIENT),
                         ("top_hat", cv2.MORPH_TOPHAT), ("bottom_hat", cv2.MORPH_BLACKHAT)]:
            save("morph_" + op + "_" + ename, cv2.morphologyEx(gray, code, element))


if __name__ == "__main__":
    main()
