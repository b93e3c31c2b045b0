package dev.diffvision.jobs;

import org.apache.hadoop.fs.Path;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where {@link PipelineJob} writes the files made from each input file:
 * {@code <images>/<path relative to the input root, extension replaced by the format's>} ({@code .png},
 * {@code .jpg}, {@code .npy}; every format of one input shares the same stem).
 *
 * <p>The input root is the input folder, the folder of a single input file, or, for a glob such as
 * {@code hdfs:///photos/2024-*}{@code /*.jpg}, the deepest folder above the first glob character; for a list of files ({@code --input-list}) it is their
 * deepest common folder (see {@link #commonRoot}). Relative
 * paths are sanitised so nothing can escape the images folder, nor hide in it: empty and {@code .} components are
 * dropped; {@code :}, {@code \} and control characters become {@code _}; a component starting with {@code .}
 * or {@code _} (which Hadoop and Spark readers treat as hidden, and {@code ..}, which would climb) gets a
 * {@code _} in front ({@code ..} becomes {@code _..}, {@code .cache} becomes {@code _.cache}); a source
 * outside the root (which the reader never produces, since Hadoop paths are normalised) keeps only its file
 * name.
 *
 * <p>When several inputs map to one output stem ({@code cat.jpg} and {@code cat.png}), each of them keeps its
 * original extension instead ({@code cat.jpg.png}, {@code cat.png.png}); the job finds those clashes before
 * writing and passes them in. Immutable and serialisable: it travels to the executors.
 *
 * <pre>{@code
 * OutputLayout l = new OutputLayout("file:/data/in", "file:/out/images", Set.of());
 * l.relativeStem("file:/data/in/a/b/cat.jpg");                     // "a/b/cat"
 * l.outputPath("file:/data/in/a/b/cat.jpg", OutputFormat.PNG);    // "file:/out/images/a/b/cat.png"
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
     * The deepest folder holding every file of a list.
     *
     * @param qualifiedFiles qualified file paths, at least one
     * @return their deepest common folder; the root of the file system ({@code /}) when they share nothing
     *     more, or when they lie on different file systems (then only the file names are kept)
     */
    static Path commonRoot(List<Path> qualifiedFiles) {
        Path root = qualifiedFiles.get(0).getParent();
        for (Path file : qualifiedFiles) {
            while (root.getParent() != null && !within(file, root)) {
                root = root.getParent();
            }
        }
        return root;
    }

    /**
     * @param child a qualified path
     * @param parent a qualified path
     * @return whether {@code child} is {@code parent} or below it (same scheme and authority)
     */
    static boolean within(Path child, Path parent) {
        var c = child.toUri();
        var p = parent.toUri();
        if (!java.util.Objects.equals(c.getScheme(), p.getScheme())
                || !java.util.Objects.equals(c.getAuthority(), p.getAuthority())) {
            return false;
        }
        String cp = c.getPath();
        String pp = p.getPath().endsWith("/") ? p.getPath() : p.getPath() + "/";
        return (cp + "/").startsWith(pp);
    }

    /**
     * @param path a path string
     * @return the path with Hadoop's glob characters escaped, so that a glob-expanding reader takes it literally
     */
    static String escapeGlob(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (GLOB_CHARS.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
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
     * The sanitised output stem of a source, relative to the images folder, before clash resolution.
     *
     * @param sourcePath a source file's path as the {@code binaryFile} reader reports it
     * @return e.g. {@code a/b/cat} for {@code <root>/a/b/cat.jpg}
     */
    String baseStem(String sourcePath) {
        return stem(sourcePath, false);
    }

    /**
     * The sanitised output stem of a source, relative to the images folder, with clashes resolved.
     *
     * @param sourcePath a source file's path as the {@code binaryFile} reader reports it
     * @return e.g. {@code a/b/cat}, or {@code a/b/cat.jpg} when {@code a/b/cat} clashes
     */
    String relativeStem(String sourcePath) {
        String base = stem(sourcePath, false);
        return clashes.contains(base) ? stem(sourcePath, true) : base;
    }

    /**
     * The qualified output path of a source in one file format.
     *
     * @param sourcePath a source file's path as the {@code binaryFile} reader reports it
     * @param format a file format ({@link OutputFormat#isFile()})
     * @return {@code <images>/<relativeStem>.<extension>}
     */
    String outputPath(String sourcePath, OutputFormat format) {
        return new Path(imagesDir + "/" + relativeStem(sourcePath) + "." + format.extension()).toString();
    }

    private String stem(String sourcePath, boolean keepExtension) {
        String path = new Path(sourcePath).toUri().getPath();
        String relative = path.startsWith(rootPrefix) ? path.substring(rootPrefix.length())
                : path.substring(path.lastIndexOf('/') + 1);
        List<String> parts = new ArrayList<>();
        for (String part : relative.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty()) {
            parts.add("_");
        }
        int last = parts.size() - 1;
        String file = parts.get(last);
        int dot = file.lastIndexOf('.');
        parts.set(last, keepExtension || dot <= 0 ? file : file.substring(0, dot));
        parts.replaceAll(OutputLayout::sanitise);
        return String.join("/", parts);
    }

    private static String sanitise(String part) {
        StringBuilder sb = new StringBuilder(part.length() + 1);
        if (part.startsWith(".") || part.startsWith("_")) {
            sb.append('_'); // hidden to Hadoop's and Spark's readers, and ".." would climb
        }
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == ':' || c == '\\' ? '_' : c);
        }
        return sb.toString();
    }
}
