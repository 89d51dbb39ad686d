package org.understudy.engine.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.FrontendFixtures;
import org.understudy.engine.text.LangSegmenter;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.chinese.DictionaryPinyin;
import org.understudy.engine.text.chinese.JiebaSegmenter;

/** The guide voice speaks whatever the shared frontend produces: ARPAbet and opencpop phones alike. */
class GuideVoiceFrontendTest {
    @Test
    void speaksEverySegmentOfMixedText() throws IOException {
        final Frontend frontend = Frontend.load(FrontendFixtures.gsvData(), Lexicon.EMPTY,
                JiebaSegmenter.load(FrontendFixtures.jiebaFolder()), new DictionaryPinyin());
        final Frontend.Result r = frontend.phonemize("今天天气很好，我们去公园散步吧。Hello world, is it 3 o'clock?",
                LangSegmenter.Mode.parse("auto"), "v2");
        assertEquals(2, r.segments().size(), r.segments().toString());
        final GuideVoice voice = new GuideVoice(GuideVoice.Settings.HIGH);
        double seconds = 0;
        for (Frontend.Segment s : r.segments()) {
            final GuideVoice.Language lang = s.language().equals("zh") ? GuideVoice.Language.MANDARIN : GuideVoice.Language.ENGLISH;
            final float[] audio = voice.speak(s.phones(), lang, 24000, 1);
            float peak = 0;
            for (float v : audio) peak = Math.max(peak, Math.abs(v));
            assertTrue(peak > 0.1f && peak <= 0.8f + 1e-6f, s.language() + " peak " + peak);
            seconds += audio.length / 24000.0;
        }
        assertTrue(seconds > 2 && seconds < 12, "about as long as read aloud: " + seconds + " s");
    }
}
