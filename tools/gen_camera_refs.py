#!/usr/bin/python3
"""Generate OpenCV references for the geometry conversions and camera ops.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv):

    /usr/bin/python3 tools/gen_camera_refs.py

Outputs (float64 .npy) in ops/src/test/resources/geometry/camera/:

  rodrigues_axis_angle.npy   (10, 3) axis-angle vectors r = angle * unit axis (radians): 6 random (seed 7, angle
                             uniform in (0.1, 3)), two near 0 (|r| = 1e-4 and 2e-3, either side of Kornia's
                             first-order switch at |r|^2 = 1e-6), one at pi - 1e-3 and one at pi - 1e-6
  rodrigues_matrix.npy       (10, 3, 3) cv2.Rodrigues(r) for each row (axis-angle -> rotation matrix)
  rodrigues_back.npy         (10, 3) cv2.Rodrigues(R) of those matrices (rotation matrix -> axis-angle; OpenCV
                             returns the angle in [0, pi], as Kornia's rotation_matrix_to_axis_angle)
  project_points3d.npy       (12, 3) points in front of the camera (z in [2, 5])
  project_K.npy              (3, 3) intrinsics fx=500, fy=480, cx=320, cy=240
  project_dist.npy           (5,) OpenCV distortion (k1, k2, p1, p2, k3)
  project_pixels.npy         (12, 2) cv2.projectPoints(points, rvec=0, tvec=0, K, dist): distorted pixels
  project_pixels_nodist.npy  (12, 2) the same without distortion (dist = 0)
  undistort_normalized.npy   (12, 2) cv2.undistortPoints(project_pixels, K, dist): OpenCV returns NORMALISED
                             coordinates (x / z, y / z) when no P is given; its iteration count is OpenCV's
                             default (5 iterations), so compare loosely with a converged solver
  undistort_pixels.npy       (12, 2) cv2.undistortPoints(project_pixels, K, dist, P=K): the same in pixels
"""
import os

import cv2
import numpy as np

OUT = os.path.join("ops", "src", "test", "resources", "geometry", "camera")


def rodrigues():
    rng = np.random.default_rng(7)
    axes = rng.normal(size=(10, 3))
    axes /= np.linalg.norm(axes, axis=1, keepdims=True)
    angles = np.concatenate([rng.uniform(0.1, 3.0, 6), [1e-4, 2e-3, np.pi - 1e-3, np.pi - 1e-6]])
    r = axes * angles[:, None]
    mats = np.stack([cv2.Rodrigues(v.reshape(3, 1))[0] for v in r])
    back = np.stack([cv2.Rodrigues(m)[0].reshape(3) for m in mats])
    np.save(os.path.join(OUT, "rodrigues_axis_angle.npy"), r)
    np.save(os.path.join(OUT, "rodrigues_matrix.npy"), mats)
    np.save(os.path.join(OUT, "rodrigues_back.npy"), back)


def projection():
    rng = np.random.default_rng(11)
    pts = np.stack([rng.uniform(-1.5, 1.5, 12), rng.uniform(-1.0, 1.0, 12), rng.uniform(2.0, 5.0, 12)], axis=1)
    k = np.array([[500.0, 0.0, 320.0], [0.0, 480.0, 240.0], [0.0, 0.0, 1.0]])
    dist = np.array([-0.2, 0.05, 1e-3, -5e-4, 0.01])
    zero = np.zeros(3)
    pix, _ = cv2.projectPoints(pts, zero, zero, k, dist)
    pix_nodist, _ = cv2.projectPoints(pts, zero, zero, k, np.zeros(5))
    und = cv2.undistortPoints(pix, k, dist)
    und_pix = cv2.undistortPoints(pix, k, dist, P=k)
    np.save(os.path.join(OUT, "project_points3d.npy"), pts)
    np.save(os.path.join(OUT, "project_K.npy"), k)
    np.save(os.path.join(OUT, "project_dist.npy"), dist)
    np.save(os.path.join(OUT, "project_pixels.npy"), pix.reshape(-1, 2))
    np.save(os.path.join(OUT, "project_pixels_nodist.npy"), pix_nodist.reshape(-1, 2))
    np.save(os.path.join(OUT, "undistort_normalized.npy"), und.reshape(-1, 2))
    np.save(os.path.join(OUT, "undistort_pixels.npy"), und_pix.reshape(-1, 2))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    rodrigues()
    projection()
