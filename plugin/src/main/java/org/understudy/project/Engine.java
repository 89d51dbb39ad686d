package org.understudy.project;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Logger;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.render.RenderCache;
import org.understudy.engine.render.RenderService;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.TextData;

/**
 * The one rendering service of this JVM, shared by every track (plugin instances, the standalone
 * window): its models stay loaded across tracks, and renders run one at a time on its engine thread
 * (guide-voice cues fan out to the service's workers, ONNX Runtime uses every core).
 *
 * <p>Text data (CMUdict, the Chinese tables): {@code UNDERSTUDY_GSV_TEXT} or the system property
 * {@code understudy.gsvText} names a GPT-SoVITS {@code GPT_SoVITS/text} folder; without one, English
 * is read by the letter-to-sound rules alone. Finished cues are cached under
 * {@code $XDG_CACHE_HOME/understudy/renders} ({@code understudy.cache} overrides it). GPT-SoVITS
 * models run on the CPU, or on CUDA device {@code understudy.cudaDevice} (falling back to the CPU with
 * a logged reason).
 */
public final class Engine {
    private static final Logger LOG = Logger.getLogger("understudy.engine");
    private static Engine shared;

    private final RenderService service;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "understudy-engine");
        t.setDaemon(true);
        return t;
    });

    public Engine(RenderService service) {
        this.service = service;
    }

    /** [any-thread] The JVM's engine, made on first use. */
    public static synchronized Engine shared() {
        if (shared == null) {
            final Integer cuda = Integer.getInteger("understudy.cudaDevice");
            final SessionConfig session = cuda == null ? SessionConfig.defaults() : SessionConfig.defaults().withCuda(cuda);
            shared = new Engine(new RenderService(frontend(), new RenderCache(cacheFolder()), session));
        }
        return shared;
    }

    /** [any-thread] Runs {@code job} on the engine thread, after the jobs before it. */
    public <T> Future<T> submit(Callable<T> job) {
        return thread.submit(job);
    }

    /** [engine-worker] The service; only jobs on the engine thread may use it. */
    RenderService service() {
        return service;
    }

    private static Path cacheFolder() {
        final String configured = System.getProperty("understudy.cache");
        if (configured != null) return Path.of(configured);
        final String xdg = System.getenv("XDG_CACHE_HOME");
        final Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("understudy").resolve("renders");
    }

    private static Frontend frontend() {
        String text = System.getProperty("understudy.gsvText", System.getenv("UNDERSTUDY_GSV_TEXT"));
        try {
            if (text != null && TextData.present(Path.of(text))) return TextData.frontend(Path.of(text), TextData.DEBIAN_JIEBA, null, Lexicon.EMPTY, LOG::warning);
        } catch (IOException e) {
            LOG.warning("cannot read the text data in " + text + ": " + e.getMessage() + "; English is read by letter-to-sound rules alone");
        }
        LOG.info("no GPT-SoVITS text data (UNDERSTUDY_GSV_TEXT): English is read by letter-to-sound rules alone, Chinese is unavailable");
        return new Frontend(CmuDict.empty(), Lexicon.EMPTY, null);
    }
}
