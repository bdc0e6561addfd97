package dev.encore.media.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Content-addressed storage of audio files. A key is {@code <sha256 hex>.<extension>}, so the same bytes are stored
 * once and a key never changes meaning: that is what lets stream URLs be cached for a year.
 *
 * <p>Uploads are written to a staging file first and {@linkplain #commit committed} under their key only when complete
 * and hashed, so a reader never sees a partial file. Every replica of the service may share one store: commits of the
 * same key are idempotent and nothing is cached in process.
 */
public interface BlobStore {

    /** A new, empty staging file for one upload; the caller deletes it if the upload fails. */
    Path newStagingFile() throws IOException;

    /**
     * Stores a complete staged file under {@code key}, consuming it. When the key is already stored, the staged copy
     * is discarded: the content is, by construction, the same.
     *
     * @return {@code true} when the bytes were new to the store
     */
    boolean commit(Path staged, String key) throws IOException;

    /** Opens a stored blob for reading; the caller closes it. Empty for an unknown or malformed key. */
    Optional<StoredBlob> open(String key) throws IOException;

    /** @return {@code true} when something was deleted */
    boolean delete(String key) throws IOException;

    /**
     * {@code [0-9a-f]{64}\.[a-z0-9]{2,5}}, checked by hand: it runs on every stream request, where a regex match was
     * a measurable share of the CPU.
     */
    static boolean isValidKey(String key) {
        if (key == null || key.length() < 67 || key.length() > 70 || key.charAt(64) != '.') {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean valid = i < 64 ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                    : i == 64 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
            if (!valid) {
                return false;
            }
        }
        return true;
    }
}
