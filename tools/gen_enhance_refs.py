#!/usr/bin/python3
"""Generate the real-image reference files for the dev.diffvision.ops.enhance tests.

Run from the repository root with Debian's interpreter (python3-numpy, python3-opencv, python3-skimage,
python3-pil):

    /usr/bin/python3 tools/gen_enhance_refs.py

Writes into ops/src/test/resources/enhance/ (all float32, channel-first (C, H, W), values in [0, 1]):
  rgb.npy, gray.npy             32x32 crops of samples/images/astronaut.png (RGB) and camera.png (gray),
                                as uint8 / 255; the inputs of every reference below.
  gamma_0.5_gain_1.npy          skimage.exposure.adjust_gamma(rgb, 0.5, 1)
  gamma_2.2_gain_0.8.npy        skimage.exposure.adjust_gamma(rgb, 2.2, 0.8)
  log_gain_1.npy                skimage.exposure.adjust_log(rgb, 1)
  log_inv_gain_0.9.npy          skimage.exposure.adjust_log(rgb, 0.9, inv=True)
  sigmoid_0.4_8.npy             skimage.exposure.adjust_sigmoid(rgb, 0.4, 8)
  sigmoid_inv_0.6_5.npy         skimage.exposure.adjust_sigmoid(rgb, 0.6, 5, inv=True)
  equalize_pil.npy              PIL.ImageOps.equalize of each channel of rgb (Kornia's equalize is a port of it)
  equalize_cv2_gray.npy         cv2.equalizeHist(gray) (a different rounding rule; compared with a tolerance)
  posterize_3.npy               PIL.ImageOps.posterize(rgb, 3)
  solarize_128.npy              PIL.ImageOps.solarize(rgb, 128)  (Kornia's threshold 0.5)
  sharpness_0.3.npy             PIL.ImageEnhance.Sharpness(rgb).enhance(0.3)  (8-bit rounding)
  color_1.7.npy                 PIL.ImageEnhance.Color(rgb).enhance(1.7)  (8-bit rounding, PIL's integer luma)
  min_max_0.2_0.9.npy           NumPy closed form of normalize_min_max(rgb, 0.2, 0.9, eps=1e-6), per channel
  hue_0.5.npy                   skimage.color hsv round trip with the hue turned by 0.5 rad (Kornia's adjust_hue)
  hue_-2.npy                    the same turned by -2 rad (negative turns wrap)
  saturation_1.7.npy            skimage.color hsv round trip with the saturation times 1.7, clipped to [0, 1]

Everything is deterministic; re-running reproduces identical files.
"""
import os

import cv2
import numpy as np
from PIL import Image, ImageEnhance, ImageOps
from skimage import color, exposure

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "samples", "images")
OUT = os.path.join(HERE, "..", "ops", "src", "test", "resources", "enhance")
Y, X, N = 200, 180, 32  # crop origin and size: face and background on the astronaut, coat and grass on camera


def chw(u8_hwc):
    return np.ascontiguousarray(np.transpose(u8_hwc, (2, 0, 1)).astype(np.float32) / np.float32(255))


def save(name, arr):
    np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(arr, dtype=np.float32))


def pil_per_image(u8_hwc, fn):
    return chw(np.asarray(fn(Image.fromarray(u8_hwc, "RGB"))))


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb8 = cv2.cvtColor(cv2.imread(os.path.join(SAMPLES, "astronaut.png")), cv2.COLOR_BGR2RGB)[Y:Y + N, X:X + N]
    gray8 = cv2.imread(os.path.join(SAMPLES, "camera.png"), cv2.IMREAD_GRAYSCALE)[Y:Y + N, X:X + N]
    rgb = chw(rgb8)
    save("rgb", rgb)
    save("gray", chw(gray8[:, :, None]))

    x = rgb.astype(np.float64)
    save("gamma_0.5_gain_1", exposure.adjust_gamma(x, 0.5, 1))
    save("gamma_2.2_gain_0.8", exposure.adjust_gamma(x, 2.2, 0.8))
    save("log_gain_1", exposure.adjust_log(x, 1))
    save("log_inv_gain_0.9", exposure.adjust_log(x, 0.9, inv=True))
    save("sigmoid_0.4_8", exposure.adjust_sigmoid(x, 0.4, 8))
    save("sigmoid_inv_0.6_5", exposure.adjust_sigmoid(x, 0.6, 5, inv=True))

    save("equalize_pil", np.stack([chw(np.asarray(ImageOps.equalize(Image.fromarray(np.ascontiguousarray(
        rgb8[:, :, c]), "L")))[:, :, None])[0] for c in range(3)]))
    save("equalize_cv2_gray", chw(cv2.equalizeHist(gray8)[:, :, None]))
    save("posterize_3", pil_per_image(rgb8, lambda im: ImageOps.posterize(im, 3)))
    save("solarize_128", pil_per_image(rgb8, lambda im: ImageOps.solarize(im, 128)))
    save("sharpness_0.3", pil_per_image(rgb8, lambda im: ImageEnhance.Sharpness(im).enhance(0.3)))
    save("color_1.7", pil_per_image(rgb8, lambda im: ImageEnhance.Color(im).enhance(1.7)))

    hsv = color.rgb2hsv(np.transpose(x, (1, 2, 0)))  # hue in [0, 1) turns
    for name, turn in (("hue_0.5", 0.5), ("hue_-2", -2.0)):
        shifted = hsv.copy()
        shifted[..., 0] = np.mod(shifted[..., 0] + turn / (2 * np.pi), 1.0)
        save(name, np.transpose(color.hsv2rgb(shifted), (2, 0, 1)))
    saturated = hsv.copy()
    saturated[..., 1] = np.clip(saturated[..., 1] * 1.7, 0, 1)
    save("saturation_1.7", np.transpose(color.hsv2rgb(saturated), (2, 0, 1)))

    lo = x.min(axis=(1, 2), keepdims=True)
    hi = x.max(axis=(1, 2), keepdims=True)
    save("min_max_0.2_0.9", (0.9 - 0.2) * (x - lo) / (hi - lo + 1e-6) + 0.2)


if __name__ == "__main__":
    main()
