package dev.encore.media.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import org.jaudiotagger.audio.AudioFile;
import org.jaudiotagger.audio.AudioFileIO;
import org.jaudiotagger.audio.AudioHeader;
import org.jaudiotagger.tag.FieldKey;
import org.jaudiotagger.tag.Tag;

/**
 * Measures duration, bitrate, sample rate, channels and tags. jaudiotagger reads MP3 (Xing/VBRI headers, else the
 * CBR estimate), FLAC, Ogg Vorbis, WAV and MP4; it has no Opus support, so Ogg Opus goes to {@link OggOpusReader}.
 */
@ApplicationScoped
public class MetadataReader {

    private static final Map<FieldKey, String> TAGS = tagNames();

    static {
        // jaudiotagger reports every oddity of every file at INFO/WARNING; a malformed upload is our 415, not a log line.
        Logger.getLogger("org.jaudiotagger").setLevel(Level.SEVERE);
    }

    /**
     * @throws UnreadableAudioException when the file holds no complete audio frame (see {@link AudioFrames}), or its
     *                                  headers cannot be read
     */
    public AudioMetadata read(Path file, AudioFormat format) throws UnreadableAudioException {
        AudioFrames.requireOne(file, format);
        if (format == AudioFormat.OGG_OPUS) {
            return OggOpusReader.read(file);
        }
        AudioFile audio;
        try {
            // readAs: the staged file has no extension, and jaudiotagger picks its reader by extension.
            audio = AudioFileIO.readAs(file.toFile(), format.extension());
        } catch (Exception e) {
            throw new UnreadableAudioException("The file looks like " + format.extension().toUpperCase()
                                               + " but its audio cannot be read.", e);
        }
        AudioHeader header = audio.getAudioHeader();
        double seconds = header.getPreciseTrackLength();
        if (!(seconds > 0)) {
            throw new UnreadableAudioException("The file holds no playable audio.", null);
        }
        long durationMs = Math.round(seconds * 1000);
        return new AudioMetadata(durationMs, averageBitrate(file, durationMs, header), positive(header.getSampleRateAsNumber()),
                                 channels(header), tags(audio.getTag()));
    }

    /** Bits per second over the whole file: what a client needs to map a seek time to a byte offset. */
    private static Long averageBitrate(Path file, long durationMs, AudioHeader header) {
        try {
            return Math.round(Files.size(file) * 8_000.0 / durationMs);
        } catch (IOException e) {
            return header.getBitRateAsNumber() > 0 ? header.getBitRateAsNumber() * 1000 : null;
        }
    }

    private static Integer channels(AudioHeader header) {
        String channels = header.getChannels();
        if (channels == null) {
            return null;
        }
        // MP3 reports "Stereo"/"Joint Stereo"/"Mono"/"Dual Channel", the others a number.
        String text = channels.trim().toLowerCase();
        if (text.contains("mono")) {
            return 1;
        }
        if (text.contains("stereo") || text.contains("dual")) {
            return 2;
        }
        try {
            return positive(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> tags(Tag tag) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (tag == null) {
            return tags;
        }
        TAGS.forEach((key, name) -> {
            try {
                String value = tag.getFirst(key);
                if (value != null && !value.isBlank()) {
                    tags.put(name, value.trim());
                }
            } catch (RuntimeException e) {
                // a field this tag format cannot hold (e.g. a WAV INFO chunk has no genre): skip it
            }
        });
        return tags;
    }

    private static Integer positive(int value) {
        return value > 0 ? value : null;
    }

    private static Map<FieldKey, String> tagNames() {
        Map<FieldKey, String> names = new LinkedHashMap<>();
        names.put(FieldKey.TITLE, "title");
        names.put(FieldKey.ARTIST, "artist");
        names.put(FieldKey.ALBUM, "album");
        names.put(FieldKey.ALBUM_ARTIST, "albumArtist");
        names.put(FieldKey.TRACK, "track");
        names.put(FieldKey.DISC_NO, "disc");
        names.put(FieldKey.YEAR, "year");
        names.put(FieldKey.GENRE, "genre");
        names.put(FieldKey.COMPOSER, "composer");
        names.put(FieldKey.ISRC, "isrc");
        names.put(FieldKey.COMMENT, "comment");
        return java.util.Collections.unmodifiableMap(names);
    }
}
