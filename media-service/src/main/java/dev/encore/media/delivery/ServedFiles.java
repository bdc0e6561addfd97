package dev.encore.media.delivery;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.encore.media.metadata.AudioFormat;
import dev.encore.media.storage.StoredBlob;
import dev.encore.support.HttpDate;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;

/**
 * What the response headers say about each stored file, built once per file rather than per range: the ETag, the
 * {@code Last-Modified} IMF-fixdate and the {@code Content-Type}, as Helidon header values that keep their encoded
 * bytes (so a 206 neither formats a date nor encodes these headers again). Nothing here decides whether a file
 * exists: the caller opens the blob on every request, and an entry is only used while it describes that blob (same
 * size and modification time), so a file deleted or stored anew is never described by stale headers.
 */
final class ServedFiles {

    /** Enough for every file a replica serves at once; beyond it a quarter is dropped and rebuilt on demand. */
    static final int MAX_ENTRIES = 4096;

    /** The headers of one stored file. */
    record ServedFile(AudioFormat format, String etag, Header etagHeader, Instant lastModified,
                      Header lastModifiedHeader, Header contentType, long size) {

        boolean describes(StoredBlob blob) {
            return size == blob.size() && lastModified.equals(blob.lastModified());
        }
    }

    private final Map<String, ServedFile> files = new ConcurrentHashMap<>();

    /** The format a valid key names by its extension; empty for one this service does not serve. */
    Optional<AudioFormat> format(String key) {
        ServedFile known = files.get(key);
        return known != null ? Optional.of(known.format())
                : AudioFormat.byExtension(key.substring(key.indexOf('.') + 1));
    }

    /** The headers for {@code blob}, stored under {@code key} in {@code format}. */
    ServedFile of(String key, AudioFormat format, StoredBlob blob) {
        ServedFile known = files.get(key);
        if (known != null && known.describes(blob)) {
            return known;
        }
        String etag = "\"" + key.substring(0, key.indexOf('.')) + "\"";
        ServedFile built = new ServedFile(format, etag, HeaderValues.createCached(HeaderNames.ETAG, etag),
                blob.lastModified(),
                HeaderValues.createCached(HeaderNames.LAST_MODIFIED, HttpDate.format(blob.lastModified())),
                HeaderValues.createCached(HeaderNames.CONTENT_TYPE, format.contentType()), blob.size());
        if (files.size() >= MAX_ENTRIES) {
            files.keySet().stream().limit(MAX_ENTRIES / 4).toList().forEach(files::remove);
        }
        files.put(key, built);
        return built;
    }

    int size() {
        return files.size();
    }
}
