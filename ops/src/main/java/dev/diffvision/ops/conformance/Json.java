package dev.diffvision.ops.conformance;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts parsed JSON to plain Java values: Boolean, Long, Double, String, List, Map, null. */
final class Json {

    private Json() {}

    /**
     * @param e a JSON element
     * @return integral numbers written without a fraction or exponent as {@link Long}, other numbers as
     *     {@link Double}, the strings {@code "inf"}, {@code "-inf"} and {@code "nan"} as doubles, arrays as
     *     {@link List}, objects as {@link Map} (insertion order), null as null
     */
    static Object toJava(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonArray a) {
            List<Object> out = new ArrayList<>(a.size());
            a.forEach(item -> out.add(toJava(item)));
            return out;
        }
        if (e instanceof JsonObject o) {
            Map<String, Object> out = new LinkedHashMap<>();
            o.entrySet().forEach(en -> out.put(en.getKey(), toJava(en.getValue())));
            return out;
        }
        JsonPrimitive p = (JsonPrimitive) e;
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            String raw = p.getAsString();
            return raw.matches("-?\\d+") ? (Object) p.getAsLong() : (Object) p.getAsDouble();
        }
        return switch (p.getAsString()) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> p.getAsString();
        };
    }
}
