#!/usr/bin/python3
"""Generate the OpenCV references for the dev.diffvision.ops.geometry.homography and .epipolar tests.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv):

    /usr/bin/python3 tools/gen_homography_refs.py

Writes float64 .npy arrays (points are pixel (x, y); matrices map view 1 -> view 2):

ops/src/test/resources/geometry/homography/
  points1.npy (1, 20, 2)   random points in [0, 640) x [0, 480)
  points2.npy (1, 20, 2)   points1 mapped exactly by a random homography
  h_true.npy  (1, 3, 3)    that homography, scaled so that H[2, 2] = 1
  h_cv.npy    (1, 3, 3)    cv2.findHomography(points1, points2, method=0), scaled so that H[2, 2] = 1 (OpenCV's
                           Levenberg-Marquardt refinement stops early: it is off h_true by up to 4e-6 in the
                           translation column, 2e-8 elsewhere)

ops/src/test/resources/geometry/epipolar/  (a synthetic two-view scene, no noise)
  points1.npy, points2.npy (1, 20, 2)   projections of 20 points in front of both cameras
  k.npy       (1, 3, 3)    the intrinsics of both cameras
  rt.npy      (1, 3, 4)    [R | t] of camera 2 (camera 1 is [I | 0])
  world.npy   (1, 20, 3)   the 3-D points in camera-1 coordinates
  f_cv.npy    (1, 3, 3)    cv2.findFundamentalMat(points1, points2, FM_8POINT), scaled so that F[2, 2] = 1
  e.npy       (1, 3, 3)    K^T F K from the ground truth, [t]x R
  decompose_cv.npy (1, 3, 3, 3)   cv2.decomposeEssentialMat(e): R1, R2, t (t as a column, zero padded)
  triangulate_cv.npy (1, 20, 3)   cv2.triangulatePoints(K [I|0], K [R|t], points1, points2), de-homogenised

Everything is deterministic (seeded).
"""
import os

import cv2
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
RES = os.path.join(ROOT, "ops", "src", "test", "resources", "geometry")


def save(part, name, arr):
    os.makedirs(os.path.join(RES, part), exist_ok=True)
    np.save(os.path.join(RES, part, name + ".npy"), np.ascontiguousarray(arr, dtype=np.float64))


def homography():
    rng = np.random.default_rng(4)
    h = np.eye(3) + rng.uniform(-0.1, 0.1, (3, 3)) * np.array([[1, 1, 100], [1, 1, 100], [1e-3, 1e-3, 0]])
    p1 = rng.uniform(0, 1, (20, 2)) * np.array([640, 480])
    p2 = cv2.perspectiveTransform(p1[None], h)[0]
    h_cv, _ = cv2.findHomography(p1, p2, method=0)
    save("homography", "points1", p1[None])
    save("homography", "points2", p2[None])
    save("homography", "h_true", (h / h[2, 2])[None])
    save("homography", "h_cv", (h_cv / h_cv[2, 2])[None])


def skew(t):
    return np.array([[0, -t[2], t[1]], [t[2], 0, -t[0]], [-t[1], t[0], 0]])


def epipolar():
    rng = np.random.default_rng(5)
    k = np.array([[500.0, 0, 320], [0, 510, 240], [0, 0, 1]])
    rvec = np.array([0.05, -0.2, 0.03])
    r, _ = cv2.Rodrigues(rvec)
    t = np.array([1.0, 0.1, 0.05])
    world = np.column_stack([rng.uniform(-2, 2, 20), rng.uniform(-1.5, 1.5, 20), rng.uniform(4, 8, 20)])
    x1 = (k @ world.T).T
    x1 = x1[:, :2] / x1[:, 2:]
    cam2 = (r @ world.T).T + t
    x2 = (k @ cam2.T).T
    x2 = x2[:, :2] / x2[:, 2:]
    f_cv, _ = cv2.findFundamentalMat(x1, x2, cv2.FM_8POINT)
    e = skew(t) @ r
    r1, r2, tt = cv2.decomposeEssentialMat(e)
    p1 = k @ np.hstack([np.eye(3), np.zeros((3, 1))])
    p2 = k @ np.hstack([r, t[:, None]])
    xh = cv2.triangulatePoints(p1, p2, x1.T, x2.T)
    tri = (xh[:3] / xh[3]).T
    save("epipolar", "points1", x1[None])
    save("epipolar", "points2", x2[None])
    save("epipolar", "k", k[None])
    save("epipolar", "rt", np.hstack([r, t[:, None]])[None])
    save("epipolar", "world", world[None])
    save("epipolar", "f_cv", (f_cv / f_cv[2, 2])[None])
    save("epipolar", "e", e[None])
    save("epipolar", "decompose_cv", np.stack([r1, r2, np.hstack([tt, np.zeros((3, 2))])])[None])
    save("epipolar", "triangulate_cv", tri[None])


if __name__ == "__main__":
    homography()
    epipolar()
