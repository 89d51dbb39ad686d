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

    @Test
    void speaksEveryJapaneseMora() {
        // every katakana, small kana combinations included, through the mora table: each phone has a target
        final StringBuilder all = new StringBuilder();
        for (char c = '\u30A1'; c <= '\u30F4'; c++) all.append(c);
        all.append("キャキュキョシャチャニャヒャミャリャギャジャビャピャティディファフィツァウィウェヴァ");
        final java.util.List<String> phones = new java.util.ArrayList<>();
        final var read = org.understudy.engine.text.japanese.KanaPhones.morae(all.toString(), null);
        assertTrue(read.unread().isEmpty(), "every kana is a mora: " + read.unread());
        for (var mora : read.morae()) phones.addAll(mora.phones());
        final float[] x = new GuideVoice(GuideVoice.Settings.HIGH).speak(phones, GuideVoice.Language.JAPANESE, 24000, 1);
        assertTrue(x.length > 24000, "spoken: " + x.length + " samples for " + phones.size() + " phones");
        for (float v : x) assertTrue(Float.isFinite(v) && Math.abs(v) < 1, "finite, no clipping");
    }

    @Test
    void speaksJapaneseFromTheFrontendWithItsProsodyMarks() {
        final Frontend frontend = new Frontend(org.understudy.engine.text.CmuDict.empty(), Lexicon.EMPTY, null);
        final Frontend.Result r = frontend.phonemize("こんにちは、今日はいい天気ですね。", org.understudy.engine.text.LangSegmenter.Mode.parse("ja"), "v2");
        assertTrue(r.phones().contains("[") && r.phones().contains("UNK"), "accent rise and # (as UNK) are in the phones: " + r.phones());
        final float[] x = new GuideVoice(GuideVoice.Settings.LOW).speak(r.phones(), GuideVoice.Language.JAPANESE, 24000, 1);
        assertTrue(x.length > 24000 && x.length < 24000 * 6, x.length + " samples");
    }
}
