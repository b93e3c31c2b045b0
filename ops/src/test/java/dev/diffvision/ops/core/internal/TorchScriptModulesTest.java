package dev.diffvision.ops.core.internal;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffvision.ops.testing.OpTestBase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TorchScript route: the archive's layout and hand-written pickles, loading offline (the surefire JVM runs
 * with {@code -Dai.djl.offline=true}), one load per module and device, closing and reloading, and DJL's
 * naming rules for NDList inputs.
 */
class TorchScriptModulesTest extends OpTestBase {

    @Test
    void archiveHoldsTheFourRecordsUnderOneFolder() throws IOException {
        byte[] zip = TorchScriptArchive.build("solve", "Solve", TorchScriptModules.source("solve"));
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                byte[] content = in.readAllBytes();
                if (e.getName().endsWith("version")) {
                    assertEquals("3\n", new String(content, StandardCharsets.US_ASCII));
                }
                if (e.getName().endsWith("constants.pkl")) {
                    // PROTO 2, EMPTY_TUPLE, STOP: pickle.dumps((), protocol=2)
                    assertArrayEquals(new byte[] {(byte) 0x80, 2, ')', '.'}, content);
                }
            }
        }
        assertEquals(List.of("solve/version", "solve/code/__torch__.py", "solve/data.pkl", "solve/constants.pkl"),
                names);
    }

    @Test
    void modulePickleIsTheObjectWithTrainingFalse() {
        // What Python's pickle writes for an object of class __torch__.Solve with state {"training": False}
        // (memo opcodes aside): GLOBAL, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK, key, NEWFALSE, SETITEMS, BUILD.
        byte[] expected = ("\u0080\u0002c__torch__\nSolve\n)\u0081}(X\u0008\u0000\u0000\u0000training\u0089ub.")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertArrayEquals(expected, TorchScriptArchive.modulePickle("Solve"));
    }

    @Test
    void rejectsNamesThatAreNotIdentifiers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchScriptArchive.build("a/b", "X", ""));
        assertTrue(e.getMessage().startsWith("torchscript: expected archive name to be an identifier"));
        assertThrows(IllegalArgumentException.class, () -> TorchScriptModules.source("no_such_module"));
    }

    @Test
    void loadsEachModuleOnceAndReloadsAfterClosing() {
        NDArray a = manager.eye(3, 3, 0, DataType.FLOAT64).expandDims(0);
        Aten.inverse(a);
        int loaded = TorchScriptModules.loadedCount();
        for (int i = 0; i < 3; i++) {
            Aten.inverse(a);
        }
        assertEquals(loaded, TorchScriptModules.loadedCount(), "no reload for repeated calls");
        TorchScriptModules.closeAll();
        assertEquals(0, TorchScriptModules.loadedCount());
        assertClose(a, Aten.inverse(a), 0);
        assertEquals(1, TorchScriptModules.loadedCount());
    }

    @Test
    void namedInputsStillTravelAsPositionalTensors() {
        // DJL would turn an array named "x.y" into a dict argument, "x[]" into a list: such names must not leak in.
        NDArray a = manager.create(new double[] {2, 0, 0, 4}, new Shape(1, 2, 2));
        NDArray b = manager.create(new double[] {2, 4}, new Shape(1, 2, 1));
        a.setName("matrix.a");
        b.setName("rhs[]");
        assertArrayEquals(new double[] {1, 1}, Aten.solve(a, b).toDoubleArray(), 0);
        assertEquals("matrix.a", a.getName());
    }
}
