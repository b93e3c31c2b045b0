#!/usr/bin/python3
"""Generate the reference files for the second filters pass (bilateral, guided, blur pools) and CLAHE.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv):

    /usr/bin/python3 tools/gen_filters2_refs.py

Inputs: the 32x32 crops already committed by tools/gen_filter_refs.py, ops/src/test/resources/filters/gray.npy
(camera.png) and rgb.npy (astronaut.png), CHW float32 in [0, 1]. Outputs (CHW float32 .npy):

ops/src/test/resources/filters/
  bilateral_gray_5_c0.1_s1.5_l1.npy   NumPy re-implementation of Kornia's _bilateral_blur: square 5x5 window,
                                      normalised Gaussian space kernel (sigma 1.5), colour weight
                                      exp(-d^2 / (2 * 0.1^2)) with d the L1 colour distance, reflect-101 padding
  bilateral_rgb_5_c0.2_s2x1_l2.npy    the same, RGB, sigma_space (sigma_y, sigma_x) = (2, 1), L2 distance
  joint_bilateral_rgb_by_gray.npy     rgb filtered with colour weights from gray (5x5, 0.1, 1.5, L1)
  bilateral_gray_cv2_5.npy            cv2.bilateralFilter(gray, d=5, sigmaColor=0.1, sigmaSpace=1.5,
                                      BORDER_REFLECT_101): OpenCV uses a disc of radius 2 (the square's corners
                                      are left out) and a quantised colour-weight table, so it is close, not equal
  guided_gray_self_5_e0.01.npy        NumPy box-filter guided filter (He et al. 2010, eq. 5-8), gray guiding
                                      itself, 5x5 window (radius 2), eps 0.01, reflect-101 box means
  guided_rgb_by_rgb_5_e0.01.npy       the colour-guidance form (eq. 13-16, a 3x3 solve per pixel), rgb guiding
                                      itself
  guided_rgb_by_gray_5_e0.01.npy      rgb filtered, gray guidance
  guided_*_cv2.npy                    cv2.ximgproc.guidedFilter(guide, src, radius=2, eps=0.01) for the same three
  blur_pool_gray_3_s2.npy             Kornia's blur_pool2d: zero padding 1, binomial 3x3 [1,2,1]^T[1,2,1]/16,
                                      stride 2
  max_blur_pool_rgb_5_s2_m2.npy       Kornia's max_blur_pool2d: 2x2 max, stride 1, then 5x5 binomial blur pool

ops/src/test/resources/enhance/
  clahe_gray_g4_c40.npy, clahe_rgb_g3_c2.npy
                                      NumPy re-implementation of Kornia's equalize_clahe (histc bins, clipping and
                                      redistribution, floored LUTs, interpolation of tile LUTs), float32 as Kornia
                                      runs it; grid (4, 4) clip 40 and grid (3, 3) clip 2 (tiles 12x12, padded)
  clahe_gray_cv2_g2_c40.npy           cv2.createCLAHE(clipLimit=40, tileGridSize=(2, 2)) on the 8-bit gray crop
                                      (round(255 gray)), / 255. OpenCV interpolates between tile centres with
                                      weights (x - centre) / T (Kornia: / (T - 1), by half-tiles), rounds its LUT
                                      (Kornia floors) and spreads the clipped residual over the bins with a step
                                      (Kornia adds it to the first bins), so only a loose comparison holds: with
                                      these parameters within 10.2 levels, 2.1 on average

Deterministic: re-running reproduces identical files.
"""
import math
import os

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "..", "ops", "src", "test", "resources")
FILTERS = os.path.join(RES, "filters")
ENHANCE = os.path.join(RES, "enhance")


def load(name):
    return np.load(os.path.join(FILTERS, name + ".npy")).astype(np.float64)


def save(folder, name, chw):
    np.save(os.path.join(folder, name + ".npy"), np.ascontiguousarray(chw).astype(np.float32))


def pad_reflect(chw, py, px):
    return np.pad(chw, ((0, 0), (py, py), (px, px)), mode="reflect")   # numpy 'reflect' = BORDER_REFLECT_101


def gaussian1d(k, sigma):
    x = np.arange(k) - k // 2
    g = np.exp(-x * x / (2 * sigma * sigma))
    return g / g.sum()


def bilateral(img, guide, k, sigma_color, sigma_space, distance):
    """Kornia's _bilateral_blur on one CHW image (float64)."""
    c, h, w = img.shape
    p = k // 2
    space = np.outer(gaussian1d(k, sigma_space[0]), gaussian1d(k, sigma_space[1]))
    pi, pg = pad_reflect(img, p, p), pad_reflect(guide, p, p)
    num = np.zeros_like(img)
    den = np.zeros((1, h, w))
    for i in range(k):
        for j in range(k):
            diff = pg[:, i:i + h, j:j + w] - guide
            d2 = np.abs(diff).sum(0, keepdims=True) ** 2 if distance == "l1" else (diff ** 2).sum(0, keepdims=True)
            wgt = space[i, j] * np.exp(-0.5 / sigma_color ** 2 * d2)
            num += wgt * pi[:, i:i + h, j:j + w]
            den += wgt
    return num / den


def box(chw, k):
    p = k // 2
    padded = pad_reflect(chw, p, p)
    h, w = chw.shape[1:]
    out = np.zeros_like(chw)
    for i in range(k):
        for j in range(k):
            out += padded[:, i:i + h, j:j + w]
    return out / (k * k)


def guided(guide, src, k, eps):
    """He et al.'s guided filter with box means; guide (n, H, W), src (C, H, W)."""
    n, h, w = guide.shape
    mean_i = box(guide, k)
    mean_p = box(src, k)
    if n == 1:
        var = box(guide * guide, k) - mean_i ** 2
        cov = box(guide * src, k) - mean_i * mean_p
        a = cov / (var + eps)
        b = mean_p - a * mean_i
        return box(a, k) * guide + box(b, k)
    sigma = np.empty((h, w, n, n))
    for i in range(n):
        for j in range(n):
            sigma[:, :, i, j] = box(guide[i:i + 1] * guide[j:j + 1], k)[0] - mean_i[i] * mean_i[j]
    sigma += eps * np.eye(n)
    cov = np.empty((h, w, n, src.shape[0]))
    for i in range(n):
        cov[:, :, i, :] = (box(guide[i:i + 1] * src, k) - mean_i[i:i + 1] * mean_p).transpose(1, 2, 0)
    a = np.linalg.solve(sigma, cov)                                       # (H, W, n, C)
    b = mean_p.transpose(1, 2, 0) - np.einsum("hwn,hwnc->hwc", mean_i.transpose(1, 2, 0), a)
    mean_a = box(a.reshape(h, w, -1).transpose(2, 0, 1), k).transpose(1, 2, 0).reshape(h, w, n, -1)
    mean_b = box(b.transpose(2, 0, 1), k)
    return mean_b + np.einsum("nhw,hwnc->chw", guide, mean_a)


def pascal(k):
    row = np.array([math.comb(k - 1, i) for i in range(k)], dtype=np.float64)
    return np.outer(row, row) / row.sum() ** 2


def conv_zero_strided(chw, kernel, stride):
    k = kernel.shape[0]
    p = (k - 1) // 2
    padded = np.pad(chw, ((0, 0), (p, p), (p, p)))
    c, hp, wp = padded.shape
    ho, wo = (hp - k) // stride + 1, (wp - k) // stride + 1
    out = np.zeros((c, ho, wo))
    for y in range(ho):
        for x in range(wo):
            win = padded[:, y * stride:y * stride + k, x * stride:x * stride + k]
            out[:, y, x] = (win * kernel).sum((1, 2))
    return out


def max_pool_stride1(chw, m):
    c, h, w = chw.shape
    out = np.full((c, h - m + 1, w - m + 1), -np.inf)
    for i in range(m):
        for j in range(m):
            out = np.maximum(out, chw[:, i:i + h - m + 1, j:j + w - m + 1])
    return out


def clahe_kornia(chw, clip, grid):
    """Kornia's equalize_clahe (non-differentiable path) on one CHW float32 image."""
    x = chw.astype(np.float32)
    c, h, w = x.shape
    th, tw = math.ceil(h / grid[0]), math.ceil(w / grid[1])
    th += th % 2
    tw += tw % 2
    x = np.pad(x, ((0, 0), (0, th * grid[0] - h), (0, tw * grid[1] - w)), mode="reflect")
    pixels = th * tw
    luts = np.empty((c, grid[0], grid[1], 256), dtype=np.float32)
    for ch in range(c):
        for i in range(grid[0]):
            for j in range(grid[1]):
                tile = x[ch, i * th:(i + 1) * th, j * tw:(j + 1) * tw].ravel()
                bins = np.minimum(np.floor(tile * np.float32(256)), 255).astype(np.int64)
                hist = np.bincount(bins, minlength=256).astype(np.float32)
                if clip > 0:
                    hist = np.minimum(hist, max(clip * pixels // 256, 1))
                    clipped = pixels - hist.sum()
                    residual = clipped % 256
                    hist += (clipped - residual) / 256
                    hist += (np.arange(256) < residual)
                lut = np.cumsum(hist, dtype=np.float32) * np.float32(255 / pixels)
                luts[ch, i, j] = np.floor(np.clip(lut, 0, 255))
    level = (x * np.float32(255)).astype(np.int64)
    out = np.zeros_like(x)

    def axis(tiles, size):
        n, half = tiles * size, size // 2
        t0, t1, w0 = np.zeros(n, int), np.zeros(n, int), np.ones(n)
        for q in range(n):
            jj = q // half
            if jj == 0 or jj == 2 * tiles - 1:
                t0[q] = t1[q] = jj // 2
            else:
                t0[q] = (jj - 1) // 2
                t1[q] = t0[q] + 1
                w0[q] = 1 - (q - (t0[q] * size + half)) / (size - 1)
        return t0, t1, w0

    r0, r1, wy = axis(grid[0], th)
    c0, c1, wx = axis(grid[1], tw)
    for ch in range(c):
        for yy in range(x.shape[1]):
            for xx in range(x.shape[2]):
                lv = level[ch, yy, xx]
                tl, tr = luts[ch, r0[yy], c0[xx], lv], luts[ch, r0[yy], c1[xx], lv]
                bl, br = luts[ch, r1[yy], c0[xx], lv], luts[ch, r1[yy], c1[xx], lv]
                top = tr + wx[xx] * (tl - tr)
                bot = br + wx[xx] * (bl - br)
                out[ch, yy, xx] = bot + wy[yy] * (top - bot)
    return out[:, :h, :w] / 255


def main():
    os.makedirs(ENHANCE, exist_ok=True)
    gray, rgb = load("gray"), load("rgb")

    save(FILTERS, "bilateral_gray_5_c0.1_s1.5_l1", bilateral(gray, gray, 5, 0.1, (1.5, 1.5), "l1"))
    save(FILTERS, "bilateral_rgb_5_c0.2_s2x1_l2", bilateral(rgb, rgb, 5, 0.2, (2.0, 1.0), "l2"))
    save(FILTERS, "joint_bilateral_rgb_by_gray", bilateral(rgb, gray, 5, 0.1, (1.5, 1.5), "l1"))
    cv_bil = cv2.bilateralFilter(gray[0].astype(np.float32), 5, 0.1, 1.5, borderType=cv2.BORDER_REFLECT_101)
    save(FILTERS, "bilateral_gray_cv2_5", cv_bil[None])

    cases = {"gray_self": (gray, gray), "rgb_by_rgb": (rgb, rgb), "rgb_by_gray": (gray, rgb)}
    for name, (guide, src) in cases.items():
        save(FILTERS, "guided_%s_5_e0.01" % name, guided(guide, src, 5, 0.01))
        g = guide[0] if guide.shape[0] == 1 else guide.transpose(1, 2, 0)
        s = src[0] if src.shape[0] == 1 else src.transpose(1, 2, 0)
        ref = cv2.ximgproc.guidedFilter(g.astype(np.float32), s.astype(np.float32), 2, 0.01)
        save(FILTERS, "guided_%s_cv2" % name, ref[None] if ref.ndim == 2 else ref.transpose(2, 0, 1))

    save(FILTERS, "blur_pool_gray_3_s2", conv_zero_strided(gray, pascal(3), 2))
    save(FILTERS, "max_blur_pool_rgb_5_s2_m2", conv_zero_strided(max_pool_stride1(rgb, 2), pascal(5), 2))

    save(ENHANCE, "clahe_gray_g4_c40", clahe_kornia(gray, 40.0, (4, 4)))
    save(ENHANCE, "clahe_rgb_g3_c2", clahe_kornia(rgb, 2.0, (3, 3)))
    gray8 = np.round(gray[0] * 255).astype(np.uint8)
    cv_clahe = cv2.createCLAHE(clipLimit=40.0, tileGridSize=(2, 2)).apply(gray8)
    save(ENHANCE, "clahe_gray_cv2_g2_c40", cv_clahe[None].astype(np.float64) / 255)


if __name__ == "__main__":
    main()
