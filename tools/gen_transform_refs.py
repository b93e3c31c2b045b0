#!/usr/bin/python3
"""Generate the real-image references for the dev.diffvision.ops.geometry.transform tests.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv):

    /usr/bin/python3 tools/gen_transform_refs.py

Writes into ops/src/test/resources/geometry/transform/:
  src.npy              32x32 RGB crop of samples/images/astronaut.png, uint8 / 255, float32, CHW (3, 32, 32)
  affine_M.npy         (1, 2, 3) float64 source-to-destination pixel map: cv2.getRotationMatrix2D((15.5, 14),
                       20 degrees, 0.9) plus a translation (1.5, -2)
  affine_ref.npy       (3, 30, 34) float64: the EXACT bilinear warp of src by affine_M, zeros outside (below)
  perspective_H.npy    (1, 3, 3) float64 source-to-destination pixel homography with a perspective row
  perspective_ref.npy  (3, 30, 34) float64: the exact bilinear warp of src by perspective_H
  rotation_cv2.npy     (2, 2, 3) float64: cv2.getRotationMatrix2D for centres (3, 1), (10.5, -4), angles 90, -33.3
                       degrees, scales 1, 1.7 (rows in that order)
  resize_<mode>_<h>x<w>.npy   cv2.resize of src (float32, so OpenCV's weights are not quantised), CHW:
                       linear 13x20 (INTER_LINEAR = torch bilinear, align_corners False, no antialias),
                       nearest 13x20 (INTER_NEAREST = torch 'nearest', floor(dst * in / out)),
                       cubic 45x50 (INTER_CUBIC, a = -0.75 as torch's bicubic, align_corners False),
                       area 8x8 (INTER_AREA with an integer factor 4 = adaptive average pooling)
  resize_antialias_10x12.npy  Kornia's antialias with OpenCV primitives: cv2.GaussianBlur (BORDER_REFLECT_101,
                       sigma = (in / out - 1) / 2 per axis, odd size >= max(4 sigma, 3): 5 x 3 here) then
                       INTER_LINEAR to 10 x 12
  pyrdown_31x30.npy    Kornia's pyrdown of src[:, :31, :30] with OpenCV primitives: cv2.filter2D with the 5 x 5
                       binomial kernel / 256 (BORDER_REFLECT_101 = Kornia's 'reflect') then INTER_LINEAR to
                       (int(31 / 2), int(30 / 2)) = (15, 15); cv2.pyrDown itself keeps even rows and columns and
                       gives (16, 15) (ceil): its shape is stored in pyrdown_cv2_shape.npy, int64 (2,)

The exact reference maps every destination pixel centre (x, y) to the source through M^-1 (dividing by z for
a homography) and interpolates bilinearly from the four neighbouring pixel centres, reading 0 outside the image:
torch's grid_sample(align_corners=True, padding_mode='zeros') on pixel coordinates, which is what Kornia's
warp_affine/warp_perspective compute. OpenCV's warpAffine/warpPerspective quantise the bilinear weights to 1/32
pixel (INTER_BITS = 5), so their raw output is only checked here to agree with the exact reference within that
quantisation (|difference| <= 2/32 of the value range), never used as the reference itself.
"""
import os

import cv2
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "ops", "src", "test", "resources", "geometry", "transform")
SAMPLES = os.path.join(ROOT, "samples", "images")
Y, X, N = 180, 200, 32
DSIZE = (30, 34)  # (height, width)


def save(name, arr):
    np.save(os.path.join(OUT, name + ".npy"), arr)


def exact_warp(src_chw, m3x3, dsize):
    """Bilinear warp of src (C, H, W) by the source-to-destination homography m3x3, zeros outside."""
    c, h, w = src_chw.shape
    inv = np.linalg.inv(m3x3)
    ys, xs = np.mgrid[0:dsize[0], 0:dsize[1]].astype(np.float64)
    pts = np.stack([xs.ravel(), ys.ravel(), np.ones(xs.size)])
    sp = inv @ pts
    sx, sy = sp[0] / sp[2], sp[1] / sp[2]
    x0, y0 = np.floor(sx).astype(int), np.floor(sy).astype(int)
    out = np.zeros((c, xs.size))
    for dy in (0, 1):
        for dx in (0, 1):
            xi, yi = x0 + dx, y0 + dy
            wgt = (1 - np.abs(sx - xi)) * (1 - np.abs(sy - yi))
            ok = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
            out[:, ok] += wgt[ok] * src_chw[:, yi[ok], xi[ok]]
    return out.reshape(c, dsize[0], dsize[1])


def check_opencv(ref, src_hwc, m3x3, perspective):
    size = (DSIZE[1], DSIZE[0])
    if perspective:
        cv = cv2.warpPerspective(src_hwc, m3x3, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    else:
        cv = cv2.warpAffine(src_hwc, m3x3[:2], size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    err = np.abs(np.transpose(cv, (2, 0, 1)) - ref).max()
    assert err <= 2.0 / 32, f"OpenCV disagrees with the exact reference beyond 1/32-px quantisation: {err}"
    print(("warpPerspective" if perspective else "warpAffine") + f" vs exact: max |diff| = {err:.4f}")


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = cv2.cvtColor(cv2.imread(os.path.join(SAMPLES, "astronaut.png")), cv2.COLOR_BGR2RGB)[Y:Y + N, X:X + N]
    src_hwc = (rgb.astype(np.float32) / 255.0)
    src = np.ascontiguousarray(np.transpose(src_hwc, (2, 0, 1)))
    save("src", src)

    m = cv2.getRotationMatrix2D((15.5, 14.0), 20.0, 0.9)
    m[:, 2] += (1.5, -2.0)
    m3 = np.vstack([m, [0, 0, 1]])
    ref = exact_warp(src.astype(np.float64), m3, DSIZE)
    check_opencv(ref, src_hwc, m3, False)
    save("affine_M", m[None])
    save("affine_ref", ref)

    h = np.array([[0.95, 0.12, 1.5], [-0.08, 1.05, -1.0], [0.004, -0.003, 1.0]])
    ref = exact_warp(src.astype(np.float64), h, DSIZE)
    check_opencv(ref, src_hwc, h, True)
    save("perspective_H", h[None])
    save("perspective_ref", ref)

    rot = [cv2.getRotationMatrix2D((3.0, 1.0), 90.0, 1.0), cv2.getRotationMatrix2D((10.5, -4.0), -33.3, 1.7)]
    save("rotation_cv2", np.stack(rot))

    def resized(img, h, w, flag):
        return np.ascontiguousarray(np.transpose(cv2.resize(img, (w, h), interpolation=flag), (2, 0, 1)))

    save("resize_linear_13x20", resized(src_hwc, 13, 20, cv2.INTER_LINEAR))
    save("resize_nearest_13x20", resized(src_hwc, 13, 20, cv2.INTER_NEAREST))
    save("resize_cubic_45x50", resized(src_hwc, 45, 50, cv2.INTER_CUBIC))
    save("resize_area_8x8", resized(src_hwc, 8, 8, cv2.INTER_AREA))
    sy, sx = max((32 / 10 - 1) / 2, 0.001), max((32 / 12 - 1) / 2, 0.001)
    ky, kx = int(max(4 * sy, 3)), int(max(4 * sx, 3))
    ky, kx = ky + 1 - ky % 2, kx + 1 - kx % 2
    assert (ky, kx) == (5, 3)
    blurred = cv2.GaussianBlur(src_hwc, (kx, ky), sigmaX=sx, sigmaY=sy, borderType=cv2.BORDER_REFLECT_101)
    save("resize_antialias_10x12", resized(blurred, 10, 12, cv2.INTER_LINEAR))

    odd = np.ascontiguousarray(src_hwc[:31, :30])
    b = np.array([1, 4, 6, 4, 1], dtype=np.float64)
    kernel = np.outer(b, b) / 256
    smooth = cv2.filter2D(odd, -1, kernel, borderType=cv2.BORDER_REFLECT_101)
    save("pyrdown_31x30", resized(smooth, 31 // 2, 30 // 2, cv2.INTER_LINEAR))
    save("pyrdown_cv2_shape", np.array(cv2.pyrDown(odd).shape[:2], dtype=np.float64))


if __name__ == "__main__":
    main()
