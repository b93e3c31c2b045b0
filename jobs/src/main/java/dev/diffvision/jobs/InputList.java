package dev.diffvision.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link PipelineJob}'s {@code --input-list FILE}: a UTF-8 text file (any Hadoop path) naming one input file per
 * line. Blank lines and lines starting with {@code #} are ignored, surrounding spaces trimmed; a relative path is
 * resolved against the list's own folder; a file named twice is processed once. Every named file must exist and
 * be a file (checked on the driver, one status call per line, before Spark starts). The files need not be PNG or
 * JPEG by name: whatever cannot be decoded becomes a failed manifest row. Output paths are relative to the
 * files' deepest common folder ({@link OutputLayout#commonRoot}).
 *
 * <pre>
 * # photos.txt
 * hdfs:///photos/2024/cat.jpg
 * 2025/dog.png            (relative to the list's folder)
 * </pre>
 */
final class InputList {

    private static final int SHOWN = 5;

    private InputList() {}

    /**
     * Reads and checks a list.
     *
     * @param list the qualified list file
     * @param conf the Hadoop configuration
     * @return the qualified files, in list order, without repeats; at least one
     * @throws UsageException if the list cannot be read, is empty, or names a missing file or a folder
     */
    static List<Path> read(Path list, Configuration conf) throws UsageException {
        Set<Path> files = new LinkedHashSet<>();
        try (FileSystem fs = FileSystem.newInstance(list.toUri(), conf);
             BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(list), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    files.add(qualify(list, entry, conf));
                }
            }
        } catch (FileNotFoundException e) {
            throw new UsageException("input list " + list + " does not exist", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read input list " + list + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new UsageException("input list " + list + " names no file (blank lines and # comments are ignored)");
        }
        checkFiles(list, List.copyOf(files), conf);
        return List.copyOf(files);
    }

    private static Path qualify(Path list, String entry, Configuration conf) throws IOException {
        Path p = new Path(entry);
        Path absolute = p.isAbsolute() ? p : new Path(list.getParent(), p);
        return absolute.getFileSystem(conf).makeQualified(absolute);
    }

    private static void checkFiles(Path list, List<Path> files, Configuration conf) throws UsageException {
        List<String> problems = new ArrayList<>();
        int count = 0;
        for (Path file : files) {
            String problem;
            try {
                FileStatus status = file.getFileSystem(conf).getFileStatus(file);
                problem = status.isDirectory() ? file + " is a folder (list files only)" : null;
            } catch (FileNotFoundException e) {
                problem = file + " does not exist";
            } catch (IOException e) {
                problem = file + ": " + e.getMessage();
            }
            if (problem != null) {
                count++;
                if (problems.size() < SHOWN) {
                    problems.add(problem);
                }
            }
        }
        if (count > 0) {
            throw new UsageException("input list " + list + ": " + count + " of " + files.size()
                    + " line(s) name no readable file: " + String.join("; ", problems)
                    + (count > SHOWN ? "; ..." : ""));
        }
    }
}
