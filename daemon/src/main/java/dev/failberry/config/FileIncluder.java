package dev.failberry.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigIncludeContext;
import com.typesafe.config.ConfigIncluder;
import com.typesafe.config.ConfigIncluderClasspath;
import com.typesafe.config.ConfigIncluderFile;
import com.typesafe.config.ConfigIncluderURL;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOriginFactory;
import com.typesafe.config.ConfigParseable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a configuration's {@code include} statements are read: files only, each bounded like the main
 * file ({@link #MAX_BYTES}, {@link HoconShape}), and at most {@link #MAX_FILES} of them per load, so
 * that one small file including a big one a thousand times cannot exhaust memory either. A URL or
 * class-path include is refused ({@link HoconShape} reports it with its line first; this is the
 * backstop): {@code check-config} must never reach the network. One instance per load.
 */
final class FileIncluder implements ConfigIncluder, ConfigIncluderFile, ConfigIncluderURL, ConfigIncluderClasspath {
    /** Largest configuration file; the shipped example is about 10 KiB. */
    static final int MAX_BYTES = 1024 * 1024;
    /** Most files one load may include (counting repeats). */
    static final int MAX_FILES = 16;

    private int included;

    /** Not a configuration: too large, or too many includes (no "syntax error" about it). */
    static final class Oversized extends ConfigException.Parse {
        Oversized(com.typesafe.config.ConfigOrigin origin, String message) {
            super(origin, message);
        }
    }

    /**
     * The file's bytes, or a problem: larger than {@link #MAX_BYTES}, or shaped wrongly. Read with a
     * bound, so even a file that grows while read costs at most that much memory.
     */
    static byte[] read(Path file) throws ConfigException, IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            long size = Files.size(file);
            throw new Oversized(
                    ConfigOriginFactory.newFile(file.toString()).withLineNumber(0),
                    "the file is " + (size > MAX_BYTES ? size + " bytes" : "larger than " + MAX_BYTES + " bytes")
                            + "; a configuration file may be at most 1 MiB");
        }
        Optional<HoconShape.Problem> problem = HoconShape.check(bytes);
        if (problem.isPresent()) {
            throw new ConfigException.Parse(
                    ConfigOriginFactory.newFile(file.toString())
                            .withLineNumber(problem.get().line()),
                    problem.get().message());
        }
        return bytes;
    }

    @Override
    public ConfigIncluder withFallback(ConfigIncluder fallback) {
        return this; // Typesafe's own includer (URLs, class path) is never consulted
    }

    @Override
    public ConfigObject include(ConfigIncludeContext context, String what) {
        if (what.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw refused("include \"" + what + "\" names a URL");
        }
        ConfigParseable sibling = context.relativeTo(what);
        String name = sibling == null || sibling.origin() == null
                ? null
                : sibling.origin().filename();
        if (name == null) {
            throw refused("include \"" + what + "\" is not a file beside the including file");
        }
        return includeFile(context, new File(name));
    }

    @Override
    public ConfigObject includeFile(ConfigIncludeContext context, File file) {
        Path path = file.toPath();
        if (!Files.isRegularFile(path)) {
            if (context.parseOptions().getAllowMissing()) {
                return ConfigFactory.empty("missing include " + file).root();
            }
            throw new ConfigException.IO(ConfigOriginFactory.newFile(file.toString()), "included file not found");
        }
        if (++included > MAX_FILES) {
            throw new Oversized(
                    ConfigOriginFactory.newFile(file.toString()).withLineNumber(0),
                    "more than " + MAX_FILES + " includes in one configuration");
        }
        try {
            read(path);
        } catch (IOException e) {
            throw new ConfigException.IO(ConfigOriginFactory.newFile(file.toString()), e.getMessage(), e);
        }
        return ConfigFactory.parseFile(file, context.parseOptions()).root();
    }

    @Override
    public ConfigObject includeURL(ConfigIncludeContext context, URL url) {
        throw refused("include url(" + url + ")");
    }

    @Override
    public ConfigObject includeResources(ConfigIncludeContext context, String resource) {
        throw refused("include classpath(" + resource + ")");
    }

    private static ConfigException refused(String what) {
        return new ConfigException.Generic(what + " is not allowed: only files can be included");
    }
}
