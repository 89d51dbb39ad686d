package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code cleaner.clean_text(text, "en", version)} for one English segment: the user's lexicon words are
 * cut out first and keep their phones; the rest loses its unsupported characters (with a warning), is
 * normalised ({@link EnglishNormalizer}) and goes through {@link EnglishG2p}. Then, as upstream, a
 * {@code ,} is prepended when there are fewer than 4 phones and phones outside the version's table
 * become {@code UNK}. English has no word2ph upstream (its BERT features are zeros), so none is made.
 */
public final class EnglishFrontend {
    private static final Logger LOG = Logger.getLogger("understudy.text");

    private final EnglishG2p g2p;
    private final Lexicon lexicon;

    /** The normalised text, the phones, their ids, and the warnings given (dropped characters). */
    public record Result(String normText, List<String> phones, int[] ids, List<String> warnings) {}

    /** [any-thread] */
    public EnglishFrontend(CmuDict dict, Lexicon lexicon) {
        this(new EnglishG2p(dict), lexicon);
    }

    private EnglishFrontend(EnglishG2p g2p, Lexicon lexicon) {
        this.g2p = g2p;
        this.lexicon = lexicon;
    }

    /** [any-thread] The same dictionaries with another user lexicon. */
    public EnglishFrontend withLexicon(Lexicon other) {
        return new EnglishFrontend(g2p, other);
    }

    /** [any-thread] Phones and ids of {@code text} for a model's symbol table ({@link Symbols#forVersion}). */
    public Result clean(String text, Symbols symbols) {
        final StringBuilder norm = new StringBuilder();
        final List<String> phones = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        for (Lexicon.Piece piece : lexicon.split(text)) {
            if (piece.phones() != null) {
                norm.append(piece.text());
                phones.addAll(piece.possessive() ? EnglishG2p.possessive(piece.phones()) : piece.phones());
                continue;
            }
            final UnsupportedCharacters.Filtered filtered = UnsupportedCharacters.englishFilter(piece.text());
            if (filtered.warning() != null) {
                warnings.add(filtered.warning());
                LOG.warning(filtered.warning());
            }
            final String normText = EnglishNormalizer.normalize(filtered.text());
            norm.append(normText);
            phones.addAll(g2p.g2p(normText));
        }
        if (phones.size() < 4) phones.add(0, ",");
        final List<String> checked = new ArrayList<>(phones.size());
        for (String p : phones) checked.add(symbols.contains(p) ? p : Symbols.UNK);
        return new Result(norm.toString(), List.copyOf(checked), symbols.ids(checked), List.copyOf(warnings));
    }

    /** [any-thread] The G2P step, for callers that normalise themselves. */
    public EnglishG2p g2p() {
        return g2p;
    }
}
