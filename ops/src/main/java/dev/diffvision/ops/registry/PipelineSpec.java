package dev.diffvision.ops.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses pipeline specs: ops by Kornia name, with keyword arguments, joined by {@code |}.
 *
 * <pre>
 * pipeline := stage ('|' stage)*
 * stage    := name [ '(' [ name '=' value (',' name '=' value)* ] ')' ]
 * value    := number | true | false | none | 'text' | "text" | bare_word | '(' values ')' | '[' values ']'
 * </pre>
 *
 * <p>Example: {@code rgb_to_grayscale | gaussian_blur2d(kernel_size=(5, 5), sigma=(1.5, 1.5)) | sobel}.
 * {@code True}/{@code False}/{@code None} are accepted as in Python. Errors name the column and, for unknown
 * ops or parameters, list what is valid.
 */
public final class PipelineSpec {

    private final String text;
    private final OpRegistry registry;
    private int pos;

    private PipelineSpec(String text, OpRegistry registry) {
        this.text = text;
        this.registry = registry;
    }

    /**
     * Parses {@code spec} and builds each stage's op.
     *
     * @param spec the pipeline text
     * @param registry where op names are looked up
     * @return the pipeline
     * @throws IllegalArgumentException for a syntax error (with its column), an unknown op or parameter, or a
     *     bad value
     */
    public static Pipeline parse(String spec, OpRegistry registry) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("pipeline: expected a spec like 'rgb_to_grayscale | sobel', got an "
                    + "empty one");
        }
        return new PipelineSpec(spec, registry).pipeline();
    }

    private Pipeline pipeline() {
        List<Pipeline.Stage> stages = new ArrayList<>();
        do {
            stages.add(stage());
        } while (accept('|'));
        skipSpace();
        if (pos < text.length()) {
            throw error("expected '|' or the end of the spec");
        }
        return new Pipeline(stages);
    }

    private Pipeline.Stage stage() {
        int start = skipSpace();
        String name = identifier("an op name");
        OpDefinition definition;
        try {
            definition = registry.get(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pipeline: at column " + (start + 1) + ": " + e.getMessage(), e);
        }
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (accept('(')) {
            if (!accept(')')) {
                do {
                    int argStart = skipSpace();
                    String key = identifier("a parameter name");
                    if (!accept('=')) {
                        throw error("expected '=' after parameter " + key + " (arguments are keyword-only)");
                    }
                    if (kwargs.containsKey(key)) {
                        pos = argStart;
                        throw error("parameter " + key + " given twice");
                    }
                    kwargs.put(key, value());
                } while (accept(','));
                expect(')');
            }
        }
        try {
            OpArgs args = definition.bind(kwargs);
            return new Pipeline.Stage(definition, args, definition.create(args));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("pipeline: in stage " + name + " at column " + (start + 1) + ": "
                    + e.getMessage(), e);
        }
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        if (c == '(' || c == '[') {
            pos++;
            char close = c == '(' ? ')' : ']';
            List<Object> items = new ArrayList<>();
            if (!accept(close)) {
                do {
                    items.add(value());
                } while (accept(','));
                expect(close);
            }
            return items;
        }
        if (c == '\'' || c == '"') {
            int end = text.indexOf(c, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String s = text.substring(pos + 1, end);
            pos = end + 1;
            return s;
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            return number();
        }
        String word = identifier("a value");
        return switch (word) {
            case "true", "True" -> Boolean.TRUE;
            case "false", "False" -> Boolean.FALSE;
            case "none", "None", "null" -> null;
            default -> word;
        };
    }

    private Number number() {
        int start = pos;
        while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String token = text.substring(start, pos);
        try {
            if (token.matches("[+-]?\\d+")) {
                return Long.parseLong(token);
            }
            return Double.parseDouble(token);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("expected a number, got '" + token + "'");
        }
    }

    private String identifier(String what) {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected " + what);
        }
        return text.substring(start, pos);
    }

    private boolean accept(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private int skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private IllegalArgumentException error(String message) {
        String found = pos < text.length() ? "'" + text.charAt(pos) + "'" : "the end";
        return new IllegalArgumentException("pipeline: at column " + (pos + 1) + ": " + message + ", found "
                + found + " in: " + text);
    }
}
