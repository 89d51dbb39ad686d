package org.understudy.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextArea;
import javax.swing.SwingWorker;
import org.understudy.engine.audio.AudioFile;
import org.understudy.engine.audio.ReferenceAnalysis;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.GsvInstall;
import org.understudy.engine.preset.VoicePreset;

/**
 * The track voice's details: name, engine, language; for a GPT-SoVITS voice its reference recording
 * drawn as a waveform with its preparation report (figures and warnings), the prompt text, the
 * inference settings and loudness target; provenance and consent. Reading and analysing the
 * recording runs off the EDT. Also the "Import GPT-SoVITS folder…" action. [edt]
 */
final class PresetDetails extends JPanel {
    private final JPanel body = new JPanel();
    private final WaveView wave = new WaveView();
    private final JLabel report = new JLabel();
    private final Path presetsFolder;
    private final Runnable presetsChanged;
    private final Consumer<String> status;
    private final JButton importGsv = new JButton("Import GPT-SoVITS folder…");
    private SwingWorker<?, ?> loading;

    PresetDetails(Path presetsFolder, Runnable presetsChanged, Consumer<String> status) {
        super(new BorderLayout());
        this.presetsFolder = presetsFolder;
        this.presetsChanged = presetsChanged;
        this.status = status;
        setName("presetDetails");
        body.setLayout(new BoxLayout(body, BoxLayout.Y_AXIS));
        final JScrollPane scroll = new JScrollPane(body);
        scroll.setBorder(BorderFactory.createEmptyBorder());
        add(scroll, BorderLayout.CENTER);
        importGsv.setName("importGsv");
        importGsv.setToolTipText("Writes one preset per voice trained in a GPT-SoVITS install into " + presetsFolder);
        importGsv.addActionListener(e -> chooseInstall());
        final JPanel south = new JPanel(new BorderLayout());
        south.add(importGsv, BorderLayout.WEST);
        add(south, BorderLayout.SOUTH);
        show(null, "No voice");
    }

    /** Shows {@code p}, or {@code problem} when the track's voice cannot be used. */
    void show(VoicePreset p, String problem) {
        if (loading != null) loading.cancel(true);
        body.removeAll();
        if (p == null) {
            body.add(heading(problem));
        } else {
            body.add(heading(p.name()));
            field("Id", p.id());
            field("Engine", p.engine() == VoicePreset.Engine.GUIDE ? "guide voice (built in, no model)" : "GPT-SoVITS");
            field("Language", p.language());
            p.guide().ifPresent(g -> field("Guide", g.toString().replaceFirst("^Settings\\[", "").replaceFirst("]$", "")));
            p.gptSovits().ifPresent(g -> {
                field("GPT weights", g.gpt().getFileName().toString());
                field("SoVITS weights", g.sovits().getFileName().toString());
                if (!g.references().isEmpty()) {
                    final VoicePreset.Reference r = g.references().get(0);
                    field("Reference", r.audio().getFileName() + " (" + r.language() + ")");
                    wave.audio = null;
                    wave.setToolTipText(r.audio().toString());
                    body.add(wave);
                    report.setText("Reading the recording…");
                    body.add(report);
                    field("Prompt text", r.text());
                    loadReference(r.audio());
                }
            });
            final VoicePreset.Inference i = p.inference();
            field("Inference", String.format(Locale.ROOT, "top-k %d, top-p %s, temperature %s, repetition penalty %s, speed %s, pause %s s, cut %s, seed %d",
                    i.topK(), i.topP(), i.temperature(), i.repetitionPenalty(), i.speed(), i.pauseSeconds(), i.cutMethod(), i.seed()));
            field("Loudness", String.format(Locale.ROOT, "%s LUFS, true peak %s dBTP", p.loudness().targetLufs(), p.loudness().truePeakDbtp()));
            field("Speaker", p.provenance().speaker());
            field("Consent", p.provenance().consent());
            field("Source", p.provenance().source());
        }
        body.add(Box.createVerticalGlue());
        body.revalidate();
        body.repaint();
    }

    private JLabel heading(String text) {
        final JLabel l = new JLabel(text);
        l.setName("presetName");
        l.setFont(l.getFont().deriveFont(Font.BOLD, l.getFont().getSize2D() * 1.25f));
        l.setAlignmentX(LEFT_ALIGNMENT);
        return l;
    }

    private void field(String name, String value) {
        final JTextArea v = new JTextArea(value);
        v.setEditable(false);
        v.setLineWrap(true);
        v.setWrapStyleWord(true);
        v.setOpaque(false);
        v.setBorder(BorderFactory.createEmptyBorder());
        v.setFont(getFont());
        final JLabel n = new JLabel(name);
        n.setForeground(Theme.color("Label.disabledForeground", Color.GRAY));
        final JPanel row = new JPanel(new BorderLayout());
        row.setOpaque(false);
        row.add(n, BorderLayout.NORTH);
        row.add(v, BorderLayout.CENTER);
        row.setAlignmentX(LEFT_ALIGNMENT);
        row.setBorder(BorderFactory.createEmptyBorder(0, 0, getFont().getSize() / 2, 0));
        body.add(row);
    }

    /** Reads and analyses the reference off the EDT. */
    private void loadReference(Path file) {
        final SwingWorker<Object[], Void> w = new SwingWorker<>() {
            @Override
            protected Object[] doInBackground() throws IOException {
                final WavFile.Audio a = AudioFile.read(file);
                final float[] mono = new float[a.frames()];
                for (float[] ch : a.samples()) for (int i = 0; i < mono.length; i++) mono[i] += ch[i] / a.samples().length;
                return new Object[] {mono, ReferenceAnalysis.analyse(mono, a.sampleRate())};
            }

            @Override
            protected void done() {
                if (isCancelled()) return;
                try {
                    final Object[] r = get();
                    wave.audio = (float[]) r[0];
                    final ReferenceAnalysis.Report a = (ReferenceAnalysis.Report) r[1];
                    final StringBuilder html = new StringBuilder("<html>").append(String.format(Locale.ROOT,
                            "%.2f s, peak %.1f dBFS, noise floor %.1f dBFS, speech %.1f dBFS, SNR %.1f dB, %d clipped samples",
                            a.seconds(), 20 * Math.log10(Math.max(a.peak(), 1e-9)), a.noiseFloorDb(), a.speechLevelDb(), a.snrDb(), a.clippedSamples()));
                    for (String warning : a.warnings()) html.append("<br>⚠ ").append(escape(warning));
                    report.setText(html.append("</html>").toString());
                    report.setForeground(a.warnings().isEmpty() ? Theme.color("Label.foreground", Color.BLACK) : Theme.error());
                } catch (ExecutionException e) {
                    report.setText("<html>Cannot read the reference: " + escape(String.valueOf(e.getCause().getMessage())) + "</html>");
                    report.setForeground(Theme.error());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                wave.repaint();
            }
        };
        loading = w;
        w.execute();
    }

    private void chooseInstall() {
        final JFileChooser chooser = new JFileChooser();
        chooser.setDialogTitle("GPT-SoVITS install (the folder holding GPT_SoVITS/)");
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        if (chooser.showOpenDialog(this) != JFileChooser.APPROVE_OPTION) return;
        importInstall(chooser.getSelectedFile().toPath());
    }

    /** Imports the voices of a GPT-SoVITS install into the presets folder, off the EDT, then shows the report. */
    void importInstall(Path install) {
        importGsv.setEnabled(false);
        status.accept("Importing " + install + "…");
        new SwingWorker<String, Void>() {
            @Override
            protected String doInBackground() throws IOException {
                return importVoices(install, presetsFolder);
            }

            @Override
            protected void done() {
                importGsv.setEnabled(true);
                String text;
                try {
                    text = get();
                    presetsChanged.run();
                    status.accept("Imported GPT-SoVITS voices from " + install);
                } catch (ExecutionException e) {
                    text = "Cannot import " + install + ":\n" + e.getCause().getMessage();
                    status.accept(text.replace('\n', ' '));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                final JTextArea area = new JTextArea(text, 20, 80);
                area.setEditable(false);
                JOptionPane.showMessageDialog(PresetDetails.this, new JScrollPane(area), "Import GPT-SoVITS folder", JOptionPane.INFORMATION_MESSAGE);
            }
        }.execute();
    }

    /** [any-thread] As {@code understudy import-gsv} without --force: writes new presets, keeps existing ones, reports. */
    static String importVoices(Path install, Path presets) throws IOException {
        final GsvInstall.Scan scan = GsvInstall.scan(install);
        final StringBuilder out = new StringBuilder("GPT-SoVITS install " + scan.folder() + "\n");
        for (GsvInstall.Part p : scan.pretrained()) out.append(p.present() ? "  present " : "  MISSING ").append(p.path()).append(": ").append(p.purpose()).append('\n');
        for (GsvInstall.Part p : scan.frontend()) out.append(p.present() ? "  present " : "  MISSING ").append(p.path()).append(": ").append(p.purpose()).append('\n');
        for (GsvInstall.Skipped s : scan.skippedFiles()) out.append("skipped ").append(scan.folder().relativize(s.file())).append(": ").append(s.reason()).append('\n');
        for (String s : scan.skippedVoices()) out.append("skipped voice ").append(s).append('\n');
        if (scan.voices().isEmpty()) throw new IOException(scan.folder() + ": no trained voice found (GPT_weights*/<name>-e<epoch>.ckpt with SoVITS_weights*/<name>_e<epoch>_s<step>.pth)");
        Files.createDirectories(presets);
        final List<Path> written = new ArrayList<>();
        for (GsvInstall.Voice v : scan.voices()) {
            final Path file = presets.resolve(v.id() + ".json");
            out.append("voice ").append(v.id()).append(" (").append(v.version()).append("): ");
            if (Files.exists(file)) {
                out.append("kept ").append(file).append(", it exists\n");
                continue;
            }
            Files.writeString(file, GsvInstall.presetJson(scan, v), StandardCharsets.UTF_8);
            out.append("wrote ").append(file).append('\n');
            written.add(file);
        }
        if (!written.isEmpty()) {
            out.append("\nEach new preset is refused until it has a reference recording (3-10 s) with its transcript and language\n")
                    .append("(gptSovits.references) and provenance (speaker, consent, source). Edit:\n");
            for (Path f : written) out.append("  ").append(f).append('\n');
        }
        return out.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The reference recording, drawn. */
    private static final class WaveView extends JComponent {
        float[] audio;

        WaveView() {
            setName("referenceWaveform");
            setAlignmentX(LEFT_ALIGNMENT);
        }

        @Override
        public Dimension getPreferredSize() {
            final int line = getFontMetrics(getFont()).getHeight();
            return new Dimension(line * 16, line * 3);
        }

        @Override
        public Dimension getMaximumSize() {
            return new Dimension(Integer.MAX_VALUE, getPreferredSize().height);
        }

        @Override
        protected void paintComponent(Graphics graphics) {
            final Graphics2D g = (Graphics2D) graphics.create();
            g.setColor(Theme.color("Table.background", getBackground()));
            g.fillRect(0, 0, getWidth(), getHeight());
            g.setColor(Theme.accent());
            Waveforms.draw(g, audio, 0, 0, getWidth(), getHeight(), 1.0);
            g.dispose();
        }
    }
}
