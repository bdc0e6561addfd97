package dev.encore.media.metadata;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Tells the audio format from the bytes alone: the name a client gives a file and the type it declares are claims,
 * the bytes are the fact. Looks only at the container signature (and, for MP3, at two consecutive frame headers
 * after any ID3v2 tag, because a bare frame sync is too easy to hit by chance in arbitrary data).
 */
public final class FormatSniffer {

    private static final int PROBE = 64 * 1024;

    private FormatSniffer() {
    }

    public static Optional<AudioFormat> sniff(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = Bytes.read(channel, 0, PROBE);
            if (Bytes.at(head, 0, "ID3") && head.length >= 10) {
                // ID3v2: 10-byte header, syncsafe size, optional 10-byte footer; MP3 frames follow (the tag may be
                // megabytes of cover art, so read again past it rather than probing further).
                long tagEnd = 10 + Bytes.syncsafe(head, 6) + ((head[5] & 0x10) != 0 ? 10 : 0);
                byte[] after = Bytes.read(channel, tagEnd, 8 * 1024);
                int frame = skipPadding(after);
                return isMp3FrameAt(after, frame) ? Optional.of(AudioFormat.MP3) : Optional.empty();
            }
            return sniff(head);
        }
    }

    /** Detection from the first bytes of a file (at least a few KiB for MP3 without ID3). */
    static Optional<AudioFormat> sniff(byte[] head) {
        if (Bytes.at(head, 0, "fLaC")) {
            return Optional.of(AudioFormat.FLAC);
        }
        if (Bytes.at(head, 0, "RIFF") && Bytes.at(head, 8, "WAVE")) {
            return Optional.of(AudioFormat.WAV);
        }
        if (Bytes.at(head, 4, "ftyp")) {
            return Optional.of(AudioFormat.MP4);
        }
        if (Bytes.at(head, 0, "OggS")) {
            return oggCodec(head);
        }
        return isMp3FrameAt(head, 0) ? Optional.of(AudioFormat.MP3) : Optional.empty();
    }

    /** The first Ogg page holds exactly the codec's identification packet; its magic names the codec. */
    private static Optional<AudioFormat> oggCodec(byte[] head) {
        if (head.length < 27) {
            return Optional.empty();
        }
        int segments = head[26] & 0xFF;
        int packet = 27 + segments;
        if (Bytes.at(head, packet, "\u0001vorbis")) {
            return Optional.of(AudioFormat.OGG_VORBIS);
        }
        if (Bytes.at(head, packet, "OpusHead")) {
            return Optional.of(AudioFormat.OGG_OPUS);
        }
        return Optional.empty(); // Speex, FLAC-in-Ogg, Theora video...: not served here
    }

    private static boolean isMp3FrameAt(byte[] data, int offset) {
        int length = mp3FrameLength(data, offset);
        if (length <= 0) {
            return false;
        }
        int next = offset + length;
        // A file holding a single frame is still MP3; otherwise the next frame must be where the first one says.
        return next + 4 > data.length || mp3FrameLength(data, next) > 0;
    }

    /** The length of the MPEG-1/2/2.5 Layer III frame whose header starts at {@code offset}, or -1. */
    static int mp3FrameLength(byte[] data, int offset) {
        if (offset < 0 || offset + 4 > data.length) {
            return -1;
        }
        int b1 = data[offset + 1] & 0xFF;
        int b2 = data[offset + 2] & 0xFF;
        if ((data[offset] & 0xFF) != 0xFF || (b1 & 0xE0) != 0xE0) {
            return -1;
        }
        int version = (b1 >> 3) & 0x3;      // 0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1
        int layer = (b1 >> 1) & 0x3;        // 1: Layer III
        int bitrateIndex = (b2 >> 4) & 0xF;
        int rateIndex = (b2 >> 2) & 0x3;
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return -1;
        }
        int[] mpeg1 = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
        int[] mpeg2 = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
        int[][] rates = {{11025, 12000, 8000}, {0, 0, 0}, {22050, 24000, 16000}, {44100, 48000, 32000}};
        int bitrate = (version == 3 ? mpeg1 : mpeg2)[bitrateIndex] * 1000;
        int sampleRate = rates[version][rateIndex];
        int padding = (b2 >> 1) & 0x1;
        int samplesPerFrame = version == 3 ? 1152 : 576;
        return samplesPerFrame / 8 * bitrate / sampleRate + padding;
    }

    private static int skipPadding(byte[] data) {
        int offset = 0;
        while (offset < data.length && data[offset] == 0) {
            offset++;
        }
        return offset;
    }
}
