package dev.diffvision.ops.io;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageWriterSpi;

import javax.imageio.ImageIO;
import javax.imageio.spi.IIORegistry;

/**
 * One-time javax.imageio configuration shared by {@link ImageDecoder} and {@link ImageEncoder}.
 *
 * <ul>
 *   <li>{@code ImageIO.setUseCache(false)}: streams are buffered in memory, never in temporary files
 *       (the default disk cache is slow and fails on read-only or full temp directories).</li>
 *   <li>TwelveMonkeys' JPEG reader and writer are registered explicitly. They normally arrive through
 *       {@code META-INF/services} when {@code IIORegistry} first scans the class path, but that scan misses
 *       jars loaded by child class loaders (Spark executors, application servers). TwelveMonkeys orders its
 *       providers ahead of the JDK's, which cannot read CMYK/YCCK JPEGs.</li>
 * </ul>
 */
final class ImageIoSetup {
    static {
        ImageIO.setUseCache(false);
        IIORegistry registry = IIORegistry.getDefaultInstance();
        if (registry.getServiceProviderByClass(JPEGImageReaderSpi.class) == null) {
            registry.registerServiceProvider(new JPEGImageReaderSpi());
        }
        if (registry.getServiceProviderByClass(JPEGImageWriterSpi.class) == null) {
            registry.registerServiceProvider(new JPEGImageWriterSpi());
        }
    }

    private ImageIoSetup() {
    }

    /** Runs the static configuration above if it has not run yet; cheap afterwards. */
    static void ensureConfigured() {
        // Class initialisation does the work.
    }
}
