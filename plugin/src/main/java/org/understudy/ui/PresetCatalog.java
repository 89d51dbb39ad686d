package org.understudy.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;

/** The presets of a folder, usable or not (with the reader's reason). [any-thread], reads files: not on the EDT. */
public record PresetCatalog(Path folder, List<Entry> entries) {
    /** One {@code .json} file: its preset, or why it cannot be used. */
    public record Entry(Path file, Optional<VoicePreset> preset, String error) {
        public String id() {
            return preset.map(VoicePreset::id).orElse(file.getFileName().toString().replaceFirst("\\.json$", ""));
        }

        @Override
        public String toString() {
            return preset.map(p -> p.id() + " — " + p.name()).orElse(id() + " (cannot be used)");
        }
    }

    public PresetCatalog {
        entries = List.copyOf(entries);
    }

    /** [any-thread] Reads every {@code *.json} in {@code folder}, by name; a missing folder holds none. */
    public static PresetCatalog read(Path folder) {
        final List<Entry> out = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                    try {
                        out.add(new Entry(f.toAbsolutePath().normalize(), Optional.of(PresetReader.read(f)), ""));
                    } catch (PresetReader.PresetException e) {
                        out.add(new Entry(f.toAbsolutePath().normalize(), Optional.empty(), e.getMessage()));
                    }
                }
            } catch (IOException e) {
                // an unreadable folder lists nothing; the picker says the folder has no presets
            }
        }
        return new PresetCatalog(folder, out);
    }

    /** The usable preset with {@code id}. */
    public Optional<Entry> usable(String id) {
        return entries.stream().filter(e -> e.preset().isPresent() && e.id().equals(id)).findFirst();
    }
}
