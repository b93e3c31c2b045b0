package dev.diffvision.ops.io;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header dictionary of a {@code .npy} file: element type, byte order of the stored data, and shape.
 * Parses the Python literal NumPy writes ({@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }})
 * and formats it back.
 */
record NpyHeader(DType dtype, ByteOrder byteOrder, long[] shape) {
    private static final Pattern DESCR = Pattern.compile("([<>|=]?)([uf])(\\d+)");
    private static final List<String> KEYS = List.of("descr", "fortran_order", "shape");

    /** Parses the header text (without the magic, version and length fields, trailing padding allowed). */
    static NpyHeader parse(String text) {
        Map<String, Object> dict = new Parser(text).dict();
        if (!dict.keySet().equals(Set.copyOf(KEYS))) {
            throw new IllegalArgumentException("npy: expected header keys 'descr', 'fortran_order' and 'shape', got "
                    + dict.keySet() + " in " + text.strip());
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new IllegalArgumentException("npy: expected a descr string such as '<f4', got "
                    + dict.get("descr") + " (structured dtypes are not supported)");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new IllegalArgumentException("npy: expected fortran_order True or False, got "
                    + dict.get("fortran_order"));
        }
        if (fortran) {
            throw new IllegalArgumentException("npy: expected fortran_order False (C order), got True");
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new IllegalArgumentException("npy: expected shape as a tuple of integers, got "
                    + dict.get("shape"));
        }
        Matcher m = DESCR.matcher(descr);
        DType dtype = m.matches() ? dtypeOf(m.group(2) + m.group(3)) : null;
        if (dtype == null) {
            throw new IllegalArgumentException("npy: expected descr '<f4', '<f8', '|u1' or '<u2' (or big-endian"
                    + " '>f4', '>f8', '>u2'), got '" + descr + "'");
        }
        ByteOrder order = m.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        HostTensor.checkedByteSize(shape, dtype);
        return new NpyHeader(dtype, order, shape);
    }

    /** The dictionary text NumPy would write for a little-endian C-order array (no padding or newline). */
    String format() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        sb.append(shape.length == 1 ? ",)" : ")");
        return "{'descr': '" + dtype.npyDescr() + "', 'fortran_order': False, 'shape': " + sb + ", }";
    }

    private static DType dtypeOf(String kindAndSize) {
        return switch (kindAndSize) {
            case "u1" -> DType.UINT8;
            case "u2" -> DType.UINT16;
            case "f4" -> DType.FLOAT32;
            case "f8" -> DType.FLOAT64;
            default -> null;
        };
    }

    /** Recursive-descent parser for the subset of Python literals that .npy headers use. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            expect('{');
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (out.put(key, value()) != null) {
                    throw error("a key that appears once, got '" + key + "' twice");
                }
                if (peek() != ',') {
                    break;
                }
                pos++;
            }
            expect('}');
            return out;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (c == '(') {
                return tuple();
            }
            if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("a string, True, False or a tuple");
        }

        private String string() {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("a quoted string");
            }
            int end = text.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("a closing " + quote);
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (peek() != ')') {
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw error("a non-negative integer");
                }
                try {
                    dims.add(Long.parseLong(text.substring(start, pos)));
                } catch (NumberFormatException e) {
                    throw error("an integer that fits in 64 bits");
                }
                if (pos < text.length() && text.charAt(pos) == 'L') {
                    pos++; // Python 2 long literal
                }
                if (peek() != ',') {
                    break;
                }
                pos++;
            }
            expect(')');
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private char peek() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("'" + c + "'");
            }
            pos++;
        }

        private IllegalArgumentException error(String expected) {
            String got = pos < text.length() ? "'" + text.charAt(pos) + "'" : "end of header";
            return new IllegalArgumentException("npy: expected " + expected + " at offset " + pos
                    + " of header " + text.strip() + ", got " + got);
        }
    }
}
