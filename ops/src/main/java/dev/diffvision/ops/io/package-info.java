/**
 * Image and tensor I/O: PNG/JPEG decoding into CHW tensors and encoding back, NumPy {@code .npy} files, and
 * the host-side tensor type they share.
 *
 * <ul>
 *   <li>{@link dev.diffvision.ops.io.HostTensor}: shape + {@link dev.diffvision.ops.io.DType} + row-major bytes
 *       in JVM memory; converts to and from DJL {@code NDArray}s.</li>
 *   <li>{@link dev.diffvision.ops.io.ImageDecoder} with {@link dev.diffvision.ops.io.DecodeOptions}: PNG (1 to
 *       16 bits, gray/gray+alpha/RGB/RGBA/palette) and JPEG (incl. progressive and CMYK) to UINT8/UINT16
 *       {@code (C, H, W)}, with a pixel limit checked from the header before decoding.</li>
 *   <li>{@link dev.diffvision.ops.io.ImageEncoder}: {@code (C, H, W)} to PNG (8/16-bit, lossless) or JPEG;
 *       float [0, 1] quantisation.</li>
 *   <li>{@link dev.diffvision.ops.io.PixelRange}: integer pixels to float32 in [0, 1] on the engine.</li>
 *   <li>{@link dev.diffvision.ops.io.Npy}: {@code .npy} read (versions 1-3, either byte order) and write.</li>
 * </ul>
 *
 * <p>Typical use:
 * <pre>{@code
 * HostTensor raw = new ImageDecoder().decode(bytes);              // UINT8 (3, H, W)
 * NDArray img = PixelRange.toUnitFloat(raw, manager);             // float32 (3, H, W) in [0, 1]
 * NDArray out = ...;                                              // DiffVision ops
 * byte[] png = ImageEncoder.encodePng(out, 8);                    // back to an 8-bit PNG
 * }</pre>
 */
package dev.diffvision.ops.io;
