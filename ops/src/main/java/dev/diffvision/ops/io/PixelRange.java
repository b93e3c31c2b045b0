package dev.diffvision.ops.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.diffvision.ops.core.Checks;
import dev.diffvision.ops.core.Scoped;
import dev.diffvision.ops.core.internal.Aten;
import dev.diffvision.ops.core.internal.SimdKernels;
import dev.diffvision.ops.core.internal.UnitToUint8Simd;

/**
 * Scales integer pixel values to float32 in [0, 1], the range DiffVision's colour and filter ops expect:
 * {@code value / 255} for 8-bit data, {@code value / 65535} for 16-bit data. The inverse (quantising floats
 * for encoding) is {@link #toUint8(NDArray)} on the device, or {@link ImageEncoder#fromUnitFloat(HostTensor, int)}
 * on the host.
 *
 * <pre>{@code
 * HostTensor raw = new ImageDecoder().decode(pngBytes);        // UINT16 (3, H, W)
 * NDArray img = PixelRange.toUnitFloat(raw, manager);          // float32 (3, H, W), 65535 -> 1.0
 * }</pre>
 */
public final class PixelRange {
    private PixelRange() {
    }

    /**
     * Converts raw integer pixel values to float32 in [0, 1] by dividing by {@code 2^bitDepth - 1}.
     *
     * <p>input: any shape, any real dtype holding raw values (uint8 from an 8-bit decode, float32 raw values
     * from a 16-bit decode via {@link HostTensor#toNDArray}); not modified.<br>
     * output: float32, same shape, on the input's device, owned by the input's manager.
     *
     * @param raw the raw values
     * @param bitDepth 8 (divide by 255) or 16 (divide by 65535)
     * @return a new float32 array
     * @throws IllegalArgumentException if {@code bitDepth} is not 8 or 16
     */
    public static NDArray toUnitFloat(NDArray raw, int bitDepth) {
        float max = maxValue(bitDepth, "toUnitFloat");
        if (raw.getDataType() == DataType.FLOAT32) {
            return raw.div(max);
        }
        return raw.toType(DataType.FLOAT32, false).divi(max); // a new array: the dtype changes
    }

    /**
     * Quantises float values in [0, 1] to 8-bit pixels, {@code floor(clamp(x, 0, 1) * 255 + 0.5)} (round half up),
     * on the tensor's device: below 0 and NaN give 0, above 1 give 255. float32 CPU tensors take the Java SIMD
     * kernel ({@code UnitToUint8Simd}), the others a TorchScript module; both give the same bytes.
     *
     * <pre>{@code
     * NDArray pixels = PixelRange.toUint8(edges);   // uint8, edges' shape
     * }</pre>
     *
     * @param unit float32 or float64, any shape; not modified
     * @return uint8 of the same shape, on the same device, owned by the input's manager
     * @throws IllegalArgumentException if {@code unit} is not float32 or float64
     */
    public static NDArray toUint8(NDArray unit) {
        Checks.floating(unit, "toUint8", "unit");
        return Scoped.run(() -> SimdKernels.applies(unit) ? UnitToUint8Simd.quantise(unit) : Aten.unitToUint8(unit),
                unit);
    }

    /**
     * Uploads a decoded image and scales it to float32 in [0, 1], taking the bit depth from its dtype
     * (UINT8: 8, UINT16: 16).
     *
     * @param raw a UINT8 or UINT16 tensor of any shape, typically {@code (C, H, W)}
     * @param manager the owner of the result, whose device it lands on
     * @return a new float32 array with the same shape
     * @throws IllegalArgumentException if {@code raw} is not UINT8 or UINT16
     */
    public static NDArray toUnitFloat(HostTensor raw, NDManager manager) {
        if (!raw.dtype().isInteger()) {
            throw new IllegalArgumentException("toUnitFloat: expected a UINT8 or UINT16 tensor, got " + raw);
        }
        NDArray array = raw.toNDArray(manager);
        if (raw.dtype() == DType.UINT16) {
            return array.divi(maxValue(16, "toUnitFloat")); // arrives as float32 raw values, ours to modify
        }
        try (array) {
            return toUnitFloat(array, 8);
        }
    }

    /** {@code 2^bitDepth - 1} for the supported depths 8 and 16. */
    static int maxValue(int bitDepth, String op) {
        return switch (bitDepth) {
            case 8 -> 255;
            case 16 -> 65535;
            default -> throw new IllegalArgumentException(op + ": expected bitDepth 8 or 16, got " + bitDepth);
        };
    }
}
