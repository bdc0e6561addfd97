package dev.encore.graphql.catalog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The normalized keys names and titles are stored and searched under: lower case, accents stripped (NFD, marks
 * removed), anything but letters and digits a word break. "Beyoncé" becomes {@code beyonce}; "The Dark Side of the
 * Moon" the tokens {@code the dark side of the moon}. Stored rather than relying on collation, which the embedded
 * MongoDB server silently ignores, so search behaves the same on it and on real MongoDB.
 */
public final class SearchKeys {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private SearchKeys() {
    }

    /** The whole name as one key (words joined by single spaces): equality is an exact match, a prefix a prefix. */
    public static String sortKey(String text) {
        return String.join(" ", words(text));
    }

    /** The distinct words, in order; what the token index holds. */
    public static List<String> tokens(String text) {
        return new ArrayList<>(new LinkedHashSet<>(words(text)));
    }

    public static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        String folded = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        folded = folded.replace("ß", "ss").replace("æ", "ae").replace("ø", "o").replace("œ", "oe")
                .replace("Æ", "ae").replace("Ø", "o").replace("Œ", "oe").replace("ł", "l").replace("Ł", "l");
        List<String> words = new ArrayList<>();
        for (String word : NON_WORD.split(folded.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }

    /**
     * A regular expression matching strings that start with {@code prefix}, anchored so MongoDB can answer it from an
     * index. Normalized keys hold only letters, digits and spaces; anything else is escaped all the same.
     */
    public static String prefixRegex(String prefix) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != ' ') {
                regex.append('\\');
            }
            regex.append(c);
        }
        return regex.toString();
    }
}
