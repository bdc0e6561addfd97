package dev.encore.graphql.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.encore.graphql.error.ApiException;

/** Input rules of the catalog's mutations; each failure names the input field at fault. */
final class CatalogValidation {

    static final int MAX_NAME = 200;
    static final int MAX_GENRES = 10;
    static final int MAX_GENRE = 50;
    static final int MAX_DURATION_MS = 24 * 60 * 60 * 1000;
    private static final Pattern ISRC = Pattern.compile("[A-Z]{2}[A-Z0-9]{3}[0-9]{7}");
    private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    private CatalogValidation() {
    }

    static String name(String field, String value) {
        String trimmed = value == null ? "" : value.strip();
        if (trimmed.isEmpty()) {
            throw ApiException.badInput(field, field + " must not be blank.");
        }
        if (trimmed.length() > MAX_NAME) {
            throw ApiException.badInput(field, field + " is longer than " + MAX_NAME + " characters.");
        }
        return trimmed;
    }

    /** Trimmed, without blanks and case-insensitive duplicates, at most {@value #MAX_GENRES}. */
    static List<String> genres(String field, List<String> genres) {
        if (genres == null) {
            return List.of();
        }
        Map<String, String> distinct = new LinkedHashMap<>();
        for (String genre : genres) {
            String trimmed = genre == null ? "" : genre.strip();
            if (trimmed.length() > MAX_GENRE) {
                throw ApiException.badInput(field, "A genre is longer than " + MAX_GENRE + " characters.");
            }
            if (!trimmed.isEmpty()) {
                distinct.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), trimmed);
            }
        }
        if (distinct.size() > MAX_GENRES) {
            throw ApiException.badInput(field, "At most " + MAX_GENRES + " genres.");
        }
        return new ArrayList<>(distinct.values());
    }

    static int durationMs(String field, int durationMs) {
        if (durationMs <= 0 || durationMs > MAX_DURATION_MS) {
            throw ApiException.badInput(field, field + " must be between 1 and " + MAX_DURATION_MS + " milliseconds.");
        }
        return durationMs;
    }

    static Integer trackNumber(String field, Integer trackNumber) {
        if (trackNumber != null && (trackNumber < 1 || trackNumber > 999)) {
            throw ApiException.badInput(field, field + " must be between 1 and 999.");
        }
        return trackNumber;
    }

    /** Upper case, hyphens and spaces removed (ISRCs are often written {@code US-RC1-76-07839}); null when blank. */
    static String isrc(String field, String isrc) {
        if (isrc == null || isrc.isBlank()) {
            return null;
        }
        String normalized = isrc.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!ISRC.matcher(normalized).matches()) {
            throw ApiException.badInput(field, field + " is not an ISRC (two letters, three letters or digits, "
                                               + "seven digits, like USRC17607839).");
        }
        return normalized;
    }

    static String mediaId(String field, String mediaId) {
        if (mediaId == null || mediaId.isBlank()) {
            return null;
        }
        if (!MEDIA_ID.matcher(mediaId).matches()) {
            throw ApiException.badInput(field, field + " is not a media id.");
        }
        return mediaId;
    }
}
