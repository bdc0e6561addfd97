package dev.encore.media.metadata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Ogg Opus (RFC 7845), which jaudiotagger does not read: channels and pre-skip from the {@code OpusHead} packet,
 * tags from {@code OpusTags} (Vorbis comments), and the duration from the granule position of the last page, which
 * counts 48 kHz samples whatever the input rate was.
 */
final class OggOpusReader {

    private static final int OPUS_RATE = 48_000;
    /** An Ogg page is at most 27 + 255 + 255 * 255 bytes, so the last page starts within this many of the end. */
    private static final int LAST_PAGE_WINDOW = 65_307;

    private static final Map<String, String> COMMENT_NAMES = Map.ofEntries(
            Map.entry("TITLE", "title"), Map.entry("ARTIST", "artist"), Map.entry("ALBUM", "album"),
            Map.entry("ALBUMARTIST", "albumArtist"), Map.entry("TRACKNUMBER", "track"),
            Map.entry("DISCNUMBER", "disc"), Map.entry("DATE", "year"), Map.entry("GENRE", "genre"),
            Map.entry("COMPOSER", "composer"), Map.entry("ISRC", "isrc"), Map.entry("COMMENT", "comment"));

    private OggOpusReader() {
    }

    static AudioMetadata read(Path file) throws UnreadableAudioException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            PacketReader packets = new PacketReader(channel);
            ByteBuffer head = packets.next();
            if (head == null || head.remaining() < 19 || !magic(head, "OpusHead")) {
                throw new UnreadableAudioException("The Ogg stream has no Opus header.", null);
            }
            int channels = head.get(9) & 0xFF;
            int preSkip = head.getShort(10) & 0xFFFF;
            ByteBuffer tags = packets.next();
            Map<String, String> comments = tags != null && magic(tags, "OpusTags") ? comments(tags) : Map.of();
            long granule = lastGranule(channel, packets.serial);
            if (granule <= preSkip) {
                throw new UnreadableAudioException("The Opus stream holds no audio.", null);
            }
            long durationMs = Math.round((granule - preSkip) * 1000.0 / OPUS_RATE);
            long bitrate = Math.round(channel.size() * 8_000.0 / Math.max(1, durationMs));
            return new AudioMetadata(durationMs, bitrate, OPUS_RATE, channels, comments);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableAudioException("The file looks like Ogg Opus but cannot be read.", e);
        }
    }

    private static long lastGranule(FileChannel channel, int serial) throws IOException {
        long size = channel.size();
        int window = (int) Math.min(size, LAST_PAGE_WINDOW);
        ByteBuffer tail = ByteBuffer.allocate(window).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(tail, size - window);
        tail.flip();
        for (int at = tail.limit() - 27; at >= 0; at--) {
            if (tail.get(at) == 'O' && tail.get(at + 1) == 'g' && tail.get(at + 2) == 'g' && tail.get(at + 3) == 'S'
                && tail.get(at + 4) == 0 && tail.getInt(at + 14) == serial) {
                long granule = tail.getLong(at + 6);
                if (granule != -1) {
                    return granule;
                }
            }
        }
        return -1;
    }

    private static Map<String, String> comments(ByteBuffer packet) {
        packet.order(ByteOrder.LITTLE_ENDIAN).position(8);
        int vendorLength = packet.getInt();
        packet.position(packet.position() + vendorLength);
        int count = packet.getInt();
        Map<String, String> found = new HashMap<>();
        for (int i = 0; i < count && packet.remaining() >= 4; i++) {
            byte[] comment = new byte[packet.getInt()];
            packet.get(comment);
            String text = new String(comment, StandardCharsets.UTF_8);
            int equals = text.indexOf('=');
            if (equals > 0) {
                String name = COMMENT_NAMES.get(text.substring(0, equals).toUpperCase(Locale.ROOT));
                String value = text.substring(equals + 1).trim();
                if (name != null && !value.isEmpty()) {
                    found.putIfAbsent(name, value);
                }
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        COMMENT_NAMES.values().stream().sorted().forEach(name -> {
            if (found.containsKey(name)) {
                ordered.put(name, found.get(name));
            }
        });
        return ordered;
    }

    private static boolean magic(ByteBuffer packet, String magic) {
        byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
        if (packet.remaining() < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (packet.get(i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reassembles packets from consecutive pages of the first logical stream (enough for the two header packets). */
    private static final class PacketReader {
        private static final int MAX_PACKET = 1 << 20;
        private final FileChannel channel;
        private long position;
        private int serial;
        private byte[] lacing = new byte[0];
        private int lace;
        private long segmentData;

        PacketReader(FileChannel channel) {
            this.channel = channel;
        }

        ByteBuffer next() throws IOException {
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            while (true) {
                if (lace >= lacing.length && !nextPage()) {
                    return null;
                }
                int length = lacing[lace++] & 0xFF;
                ByteBuffer segment = ByteBuffer.allocate(length);
                channel.read(segment, segmentData);
                segmentData += length;
                packet.write(segment.array(), 0, length);
                if (packet.size() > MAX_PACKET) {
                    throw new IOException("Ogg header packet too large");
                }
                if (length < 255) {
                    return ByteBuffer.wrap(packet.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                }
            }
        }

        private boolean nextPage() throws IOException {
            ByteBuffer header = ByteBuffer.allocate(27).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(header, position) < 27 || header.get(0) != 'O' || header.get(3) != 'S') {
                return false;
            }
            if (position == 0) {
                serial = header.getInt(14);
            }
            lacing = new byte[header.get(26) & 0xFF];
            channel.read(ByteBuffer.wrap(lacing), position + 27);
            lace = 0;
            segmentData = position + 27 + lacing.length;
            long body = 0;
            for (byte value : lacing) {
                body += value & 0xFF;
            }
            position = segmentData + body;
            return true;
        }
    }
}
