#!/usr/bin/python3
"""Registration benchmark: seeded pairs, OpenCV's findTransformECC as the peer, and the report.

Run by scripts/bench-registration.sh (Debian's python3-opencv 4.6, numpy):
  generate --out DIR --pairs N --seed S [--workers 2]
      For each pair: a real photograph of samples/images (gray), a random square crop resized to 256x256
      (INTER_AREA) = source; a random homography H moving each corner by up to +-12% of the side
      (cv2.getPerspectiveTransform); target = cv2.warpPerspective(source, H) (bilinear, black outside).
      Writes DIR/pairs/<id>_src.png, <id>_tgt.png, DIR/pairs.csv (id,source,target), DIR/truth.csv
      (id,h00..h22; source pixel -> target pixel, 0-based pixel centres), then runs
      cv2.findTransformECC(target, source, I, MOTION_HOMOGRAPHY, (COUNT|EPS, 100, 1e-6), None, 5) on every
      pair (template = target, so ECC's warp maps target -> source and H_ecc = inv(warp)) in --workers
      processes and writes DIR/ecc.csv (id,h00..h22,seconds,error) and DIR/ecc_wall.txt.
  report --dir DIR --dv-csv FILE --dv-seconds S
      Mean corner error (the four image corners mapped by the estimate vs the truth) per pair; prints one
      markdown table: success rate (< 0.5 px), median corner error, pairs/s, for ECC and DiffVision.
  figure --dir DIR --dv-csv FILE --out PNG [--count 4]
      source | target | source warped by DiffVision's H | |warped - target| (x4), 128 px per panel.
"""
import argparse
import csv
import glob
import multiprocessing
import os
import sys
import time

import cv2
import numpy as np

SIDE = 256
SHIFT = 0.12
CORNERS = np.float32([[0, 0], [SIDE - 1, 0], [SIDE - 1, SIDE - 1], [0, SIDE - 1]])


def photos(root):
    out = []
    for f in sorted(glob.glob(os.path.join(root, 'samples', 'images', '*'))):
        img = cv2.imread(f, cv2.IMREAD_GRAYSCALE)
        if img is not None:
            out.append(img)
    return out


def generate(args):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    rng = np.random.default_rng(args.seed)
    images = photos(root)
    os.makedirs(os.path.join(args.out, 'pairs'), exist_ok=True)
    rows, truths = [], []
    for i in range(args.pairs):
        img = images[rng.integers(len(images))]
        h, w = img.shape
        side = int(rng.uniform(0.6, 1.0) * min(h, w))
        y0 = int(rng.integers(0, h - side + 1))
        x0 = int(rng.integers(0, w - side + 1))
        src = cv2.resize(img[y0:y0 + side, x0:x0 + side], (SIDE, SIDE), interpolation=cv2.INTER_AREA)
        moved = CORNERS + rng.uniform(-SHIFT * SIDE, SHIFT * SIDE, size=(4, 2)).astype(np.float32)
        hm = cv2.getPerspectiveTransform(CORNERS, moved)
        tgt = cv2.warpPerspective(src, hm, (SIDE, SIDE), flags=cv2.INTER_LINEAR, borderValue=0)
        pid = 'p%04d' % i
        s = os.path.abspath(os.path.join(args.out, 'pairs', pid + '_src.png'))
        t = os.path.abspath(os.path.join(args.out, 'pairs', pid + '_tgt.png'))
        cv2.imwrite(s, src)
        cv2.imwrite(t, tgt)
        rows.append((pid, s, t))
        truths.append((pid, *(hm / hm[2, 2]).ravel().tolist()))
    write_csv(os.path.join(args.out, 'pairs.csv'), ['id', 'source', 'target'], rows)
    write_csv(os.path.join(args.out, 'truth.csv'), ['id'] + HNAMES, truths)
    start = time.perf_counter()
    with multiprocessing.Pool(args.workers) as pool:
        ecc = pool.map(run_ecc, rows)
    wall = time.perf_counter() - start
    write_csv(os.path.join(args.out, 'ecc.csv'), ['id'] + HNAMES + ['seconds', 'error'], ecc)
    with open(os.path.join(args.out, 'ecc_wall.txt'), 'w') as f:
        f.write('%.3f\n' % wall)
    print('ECC: %d pairs in %.1f s with %d workers' % (len(rows), wall, args.workers))


HNAMES = ['h%d%d' % (r, c) for r in range(3) for c in range(3)]


def run_ecc(row):
    cv2.setNumThreads(1)
    pid, s, t = row
    src = cv2.imread(s, cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255
    tgt = cv2.imread(t, cv2.IMREAD_GRAYSCALE).astype(np.float32) / 255
    start = time.perf_counter()
    try:
        _, warp = cv2.findTransformECC(tgt, src, np.eye(3, dtype=np.float32), cv2.MOTION_HOMOGRAPHY,
                                       (cv2.TERM_CRITERIA_COUNT | cv2.TERM_CRITERIA_EPS, 100, 1e-6), None, 5)
        hm = np.linalg.inv(warp.astype(np.float64))
        return (pid, *(hm / hm[2, 2]).ravel().tolist(), time.perf_counter() - start, '')
    except cv2.error as e:
        return (pid, *([float('nan')] * 9), time.perf_counter() - start, str(e).splitlines()[-1][:80])


def write_csv(path, header, rows):
    with open(path, 'w', newline='') as f:
        wr = csv.writer(f)
        wr.writerow(header)
        wr.writerows(rows)


def read_h(path):
    out = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            try:
                out[r['id']] = np.array([float(r[k]) for k in HNAMES]).reshape(3, 3)
            except (ValueError, TypeError):
                out[r['id']] = None
    return out


def corner_error(a, b):
    if b is None or not np.all(np.isfinite(b)):
        return float('inf')
    pa = cv2.perspectiveTransform(CORNERS.reshape(-1, 1, 2).astype(np.float64), a).reshape(-1, 2)
    pb = cv2.perspectiveTransform(CORNERS.reshape(-1, 1, 2).astype(np.float64), b).reshape(-1, 2)
    return float(np.mean(np.linalg.norm(pa - pb, axis=1)))


def dv_csv(path):
    if os.path.isdir(path):
        path = glob.glob(os.path.join(path, '*.csv'))[0]
    return path


def report(args):
    truth = read_h(os.path.join(args.dir, 'truth.csv'))
    ecc = read_h(os.path.join(args.dir, 'ecc.csv'))
    dv = read_h(dv_csv(args.dv_csv))
    with open(os.path.join(args.dir, 'ecc_wall.txt')) as f:
        ecc_wall = float(f.read())
    n = len(truth)
    print('| method | pairs | within 0.5 px | median corner error (px) | pairs/s |')
    print('|---|---:|---:|---:|---:|')
    for name, est, wall in (('OpenCV findTransformECC (homography, 2 processes)', ecc, ecc_wall),
                            ('DiffVision RegistrationJob (LM, 4 levels, local[2])', dv, args.dv_seconds)):
        errs = np.array([corner_error(truth[k], est.get(k)) for k in truth])
        print('| %s | %d | %.1f%% | %.3f | %.2f |' % (name, n, 100 * np.mean(errs < 0.5), np.median(errs),
                                                     n / wall))


def figure(args):
    truth = read_h(os.path.join(args.dir, 'truth.csv'))
    dv = read_h(dv_csv(args.dv_csv))
    rows = []
    for pid in sorted(truth)[:args.count]:
        s = cv2.imread(os.path.join(args.dir, 'pairs', pid + '_src.png'), cv2.IMREAD_GRAYSCALE)
        t = cv2.imread(os.path.join(args.dir, 'pairs', pid + '_tgt.png'), cv2.IMREAD_GRAYSCALE)
        w = cv2.warpPerspective(s, dv[pid], (SIDE, SIDE), flags=cv2.INTER_LINEAR, borderValue=0)
        valid = cv2.warpPerspective(np.ones_like(s), dv[pid], (SIDE, SIDE), flags=cv2.INTER_NEAREST) > 0
        e = np.where(valid, np.clip(np.abs(w.astype(np.int16) - t.astype(np.int16)) * 4, 0, 255), 0).astype(np.uint8)
        panels = [cv2.resize(p, (128, 128), interpolation=cv2.INTER_AREA) for p in (s, t, w, e)]
        rows.append(np.hstack(panels))
    cv2.imwrite(args.out, np.vstack(rows), [cv2.IMWRITE_PNG_COMPRESSION, 9])


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest='cmd', required=True)
    g = sub.add_parser('generate')
    g.add_argument('--out', required=True)
    g.add_argument('--pairs', type=int, default=64)
    g.add_argument('--seed', type=int, default=7)
    g.add_argument('--workers', type=int, default=2)
    r = sub.add_parser('report')
    r.add_argument('--dir', required=True)
    r.add_argument('--dv-csv', required=True)
    r.add_argument('--dv-seconds', type=float, required=True)
    f = sub.add_parser('figure')
    f.add_argument('--dir', required=True)
    f.add_argument('--dv-csv', required=True)
    f.add_argument('--out', required=True)
    f.add_argument('--count', type=int, default=4)
    a = p.parse_args()
    {'generate': generate, 'report': report, 'figure': figure}[a.cmd](a)


if __name__ == '__main__':
    sys.exit(main())
