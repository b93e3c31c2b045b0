package dev.diffvision.ops.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript module archive (what {@code torch.jit.save} produces) from TorchScript source alone, so
 * that DJL's {@code Model.load} can run ATen kernels its JNI does not bind.
 *
 * <p>The archive is a zip of four stored entries under one folder {@code <name>/}:
 * <ul>
 *   <li>{@code code/__torch__.py}: the TorchScript source defining class {@code <Class>(Module)};</li>
 *   <li>{@code data.pkl}: pickle protocol 2 of one {@code __torch__.<Class>} object whose state is
 *       {@code {"training": False}} (a module with no parameters or buffers);</li>
 *   <li>{@code constants.pkl}: a pickled empty tuple (the module uses no tensor constants);</li>
 *   <li>{@code version}: {@code 3}, the oldest format every libtorch 2.x reads.</li>
 * </ul>
 * The pickles are a handful of opcodes written by hand (PROTO, GLOBAL, EMPTY_TUPLE, NEWOBJ, EMPTY_DICT, MARK,
 * BINUNICODE, NEWFALSE, SETITEMS, BUILD, STOP), exactly what libtorch's own pickler writes for such a module.
 */
public final class TorchScriptArchive {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int PROTO = 0x80;
    private static final int GLOBAL = 'c';
    private static final int EMPTY_TUPLE = ')';
    private static final int NEWOBJ = 0x81;
    private static final int EMPTY_DICT = '}';
    private static final int MARK = '(';
    private static final int BINUNICODE = 'X';
    private static final int NEWFALSE = 0x89;
    private static final int SETITEMS = 'u';
    private static final int BUILD = 'b';
    private static final int STOP = '.';

    private TorchScriptArchive() {}

    /**
     * Builds the archive bytes.
     *
     * @param name the archive's folder name (a Python identifier)
     * @param className the module class defined by {@code source} (a Python identifier)
     * @param source TorchScript source in libtorch's serialized form, defining {@code class <className>(Module)}
     * @return the zip archive, ready to be written to {@code <name>.pt}
     * @throws IllegalArgumentException if a name is not an identifier
     */
    public static byte[] build(String name, String className, String source) {
        requireIdentifier(name, "archive name");
        requireIdentifier(className, "class name");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            store(zip, name + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
            store(zip, name + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            store(zip, name + "/data.pkl", modulePickle(className));
            store(zip, name + "/constants.pkl", new byte[] {(byte) PROTO, 2, EMPTY_TUPLE, STOP});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The pickle of a parameter-free module object: {@code __torch__.<className>} with state
     * {@code {"training": False}}.
     *
     * @param className the module's class
     * @return pickle protocol 2 bytes
     */
    static byte[] modulePickle(String className) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(PROTO);
        out.write(2);
        out.write(GLOBAL);
        out.writeBytes(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        out.write(EMPTY_TUPLE);
        out.write(NEWOBJ);
        out.write(EMPTY_DICT);
        out.write(MARK);
        byte[] key = "training".getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        out.write(key.length);
        out.write(0);
        out.write(0);
        out.write(0);
        out.writeBytes(key);
        out.write(NEWFALSE);
        out.write(SETITEMS);
        out.write(BUILD);
        out.write(STOP);
        return out.toByteArray();
    }

    private static void store(ZipOutputStream zip, String path, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(path);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static void requireIdentifier(String text, String what) {
        if (text == null || !IDENTIFIER.matcher(text).matches()) {
            throw new IllegalArgumentException("torchscript: expected " + what + " to be an identifier, got '"
                    + text + "'");
        }
    }
}
