package org.understudy.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.preset.FakeGsvInstall;

/** The editor's "Import GPT-SoVITS folder…" work and the preset picker's catalog, without a display. */
class PresetImportTest {
    @TempDir
    Path dir;

    @Test
    void importsEachVoiceOnceAndThePickerSaysWhatIsMissing() throws Exception {
        final Path gsv = FakeGsvInstall.build(dir.resolve("gsv"));
        final Path presets = dir.resolve("presets");
        final String report = PresetDetails.importVoices(gsv, presets);
        assertTrue(report.contains("wrote " + presets.resolve("alice.json")), report);
        assertTrue(report.contains("MISSING"), report);                    // the fake install lacks the speaker-verification model
        assertTrue(report.contains("reference recording"), report);

        final PresetCatalog catalog = PresetCatalog.read(presets);
        final PresetCatalog.Entry alice = catalog.entries().stream().filter(e -> e.id().equals("alice")).findFirst().orElseThrow();
        assertTrue(alice.preset().isEmpty());
        assertTrue(alice.error().startsWith(presets.resolve("alice.json").toAbsolutePath() + ": gptSovits.references: empty"), alice.error());
        assertEquals("alice (cannot be used)", alice.toString());
        assertTrue(catalog.usable("alice").isEmpty());

        final String again = PresetDetails.importVoices(gsv, presets);
        assertTrue(again.contains("kept " + presets.resolve("alice.json")), again);
        assertThrows(IOException.class, () -> PresetDetails.importVoices(Files.createDirectories(dir.resolve("empty")), presets));
    }

    @Test
    void theRealPresetsFolderListsTheGuideVoices() {
        final PresetCatalog c = PresetCatalog.read(StudioWindowTest.PRESETS);
        assertTrue(c.usable("guide-low").isPresent());
        assertTrue(c.usable("guide-high").isPresent());
        assertEquals("guide-low — Guide voice (low)", c.usable("guide-low").get().toString());
    }
}
