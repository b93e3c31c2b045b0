#!/usr/bin/python3
"""Generate the scikit-image reference files for the dev.diffvision.ops.metrics / .losses tests.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv, python3-skimage):

    /usr/bin/python3 tools/gen_loss_refs.py

Reads 64x64 crops of two different sample photographs, scaled to float32 [0, 1], and writes into
ops/src/test/resources/losses/:

  gray_a.npy, gray_b.npy    (1, 64, 64) crops of camera.png and of astronaut.png (as gray)
  rgb_a.npy, rgb_b.npy      (3, 64, 64) RGB crops of astronaut.png and chelsea.jpg
  ssim_gray_map.npy         (64, 64) float32 skimage.metrics.structural_similarity(a, b, full=True,
                            gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1):
                            the SSIM map; its 11x11 Gaussian (truncate 3.5) is Kornia's window_size=11
  ssim_rgb_map.npy          (3, 64, 64) the same with channel_axis (one map per channel, CHW)
  scalars.npy               float64 [mssim gray, mssim rgb, psnr gray, psnr rgb]: skimage's mean SSIM (the
                            mean of the map over the interior, 5 pixels cropped on each side) and
                            peak_signal_noise_ratio(a, b, data_range=1)

Convention difference: skimage filters with scipy's 'reflect' border (edge repeated, OpenCV BORDER_REFLECT)
where Kornia reflects without repeating the edge (BORDER_REFLECT_101), so only the interior of the maps, where
the window lies inside the image, is comparable; skimage's mean SSIM is exactly the mean over that interior.
Deterministic: re-running reproduces identical files.
"""
import os

import cv2
import numpy as np
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "samples", "images")
OUT = os.path.join(HERE, "..", "ops", "src", "test", "resources", "losses")
SSIM_ARGS = dict(gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1.0, full=True)


def crop(name, flags, y, x):
    img = cv2.imread(os.path.join(SAMPLES, name), flags)
    if img is None:
        raise SystemExit("cannot read " + name)
    img = img[y:y + 64, x:x + 64].astype(np.float32) / 255.0
    if img.ndim == 3:
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    return img


def chw(img):
    return np.ascontiguousarray(img[None] if img.ndim == 2 else img.transpose(2, 0, 1))


def main():
    os.makedirs(OUT, exist_ok=True)
    gray_a = crop("camera.png", cv2.IMREAD_GRAYSCALE, 90, 190)
    gray_b = crop("astronaut.png", cv2.IMREAD_GRAYSCALE, 60, 180)
    rgb_a = crop("astronaut.png", cv2.IMREAD_COLOR, 60, 180)
    rgb_b = crop("chelsea.jpg", cv2.IMREAD_COLOR, 80, 120)
    for name, img in [("gray_a", gray_a), ("gray_b", gray_b), ("rgb_a", rgb_a), ("rgb_b", rgb_b)]:
        np.save(os.path.join(OUT, name + ".npy"), chw(img).astype(np.float32))
    a64, b64 = gray_a.astype(np.float64), gray_b.astype(np.float64)
    mssim_gray, map_gray = structural_similarity(a64, b64, **SSIM_ARGS)
    ra, rb = rgb_a.astype(np.float64), rgb_b.astype(np.float64)
    mssim_rgb, map_rgb = structural_similarity(ra, rb, channel_axis=2, **SSIM_ARGS)
    np.save(os.path.join(OUT, "ssim_gray_map.npy"), map_gray.astype(np.float32))
    np.save(os.path.join(OUT, "ssim_rgb_map.npy"), chw(map_rgb).astype(np.float32))
    psnr_gray = peak_signal_noise_ratio(a64, b64, data_range=1.0)
    psnr_rgb = peak_signal_noise_ratio(ra, rb, data_range=1.0)
    np.save(os.path.join(OUT, "scalars.npy"), np.array([mssim_gray, mssim_rgb, psnr_gray, psnr_rgb]))
    print("mssim gray %.6f rgb %.6f, psnr gray %.4f rgb %.4f" % (mssim_gray, mssim_rgb, psnr_gray, psnr_rgb))


if __name__ == "__main__":
    main()
