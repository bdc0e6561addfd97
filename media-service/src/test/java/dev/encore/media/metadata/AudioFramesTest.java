package dev.encore.media.metadata;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Against the real ffmpeg fixtures (see src/test/resources/audio/make-fixtures.sh), whole and cut: a file that holds
 * only headers, or a first frame cut short or corrupted, has no complete audio frame.
 */
class AudioFramesTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @CsvSource({"tone.mp3, MP3", "tone-vbr-noid3.mp3, MP3", "tone.flac, FLAC", "tone.ogg, OGG_VORBIS",
                "tone.opus, OGG_OPUS", "tone.wav, WAV", "tone.m4a, MP4"})
    void everyWholeFixtureHoldsAFrame(String name, AudioFormat format) throws Exception {
        assertDoesNotThrow(() -> AudioFrames.requireOne(write(fixture(name)), format));
    }

    @Test
    void mp3CutTo417BytesHoldsOnlyItsTagAndInfoFrame() throws Exception {
        // 113 bytes of ID3v2, the 208-byte LAME "Info" frame (no audio), then 96 bytes of a 208-byte audio frame.
        byte[] cut = Arrays.copyOf(fixture("tone.mp3"), 417);
        UnreadableAudioException refused = assertThrows(UnreadableAudioException.class,
                () -> AudioFrames.requireOne(write(cut), AudioFormat.MP3));
        assertThat(refused.getMessage(), containsString("no complete audio frame"));
        // one whole audio frame after the Info frame is enough
        assertDoesNotThrow(() -> AudioFrames.requireOne(write(Arrays.copyOf(fixture("tone.mp3"), 113 + 209 + 209)),
                AudioFormat.MP3));
    }

    @Test
    void vbrMp3CutInsideItsXingFrameHoldsNoFrame() throws Exception {
        refused(Arrays.copyOf(fixture("tone-vbr-noid3.mp3"), 100), AudioFormat.MP3);
    }

    @Test
    void randomBytesAreNoFrameOfAnyFormat() throws Exception {
        byte[] noise = new byte[24_000];
        new Random(417).nextBytes(noise);
        for (AudioFormat format : AudioFormat.values()) {
            refused(noise, format);
        }
    }

    @Test
    void flacWithItsFirstFrameCutOrCorruptedIsRefused() throws Exception {
        byte[] flac = fixture("tone.flac");
        int firstFrame = indexOf(flac, new byte[] {(byte) 0xFF, (byte) 0xF8}, 42); // after STREAMINFO
        assertThat(firstFrame, greaterThan(42));
        refused(Arrays.copyOf(flac, firstFrame), AudioFormat.FLAC);
        refused(Arrays.copyOf(flac, firstFrame + 200), AudioFormat.FLAC);
        byte[] corrupt = flac.clone();
        corrupt[firstFrame + 100] ^= 0x10; // the frame's CRC-16 no longer matches
        refused(corrupt, AudioFormat.FLAC);
    }

    @ParameterizedTest
    @CsvSource({"tone.ogg, OGG_VORBIS", "tone.opus, OGG_OPUS"})
    void oggWithOnlyItsHeaderPagesIsRefused(String name, AudioFormat format) throws Exception {
        byte[] ogg = fixture(name);
        int headersEnd = headerPagesEnd(ogg);
        refused(Arrays.copyOf(ogg, headersEnd), format);
        refused(Arrays.copyOf(ogg, headersEnd + 100), format); // the first audio page cut short
        byte[] firstAudioPage = Arrays.copyOf(ogg, headersEnd + pageLength(ogg, headersEnd));
        assertDoesNotThrow(() -> AudioFrames.requireOne(write(firstAudioPage), format));
        firstAudioPage[headersEnd + 60] ^= 0x01; // the page's CRC-32 no longer matches
        refused(firstAudioPage, format);
    }

    @Test
    void wavNeedsOneWholeSampleFrameOfData() throws Exception {
        byte[] wav = fixture("tone.wav"); // 16-bit mono: a block is 2 bytes, after fmt, LIST and the data header
        int data = indexOf(wav, "data".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 12) + 8;
        refused(Arrays.copyOf(wav, data), AudioFormat.WAV);
        refused(Arrays.copyOf(wav, data + 1), AudioFormat.WAV);
        assertDoesNotThrow(() -> AudioFrames.requireOne(write(Arrays.copyOf(wav, data + 2)), AudioFormat.WAV));
    }

    @Test
    void mp4CutBeforeItsSampleTableIsRefused() throws Exception {
        byte[] m4a = fixture("tone.m4a"); // ffmpeg writes mdat first, moov last
        refused(Arrays.copyOf(m4a, m4a.length / 2), AudioFormat.MP4);
        refused(Arrays.copyOf(m4a, m4a.length - 10), AudioFormat.MP4);
    }

    @Test
    void metadataReaderRefusesTheCutMp3ItsXingHeaderWouldCallThreeSecondsLong() throws Exception {
        Path cut = write(Arrays.copyOf(fixture("tone.mp3"), 417));
        assertThrows(UnreadableAudioException.class, () -> new MetadataReader().read(cut, AudioFormat.MP3));
    }

    // ---- helpers ----

    private void refused(byte[] bytes, AudioFormat format) throws IOException {
        Path file = write(bytes);
        assertThrows(UnreadableAudioException.class, () -> AudioFrames.requireOne(file, format),
                format + " of " + bytes.length + " bytes");
    }

    /** Where the pages with granule position 0 (the codec's header packets) end. */
    private static int headerPagesEnd(byte[] ogg) {
        int at = 0;
        while (ByteBuffer.wrap(ogg, at + 6, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() == 0) {
            at += pageLength(ogg, at);
        }
        return at;
    }

    private static int pageLength(byte[] ogg, int at) {
        int segments = ogg[at + 26] & 0xFF;
        int length = 27 + segments;
        for (int i = 0; i < segments; i++) {
            length += ogg[at + 27 + i] & 0xFF;
        }
        return length;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        for (int i = from; i + pattern.length <= data.length; i++) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private Path write(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(temp, "upload", ""), bytes);
    }

    private static byte[] fixture(String name) throws IOException, URISyntaxException {
        return Files.readAllBytes(Path.of(AudioFramesTest.class.getResource("/audio/" + name).toURI()));
    }
}
