package dev.diffvision.ops.conformance;

import com.google.gson.JsonParser;
import dev.diffvision.ops.io.HostTensor;
import dev.diffvision.ops.io.Npy;
import dev.diffvision.ops.registry.NestedLists;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One conformance case in the format of Kornia's reference vectors (see {@code kornia-vectors/INDEX.md}):
 * an op, its keyword parameters, an input, the expected output and a tolerance.
 *
 * <p>Input and expected output come inline ({@code input}, {@code expected}: nested lists) or as {@code .npy}
 * files relative to the JSON file ({@code input_npy}, {@code expected_npy}); with {@code "layout": "hwc"}
 * those arrays are {@code (H, W, C)} and are transposed to {@code (C, H, W)} for the op.
 *
 * @param name the file name without {@code .json}
 * @param op the registry name: the last segment of Kornia's qualified name ({@code kornia.filters.sobel} ->
 *     {@code sobel})
 * @param params keyword arguments for the op: {@code _}-prefixed keys and the {@code x_shape} companions of
 *     tensor arguments removed
 * @param compare {@code params._compare}, empty for a full comparison
 * @param input the op's input tensor, or null when the input is not a tensor (kernel factories)
 * @param expected the expected numbers (a scalar has shape {@code ()})
 * @param atol absolute tolerance
 * @param hwc whether npy arrays are laid out {@code (H, W, C)}
 */
public record ConformanceCase(String name, String op, Map<String, Object> params, Map<String, Object> compare,
                              HostTensor input, HostTensor expected, double atol, boolean hwc) {

    /**
     * Reads a case file.
     *
     * @param file the JSON file
     * @return the case
     * @throws IllegalArgumentException if a required key is missing or malformed, naming the file
     * @throws IOException if the file or a referenced npy file cannot be read
     */
    @SuppressWarnings("unchecked")
    public static ConformanceCase load(Path file) throws IOException {
        Map<String, Object> json;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            json = (Map<String, Object>) Json.toJava(JsonParser.parseReader(reader));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": expected a JSON object, got unparsable text: "
                    + e.getMessage(), e);
        }
        String qualified = (String) require(json, "op", file);
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        Map<String, Object> rawParams = (Map<String, Object>) json.getOrDefault("params", Map.of());
        Map<String, Object> params = new LinkedHashMap<>();
        rawParams.forEach((k, v) -> {
            boolean shapeOfTensor = k.endsWith("_shape") && rawParams.containsKey(k.substring(0, k.length() - 6));
            if (!k.startsWith("_") && !shapeOfTensor) {
                params.put(k, v);
            }
        });
        Map<String, Object> compare = (Map<String, Object>) rawParams.getOrDefault("_compare", Map.of());
        boolean hwc = "hwc".equals(json.get("layout"));
        HostTensor input = json.containsKey("input_npy")
                ? Npy.read(file.resolveSibling((String) json.get("input_npy")))
                : NestedLists.toTensor(json.get("input"));
        HostTensor expected = json.containsKey("expected_npy")
                ? Npy.read(file.resolveSibling((String) json.get("expected_npy")))
                : NestedLists.toTensor(require(json, "expected", file));
        if (expected == null) {
            throw new IllegalArgumentException(file + ": expected 'expected' to be a number or nested lists of"
                    + " numbers");
        }
        Object atol = require(json, "atol", file);
        if (!(atol instanceof Number n)) {
            throw new IllegalArgumentException(file + ": expected 'atol' to be a number, got " + atol);
        }
        String op = qualified.substring(qualified.lastIndexOf('.') + 1);
        return new ConformanceCase(name, op, params, compare, input, expected, n.doubleValue(), hwc);
    }

    /** @return the comparison mode: {@code full} unless {@code _compare.mode} says otherwise */
    public String compareMode() {
        return (String) compare.getOrDefault("mode", "full");
    }

    private static Object require(Map<String, Object> json, String key, Path file) {
        Object v = json.get(key);
        if (v == null) {
            throw new IllegalArgumentException(file + ": expected key '" + key + "', got " + List.copyOf(json.keySet()));
        }
        return v;
    }
}
