package dev.failberry.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A user config written to a test's directory, and what the loader says about it. */
final class ConfigFiles {
    private ConfigFiles() {}

    /** {@code text} as {@code dir/failberry.conf}. */
    static Path write(Path dir, String text) throws IOException {
        Path f = dir.resolve("failberry.conf");
        Files.writeString(f, text);
        return f;
    }

    /** The loader's problems with {@code text}, the file's path shown as {@code FILE}; empty when it loads. */
    static List<String> problems(Path dir, String text) throws IOException {
        Path f = write(dir, text);
        try {
            ConfigLoader.load(f);
        } catch (InvalidConfigException e) {
            return e.problems().stream()
                    .map(p -> p.toString().replace(f.toString(), "FILE"))
                    .toList();
        }
        return List.of();
    }
}
