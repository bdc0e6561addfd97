package dev.encore.media.metadata;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Against real files made by ffmpeg (see src/test/resources/audio/make-fixtures.sh): 3 s tones. */
class MetadataReaderTest {

    private final MetadataReader reader = new MetadataReader();

    @TempDir
    Path temp;

    @Test
    void measuresMp3WithId3Tags() throws Exception {
        AudioMetadata mp3 = measure("tone.mp3", AudioFormat.MP3);
        assertThat(mp3.sampleRate(), is(44100));
        assertThat(mp3.channels(), is(2));
        assertThat(mp3.bitrate(), allOf(greaterThan(55_000L), lessThan(75_000L)));
        assertThat(mp3.tags(), allOf(hasEntry("title", "Fixture Tone"), hasEntry("artist", "Encore Tests"),
                                     hasEntry("album", "Fixtures")));
    }

    @Test
    void measuresVbrMp3WithoutId3FromItsXingHeader() throws Exception {
        measure("tone-vbr-noid3.mp3", AudioFormat.MP3);
    }

    @Test
    void measuresFlac() throws Exception {
        AudioMetadata flac = measure("tone.flac", AudioFormat.FLAC);
        assertThat(flac.sampleRate(), is(44100));
        assertThat(flac.tags(), hasEntry("title", "Fixture Tone"));
    }

    @Test
    void measuresOggVorbis() throws Exception {
        AudioMetadata ogg = measure("tone.ogg", AudioFormat.OGG_VORBIS);
        assertThat(ogg.channels(), is(2));
        assertThat(ogg.tags(), hasEntry("artist", "Encore Tests"));
    }

    @Test
    void measuresOggOpusFromItsLastGranule() throws Exception {
        AudioMetadata opus = measure("tone.opus", AudioFormat.OGG_OPUS);
        assertThat(opus.sampleRate(), is(48000));
        assertThat(opus.channels(), is(2));
        assertThat(opus.tags(), allOf(hasEntry("title", "Fixture Tone"), hasEntry("album", "Fixtures")));
    }

    @Test
    void measuresWav() throws Exception {
        AudioMetadata wav = measure("tone.wav", AudioFormat.WAV);
        assertThat(wav.sampleRate(), is(8000));
        assertThat(wav.channels(), is(1));
        assertThat(wav.bitrate(), allOf(greaterThan(127_000L), lessThan(130_000L)));
    }

    @Test
    void measuresMp4Audio() throws Exception {
        AudioMetadata m4a = measure("tone.m4a", AudioFormat.MP4);
        assertThat(m4a.tags(), hasEntry("title", "Fixture Tone"));
    }

    @Test
    void tellsNonAudioFromAudio() throws IOException {
        assertThat(sniff("not audio at all, just text".getBytes()), is(Optional.empty()));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0};
        assertThat(sniff(png), is(Optional.empty()));
        byte[] randomSync = new byte[4096];
        randomSync[0] = (byte) 0xFF;
        randomSync[1] = (byte) 0xFB;
        randomSync[2] = (byte) 0x50; // a plausible header, but no second frame where it points
        assertThat(sniff(randomSync), is(Optional.empty()));
    }

    @Test
    void truncatedFlacIsUnreadable() throws Exception {
        byte[] flac = Files.readAllBytes(fixture("tone.flac"));
        Path cut = temp.resolve("cut");
        Files.write(cut, Arrays.copyOf(flac, 20));
        assertThat(FormatSniffer.sniff(cut), is(Optional.of(AudioFormat.FLAC)));
        assertThrows(UnreadableAudioException.class, () -> reader.read(cut, AudioFormat.FLAC));
    }

    private AudioMetadata measure(String name, AudioFormat expected) throws Exception {
        // Staged uploads have no extension: copy so that nothing relies on the file name.
        Path staged = temp.resolve("upload-" + name.hashCode() + ".part");
        Files.copy(fixture(name), staged);
        assertThat(FormatSniffer.sniff(staged), is(Optional.of(expected)));
        AudioMetadata metadata = reader.read(staged, expected);
        assertThat(name, metadata.durationMs(), allOf(greaterThan(2_950L), lessThan(3_100L)));
        return metadata;
    }

    private Optional<AudioFormat> sniff(byte[] bytes) throws IOException {
        Path file = temp.resolve("sniff");
        Files.write(file, bytes);
        return FormatSniffer.sniff(file);
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(MetadataReaderTest.class.getResource("/audio/" + name).toURI());
    }
}
