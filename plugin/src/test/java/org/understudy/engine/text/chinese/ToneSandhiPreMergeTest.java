package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ToneSandhi#preMergeForModify} on tone_sandhi_pre_merge.json: jieba's words and pypinyin's
 * finals come from the file. pypinyin's finals are recorded for jieba's words and for the final
 * merged words; a word that exists only between two merge steps (我很 in 我很好) gets the finals of
 * the recorded words it is made of, which is what pypinyin gives when it has no phrase entry.
 */
class ToneSandhiPreMergeTest {

    @Test
    void mergesMatchUpstream() throws IOException {
        final JsonNode cases = FrontendFixtures.json("tone_sandhi_pre_merge.json").path("cases");
        final List<String> failures = new ArrayList<>();
        int equal = 0;
        for (JsonNode c : cases) {
            final List<ToneSandhi.Word> merged = ToneSandhi.preMergeForModify(words(c.path("posseg")), lookup(c, failures));
            final List<ToneSandhi.Word> expected = words(c.path("merged"));
            if (expected.equals(merged)) equal++;
            else failures.add(c.path("sentence").asText() + ": expected " + expected + ", got " + merged);
        }
        System.out.printf("tone_sandhi_pre_merge.json merged: %d/%d equal%n", equal, cases.size());
        assertEquals(List.of(), failures);
    }

    /**
     * words[].modified: modifiedTone on each merged word. jieba's split ({@code _split_word}) is
     * recorded only for the words of tone_sandhi_modified_tone.json. Other words of one or two
     * characters do not depend on it (they are split as (word, "")); for longer ones, without jieba,
     * the test tries (word, "") and every two-part split: the word counts as equal when all give the
     * golden value, and apart (split not recorded) when only some do.
     */
    @Test
    void modifiedTonesOfMergedWordsMatchUpstream() throws IOException {
        final Map<String, List<String>> splits = new HashMap<>();
        for (JsonNode c : FrontendFixtures.json("tone_sandhi_modified_tone.json").path("cases")) {
            splits.put(c.path("word").asText(), FrontendFixtures.strings(c.path("split_word")));
        }
        final List<String> failures = new ArrayList<>(), unrecordedSplits = new ArrayList<>();
        int equal = 0, total = 0;
        for (JsonNode c : FrontendFixtures.json("tone_sandhi_pre_merge.json").path("cases")) {
            for (JsonNode w : c.path("words")) {
                total++;
                final String word = w.path("word").asText(), pos = w.path("pos").asText();
                final List<String> finals = FrontendFixtures.strings(w.path("finals"));
                final List<String> expected = FrontendFixtures.strings(w.path("modified"));
                final List<List<String>> candidates = new ArrayList<>();
                if (splits.containsKey(word) || ToneSandhi.length(word) <= 2) {
                    candidates.add(splits.getOrDefault(word, List.of(word, "")));
                } else {
                    candidates.add(List.of(word, ""));
                    for (int cut = 1; cut < word.length(); cut++) candidates.add(List.of(word.substring(0, cut), word.substring(cut)));
                }
                List<String> mismatch = null;
                int matching = 0;
                for (List<String> split : candidates) {
                    final List<String> actual = new ToneSandhi(x -> split).modifiedTone(word, pos, finals);
                    if (expected.equals(actual)) matching++;
                    else mismatch = actual;
                }
                if (matching == 0) failures.add(word + "/" + pos + " " + finals + ": expected " + expected + ", got " + mismatch);
                else if (matching == candidates.size()) equal++; // the split does not matter here
                else unrecordedSplits.add(word);
            }
        }
        System.out.printf("tone_sandhi_pre_merge.json words[].modified: %d/%d equal, %d more equal under some split (jieba's not recorded): %s%n",
                equal, total, unrecordedSplits.size(), unrecordedSplits);
        assertEquals(List.of(), failures);
    }

    private static List<ToneSandhi.Word> words(JsonNode pairs) {
        final List<ToneSandhi.Word> out = new ArrayList<>();
        for (JsonNode p : pairs) out.add(new ToneSandhi.Word(p.get(0).asText(), p.get(1).asText()));
        return out;
    }

    private static ToneSandhi.FinalsLookup lookup(JsonNode c, List<String> failures) {
        return FrontendFixtures.recordedFinals(c, word -> word, word -> {
            // preMergeForModify would swallow an exception as a failed merge step; record it instead
            failures.add(c.path("sentence").asText() + ": no finals for " + word);
            return List.of();
        });
    }
}
