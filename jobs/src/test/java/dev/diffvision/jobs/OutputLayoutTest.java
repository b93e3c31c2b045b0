package dev.diffvision.jobs;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link OutputLayout}: output paths are the input paths relative to the input root with the format's
 * extension, and no source name, however hostile, leads outside the images folder or to a hidden file.
 * Pure string logic on Hadoop paths: no file system needed.
 */
class OutputLayoutTest {

    private static final String IMAGES = "hdfs://nn:8020/out/images";
    private final OutputLayout layout = new OutputLayout("hdfs://nn:8020/data/in", IMAGES, Set.of());

    /** Every output must lie strictly below the images folder, and no component may be hidden or climb. */
    private static void assertContained(String output) {
        assertTrue(output.startsWith(IMAGES + "/"), output);
        String relative = output.substring(IMAGES.length() + 1);
        for (String part : relative.split("/")) {
            assertFalse(part.isEmpty() || part.equals(".") || part.equals(".."), output);
            assertFalse(part.startsWith("."), output);
            for (char c : part.toCharArray()) {
                assertFalse(c < 0x20 || c == 0x7f || c == ':' || c == '\\', output);
            }
        }
        assertEquals(new Path(output).toUri().getPath(), new Path(output).toUri().normalize().getPath(), output);
    }

    @Test
    void relativePathWithTheFormatsExtension() {
        String source = "hdfs://nn:8020/data/in/a/b/cat.jpg";
        assertEquals("a/b/cat", layout.relativeStem(source));
        assertEquals(IMAGES + "/a/b/cat.png", layout.outputPath(source, OutputFormat.PNG));
        assertEquals(IMAGES + "/a/b/cat.jpg", layout.outputPath(source, OutputFormat.JPEG));
        assertEquals(IMAGES + "/a/b/cat.npy", layout.outputPath(source, OutputFormat.NPY));
    }

    @Test
    void hostileNamesStayInsideAndVisible() {
        List<String> hostile = List.of(
                "hdfs://nn:8020/data/in/../../etc/passwd.png",     // normalised by Path: outside the root
                "hdfs://nn:8020/data/in/a/../../x.png",
                "hdfs://nn:8020/etc/shadow.png",                    // outside the root altogether
                "hdfs://nn:8020/data/in/.hidden/.x.png",
                "hdfs://nn:8020/data/in/_SUCCESS.png",
                "hdfs://nn:8020/data/in/..png",
                "hdfs://nn:8020/data/in/c:\\windows\\x.png",
                "hdfs://nn:8020/data/in/tab\there/bell\u0007.png",
                "hdfs://nn:8020/data/in/a//b/./c.png",
                "hdfs://nn:8020/data/input-sibling/x.png",          // shares the root's prefix, not its folder
                "hdfs://nn:8020/data/in");
        for (String source : hostile) {
            assertContained(layout.outputPath(source, OutputFormat.PNG));
        }
        assertEquals("passwd", layout.relativeStem(hostile.get(0)));
        assertEquals("shadow", layout.relativeStem(hostile.get(2)));
        assertEquals("_.hidden/_.x", layout.relativeStem(hostile.get(3)));
        assertEquals("__SUCCESS", layout.relativeStem(hostile.get(4)));
        assertEquals("_.", layout.relativeStem(hostile.get(5)));
        assertEquals("c__windows_x", layout.relativeStem(hostile.get(6)));
        assertEquals("tab_here/bell_", layout.relativeStem(hostile.get(7)));
        assertEquals("a/b/c", layout.relativeStem(hostile.get(8)));
        assertEquals("x", layout.relativeStem(hostile.get(9)));
    }

    @Test
    void clashingStemsKeepTheirSourceExtension() {
        OutputLayout clashing = layout.withClashes(Set.of("cat"));
        assertEquals(IMAGES + "/cat.jpg.png", clashing.outputPath("hdfs://nn:8020/data/in/cat.jpg", OutputFormat.PNG));
        assertEquals(IMAGES + "/cat.png.npy", clashing.outputPath("hdfs://nn:8020/data/in/cat.png", OutputFormat.NPY));
        assertEquals(IMAGES + "/dog.png", clashing.outputPath("hdfs://nn:8020/data/in/dog.jpg", OutputFormat.PNG));
    }

    @Test
    void inputRoots() {
        assertEquals(new Path("hdfs://nn:8020/data/in"), OutputLayout.inputRoot(new Path("hdfs://nn:8020/data/in"), true));
        assertEquals(new Path("hdfs://nn:8020/data"), OutputLayout.inputRoot(new Path("hdfs://nn:8020/data/x.png"), false));
        assertEquals(new Path("hdfs://nn:8020/data"),
                OutputLayout.inputRoot(new Path("hdfs://nn:8020/data/2024-*/*.jpg"), true));
        assertEquals(new Path("hdfs://nn:8020/data/a"), OutputLayout.commonRoot(List.of(
                new Path("hdfs://nn:8020/data/a/b/x.png"), new Path("hdfs://nn:8020/data/a/c/y.png"),
                new Path("hdfs://nn:8020/data/a/z.png"))));
        assertEquals(new Path("hdfs://nn:8020/data/ab"), OutputLayout.commonRoot(List.of(
                new Path("hdfs://nn:8020/data/ab/x.png"), new Path("hdfs://nn:8020/data/ab/y.png"))));
        assertEquals(new Path("hdfs://nn:8020/"), OutputLayout.commonRoot(List.of(
                new Path("hdfs://nn:8020/data/x.png"), new Path("hdfs://nn:8020/other/y.png"))));
    }

    @Test
    void globCharactersAreEscapedForTheReader() {
        assertEquals("/in/a\\[1\\]\\{x,y\\}\\*\\?.png", OutputLayout.escapeGlob("/in/a[1]{x,y}*?.png"));
        assertFalse(OutputLayout.hasGlob("/in/plain.png"));
        assertTrue(OutputLayout.hasGlob("/in/*.png"));
    }
}
