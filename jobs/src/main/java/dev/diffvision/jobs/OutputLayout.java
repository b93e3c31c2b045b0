package dev.diffvision.jobs;

import org.apache.hadoop.fs.Path;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where {@link PipelineJob} writes the image made from each input file:
 * {@code <images>/<path relative to the input root, extension replaced by .png>}.
 *
 * <p>The input root is the input folder, the folder of a single input file, or, for a glob such as
 * {@code hdfs:///photos/2024-*}{@code /*.jpg}, the deepest folder above the first glob character. Relative
 * paths are sanitised so nothing can escape the images folder: empty and {@code .} components are dropped,
 * {@code ..} becomes {@code __}, and {@code :}, {@code \} and control characters become {@code _}. A source
 * outside the root (which the reader never produces) keeps only its file name.
 *
 * <p>When several inputs map to one output name ({@code cat.jpg} and {@code cat.png}), each of them keeps its
 * original extension instead ({@code cat.jpg.png}, {@code cat.png.png}); the job finds those clashes before
 * writing and passes them in. Immutable and serialisable: it travels to the executors.
 *
 * <pre>{@code
 * OutputLayout l = new OutputLayout("file:/data/in", "file:/out/images", Set.of());
 * l.relativeOutput("file:/data/in/a/b/cat.jpg");   // "a/b/cat.png"
 * l.outputPath("file:/data/in/a/b/cat.jpg");       // "file:/out/images/a/b/cat.png"
 * }</pre>
 */
final class OutputLayout implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String GLOB_CHARS = "*?[]{}\\";

    private final String inputRoot;
    private final String rootPrefix;
    private final String imagesDir;
    private final Set<String> clashes;

    /**
     * @param inputRoot the qualified input root folder (see {@link #inputRoot})
     * @param imagesDir the qualified folder outputs go to
     * @param clashes relative output names claimed by more than one input (see {@link #relativeOutput})
     */
    OutputLayout(String inputRoot, String imagesDir, Set<String> clashes) {
        this.inputRoot = inputRoot;
        String rootPath = new Path(inputRoot).toUri().getPath();
        this.rootPrefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
        this.imagesDir = imagesDir;
        this.clashes = Set.copyOf(clashes);
    }

    /**
     * A copy that resolves the given clashes.
     *
     * @param found relative output names claimed by more than one input
     * @return the new layout
     */
    OutputLayout withClashes(Set<String> found) {
        return new OutputLayout(inputRoot, imagesDir, found);
    }

    /**
     * The root that relative output paths are computed from.
     *
     * @param qualifiedInput the qualified input path (folder, file or glob)
     * @param isDirectory whether a non-glob input is a folder (ignored for globs)
     * @return the root folder
     */
    static Path inputRoot(Path qualifiedInput, boolean isDirectory) {
        if (hasGlob(qualifiedInput.toUri().getPath())) {
            Path root = qualifiedInput;
            while (root.getParent() != null && hasGlob(root.toUri().getPath())) {
                root = root.getParent();
            }
            return root;
        }
        return isDirectory || qualifiedInput.getParent() == null ? qualifiedInput : qualifiedInput.getParent();
    }

    /**
     * @param path a path string
     * @return whether it contains a Hadoop glob character ({@code * ? [ ] { } \})
     */
    static boolean hasGlob(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (GLOB_CHARS.indexOf(path.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The sanitised output name of a source, relative to the images folder, before clash resolution.
     *
     * @param sourcePath a source file's path as the {@code binaryFile} reader reports it
     * @return e.g. {@code a/b/cat.png}
     */
    String baseName(String sourcePath) {
        return name(sourcePath, false);
    }

    /**
     * The sanitised output name of a source, relative to the images folder, with clashes resolved.
     *
     * @param sourcePath a source file's path as the {@code binaryFile} reader reports it
     * @return e.g. {@code a/b/cat.png}, or {@code a/b/cat.jpg.png} when {@code a/b/cat.png} clashes
     */
    String relativeOutput(String sourcePath) {
        String base = name(sourcePath, false);
        return clashes.contains(base) ? name(sourcePath, true) : base;
    }

    /**
     * The qualified output path of a source.
     *
     * @param sourcePath a source file's path as the {@code binaryFile} reader reports it
     * @return {@code <images>/<relativeOutput>}
     */
    String outputPath(String sourcePath) {
        return new Path(imagesDir + "/" + relativeOutput(sourcePath)).toString();
    }

    private String name(String sourcePath, boolean keepExtension) {
        String path = new Path(sourcePath).toUri().getPath();
        String relative = path.startsWith(rootPrefix) ? path.substring(rootPrefix.length())
                : path.substring(path.lastIndexOf('/') + 1);
        List<String> parts = new ArrayList<>();
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            parts.add(part.equals("..") ? "__" : sanitise(part));
        }
        if (parts.isEmpty()) {
            parts.add("_");
        }
        int last = parts.size() - 1;
        String file = parts.get(last);
        int dot = file.lastIndexOf('.');
        String stem = keepExtension || dot <= 0 ? file : file.substring(0, dot);
        parts.set(last, stem + ".png");
        return String.join("/", parts);
    }

    private static String sanitise(String part) {
        StringBuilder sb = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == ':' || c == '\\' ? '_' : c);
        }
        return sb.toString();
    }
}
