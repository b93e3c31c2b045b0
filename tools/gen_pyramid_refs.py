#!/usr/bin/python3
"""Generate the references of the Laplacian pyramid and ScalePyramid tests (dev.diffvision.ops.geometry.transform).

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv):

    /usr/bin/python3 tools/gen_pyramid_refs.py

Reads ops/src/test/resources/geometry/transform/src.npy (the (3, 32, 32) float32 astronaut crop written by
gen_transform_refs.py) and writes, in float64, into ops/src/test/resources/geometry/transform/pyramid/:

  lap_src.npy        (3, 20, 24) src[:, :20, :24]: neither side a power of two, so Kornia pads it
  lap_<i>.npy        build_laplacian_pyramid(lap_src, max_level=3), levels 0, 1, 2: (3, 32, 32), (3, 16, 16),
                     (3, 8, 8). Kornia's algorithm with OpenCV primitives: np.pad 'reflect' (= torch 'reflect' =
                     BORDER_REFLECT_101) bottom/right to 32 x 32; pyrdown = cv2.filter2D with the 5 x 5 binomial
                     kernel / 256 (BORDER_REFLECT_101) then cv2.resize INTER_LINEAR to half (= torch bilinear,
                     align_corners False); pyrup = cv2.resize INTER_LINEAR to double then the same filter2D;
                     level i = G_i - pyrup(G_{i+1}), the last level G_2.
  sp_src.npy         (1, 20, 24) the mean of lap_src's channels
  sp_<o>.npy         ScalePyramid(n_levels=2, init_sigma=1.6, min_size=4, double_image=False)(sp_src) octave o as
                     (1, 5, H, W): (5, 20, 24), (5, 10, 12), (5, 5, 6)
  spd_src.npy        (1, 12, 14) sp_src[:, :12, :14]
  spd_<o>.npy        the same with double_image=True on spd_src: (5, 24, 28), (5, 12, 14), (5, 6, 7)

ScalePyramid is Kornia's algorithm with cv2.GaussianBlur (the sampled, normalised Gaussian of Kornia's
gaussian_blur2d, BORDER_REFLECT_101 = Kornia's default 'reflect') in place of Kornia's blur: the first level blurs
by sqrt(init_sigma^2 - 0.5^2) (0.5 doubled to 1 after upscale_double), every further level by
sigma * sqrt(step^2 - 1) with step = 2^(1 / n_levels), kernel size int(8 sigma + 1) made odd (capped at the
octave's smaller side, then made odd again, for the further levels); the next octave starts from level n_levels
subsampled [::2, ::2] and stops once its smaller side is <= min_size. upscale_double keeps the input at even
indices, puts the mean of the two even neighbours at odd ones and repeats the last even row and column.
"""
import math
import os

import cv2
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SRC = os.path.join(ROOT, "ops", "src", "test", "resources", "geometry", "transform", "src.npy")
OUT = os.path.join(ROOT, "ops", "src", "test", "resources", "geometry", "transform", "pyramid")
BINOMIAL = np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]).astype(np.float64) / 256


def save(name, arr):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(arr, dtype=np.float64))


def binomial_blur(img):
    return cv2.filter2D(img, -1, BINOMIAL, borderType=cv2.BORDER_REFLECT_101)


def pyrdown(img):
    h, w = img.shape
    return cv2.resize(binomial_blur(img), (w // 2, h // 2), interpolation=cv2.INTER_LINEAR)


def pyrup(img):
    h, w = img.shape
    return binomial_blur(cv2.resize(img, (2 * w, 2 * h), interpolation=cv2.INTER_LINEAR))


def laplacian(img, max_level):
    h, w = img.shape
    padded = np.pad(img, ((0, 2 ** math.ceil(math.log2(h)) - h), (0, 2 ** math.ceil(math.log2(w)) - w)),
                    mode="reflect")
    gaussian = [padded]
    for _ in range(max_level - 1):
        gaussian.append(pyrdown(gaussian[-1]))
    return [gaussian[i] - pyrup(gaussian[i + 1]) for i in range(max_level - 1)] + [gaussian[-1]]


def upscale_double(img):
    h, w = img.shape
    cols = np.empty((h, 2 * w))
    cols[:, 0::2] = img
    cols[:, 1:-1:2] = (img[:, :-1] + img[:, 1:]) / 2
    cols[:, -1] = img[:, -1]
    out = np.empty((2 * h, 2 * w))
    out[0::2] = cols
    out[1:-1:2] = (cols[:-1] + cols[1:]) / 2
    out[-1] = cols[-1]
    return out


def kernel_size(sigma):
    k = int(2.0 * 4.0 * sigma + 1.0)
    return k + 1 if k % 2 == 0 else k


def blur(img, sigma, k):
    return cv2.GaussianBlur(img, (k, k), sigmaX=sigma, sigmaY=sigma, borderType=cv2.BORDER_REFLECT_101)


def scale_pyramid(img, n_levels, init_sigma, min_size, double_image):
    cur_sigma = 0.5
    if double_image:
        img = upscale_double(img)
        cur_sigma = 1.0
    sigma = max(math.sqrt(init_sigma ** 2 - cur_sigma ** 2), 0.01)
    level = blur(img, sigma, kernel_size(sigma))
    step = 2 ** (1.0 / n_levels)
    octaves = []
    while True:
        cur_sigma = init_sigma
        levels = [level]
        for _ in range(1, n_levels + 3):
            sigma = cur_sigma * math.sqrt(step ** 2 - 1.0)
            k = min(kernel_size(sigma), *levels[-1].shape)
            k = k + 1 if k % 2 == 0 else k
            levels.append(blur(levels[-1], sigma, k))
            cur_sigma *= step
        octaves.append(np.stack(levels))
        level = levels[n_levels][::2, ::2]
        if min(level.shape) <= min_size:
            return octaves


def main():
    os.makedirs(OUT, exist_ok=True)
    src = np.load(SRC).astype(np.float64)
    lap_src = src[:, :20, :24]
    save("lap_src", lap_src)
    channels = [laplacian(c, 3) for c in lap_src]
    for i in range(3):
        save("lap_%d" % i, np.stack([c[i] for c in channels]))
    sp_src = lap_src.mean(axis=0, keepdims=True)
    save("sp_src", sp_src)
    for o, octave in enumerate(scale_pyramid(sp_src[0], 2, 1.6, 4, False)):
        save("sp_%d" % o, octave[None])
    spd_src = sp_src[:, :12, :14]
    save("spd_src", spd_src)
    for o, octave in enumerate(scale_pyramid(spd_src[0], 2, 1.6, 4, True)):
        save("spd_%d" % o, octave[None])


if __name__ == "__main__":
    main()
