package dev.diffvision.ops.registry;

import ai.djl.ndarray.NDArray;
import dev.diffvision.ops.io.HostTensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The validated keyword arguments of one op call, every parameter present (defaults filled in) and converted
 * to its canonical type. Immutable.
 */
public final class OpArgs {

    private final String op;
    private final Map<String, Object> values;

    OpArgs(String op, Map<String, Object> values) {
        this.op = op;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return the op these arguments are for */
    public String op() {
        return op;
    }

    /** @return every parameter by name, canonical values, in declaration order */
    public Map<String, Object> asMap() {
        return values;
    }

    /**
     * @param name a {@link ParamType#BOOLEAN} parameter
     * @return its value
     */
    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    /**
     * @param name an {@link ParamType#INT} parameter
     * @return its value
     */
    public int integer(String name) {
        return (Integer) get(name);
    }

    /**
     * @param name a {@link ParamType#FLOAT} parameter
     * @return its value
     */
    public double real(String name) {
        return (Double) get(name);
    }

    /**
     * @param name a {@link ParamType#STRING} parameter
     * @return its value
     */
    public String text(String name) {
        return (String) get(name);
    }

    /**
     * @param name an {@link ParamType#INT_LIST} parameter
     * @return a copy of its value
     */
    public int[] ints(String name) {
        return ((int[]) get(name)).clone();
    }

    /**
     * @param name a {@link ParamType#FLOAT_LIST} parameter
     * @return a copy of its value
     */
    public double[] reals(String name) {
        return ((double[]) get(name)).clone();
    }

    /**
     * A {@link ParamType#TENSOR} parameter as an NDArray beside {@code like}: same manager, device and dtype.
     *
     * @param name the parameter
     * @param like the op's input
     * @return a new tensor owned by {@code like}'s manager, or null if the optional parameter is none
     */
    public NDArray tensor(String name, NDArray like) {
        HostTensor t = (HostTensor) get(name);
        if (t == null) {
            return null;
        }
        // libtorch-owned: the array over the host copy's direct buffer would outlive its Java buffer only until
        // the GC runs, and ops save their tensor arguments for backward (grid_sample its grid, mul its factor)
        try (NDArray host = t.toNDArray(like.getManager())) {
            return host.getDataType() == like.getDataType() ? host.duplicate() : host.toType(like.getDataType(), false);
        }
    }

    /**
     * A {@link ParamType#TENSOR} parameter as given, on the host (for ops that read small tensors such as
     * kernels or per-image sigmas as numbers).
     *
     * @param name the parameter
     * @return its value, or null if the optional parameter is none
     */
    public HostTensor hostTensor(String name) {
        return (HostTensor) get(name);
    }

    /**
     * @param name an optional parameter
     * @return whether it was given a value other than none
     */
    public boolean isPresent(String name) {
        return get(name) != null;
    }

    private Object get(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalStateException(op + ": no parameter " + name + " is declared");
        }
        return values.get(name);
    }

    /** @return the arguments as spec text, e.g. {@code normalized=false, eps=1.0E-6} */
    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + Values.describe(e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
