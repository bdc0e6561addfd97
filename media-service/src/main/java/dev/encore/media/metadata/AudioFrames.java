package dev.encore.media.metadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Whether a file holds at least one complete audio frame of its format: the check that a file that merely starts
 * like audio (a cut-off upload, a header and nothing after it) is not stored as audio.
 *
 * <p>Why our own: jaudiotagger reads headers and tags, not frames, so it measures a 417-byte cut of an MP3 as three
 * seconds long from the cut file's Xing header; no decoder (JLayer, jFLAC, JOrbis) is a dependency, and decoding every
 * upload would cost far more than this. So each format's frame structure is checked, with the format's own checksums
 * where it has them:
 * <ul>
 *   <li>MP3: after any ID3v2 tag, a frame header whose frame fits in the file and is not the Xing/Info/VBRI header
 *       frame (which carries no audio);</li>
 *   <li>FLAC: the metadata blocks fit, then a frame header whose CRC-8 matches, and a frame end where the frame's
 *       CRC-16 matches;</li>
 *   <li>Ogg Vorbis and Opus: pages whose CRC-32 matches, up to one complete packet after the codec's header packets
 *       (three for Vorbis, two for Opus);</li>
 *   <li>WAV: a {@code fmt } chunk and at least one block ({@code blockAlign} bytes) of its {@code data} chunk;</li>
 *   <li>MP4: a sound track whose first sample lies wholly within the file.</li>
 * </ul>
 */
final class AudioFrames {

    /** Where a complete first frame must have ended: far beyond any real frame of these formats. */
    private static final int MAX_FRAME = 1 << 20;

    private AudioFrames() {
    }

    /** @throws UnreadableAudioException when the file holds no complete audio frame of {@code format} */
    static void requireOne(Path file, AudioFormat format) throws UnreadableAudioException {
        boolean found;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            found = switch (format) {
                case MP3 -> mp3(channel);
                case FLAC -> flac(channel);
                case OGG_VORBIS -> ogg(channel, 3);
                case OGG_OPUS -> ogg(channel, 2);
                case WAV -> wav(channel);
                case MP4 -> mp4(channel);
            };
        } catch (IOException | RuntimeException e) {
            found = false; // a structure that points outside itself is as unplayable as a missing frame
        }
        if (!found) {
            throw new UnreadableAudioException("The file looks like " + format.name().replace('_', ' ')
                                               + " but holds no complete audio frame: it is cut off or corrupt.", null);
        }
    }

    // ---- MP3 ----

    private static boolean mp3(FileChannel channel) throws IOException {
        long size = channel.size();
        long at = 0;
        byte[] head = Bytes.read(channel, 0, 10);
        if (head.length == 10 && head[0] == 'I' && head[1] == 'D' && head[2] == '3') {
            at = 10 + Bytes.syncsafe(head, 6) + ((head[5] & 0x10) != 0 ? 10 : 0);
            byte[] padding = Bytes.read(channel, at, 64 * 1024);
            int zeros = 0;
            while (zeros < padding.length && padding[zeros] == 0) {
                zeros++;
            }
            at += zeros;
        }
        // The first frame may be the Xing/Info/VBRI header frame; the audio frame must be the next one.
        for (int frame = 0; frame < 2; frame++) {
            byte[] header = Bytes.read(channel, at, 4 + 36 + 4);
            int length = FormatSniffer.mp3FrameLength(header, 0);
            if (length <= 0 || at + length > size) {
                return false;
            }
            if (!isVbrHeaderFrame(header)) {
                return true;
            }
            at += length;
        }
        return false;
    }

    /** A LAME/Xing ("Xing", "Info") or Fraunhofer ("VBRI") header frame: silence that only describes the stream. */
    private static boolean isVbrHeaderFrame(byte[] frame) {
        boolean mpeg1 = ((frame[1] >> 3) & 0x3) == 3;
        boolean mono = ((frame[3] >> 6) & 0x3) == 3;
        int sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
        return Bytes.at(frame, 4 + sideInfo, "Xing") || Bytes.at(frame, 4 + sideInfo, "Info")
               || Bytes.at(frame, 4 + 32, "VBRI");
    }

    // ---- FLAC ----

    private static boolean flac(FileChannel channel) throws IOException {
        long size = channel.size();
        long at = 4; // "fLaC"
        boolean last = false;
        while (!last) {
            byte[] block = Bytes.read(channel, at, 4);
            if (block.length < 4 || (block[0] & 0x7F) == 127) {
                return false;
            }
            last = (block[0] & 0x80) != 0;
            at += 4 + (((block[1] & 0xFFL) << 16) | ((block[2] & 0xFFL) << 8) | (block[3] & 0xFFL));
            if (at > size) {
                return false;
            }
        }
        byte[] frame = Bytes.read(channel, at, MAX_FRAME);
        int headerEnd = flacHeaderEnd(frame);
        if (headerEnd < 0 || crc8(frame, 0, headerEnd) != (frame[headerEnd] & 0xFF)) {
            return false;
        }
        // The frame ends where the next one starts (or at the end of the file), and its CRC-16 covers it all,
        // footer included, which makes the running CRC zero exactly at a real end.
        int crc = 0;
        for (int i = 0; i < frame.length; i++) {
            crc = crc16(crc, frame[i]);
            int end = i + 1;
            boolean boundary = end == frame.length ? at + end == size
                    : end + 1 < frame.length && (frame[end] & 0xFF) == 0xFF && (frame[end + 1] & 0xFE) == 0xF8;
            if (end > headerEnd + 2 && boundary && crc == 0) {
                return true;
            }
        }
        return false;
    }

    /** The offset of the CRC-8 byte of the FLAC frame header at 0, or -1 when there is no valid header. */
    private static int flacHeaderEnd(byte[] frame) {
        if (frame.length < 6 || (frame[0] & 0xFF) != 0xFF || (frame[1] & 0xFE) != 0xF8) {
            return -1;
        }
        int blockSize = (frame[2] >> 4) & 0xF;
        int sampleRate = frame[2] & 0xF;
        if (blockSize == 0 || sampleRate == 15 || (frame[3] & 0x1) != 0) {
            return -1;
        }
        int at = 4;
        int first = frame[at] & 0xFF; // the frame or sample number, UTF-8 coded: 1 to 7 bytes
        int extra = first < 0x80 ? 0 : first >= 0xFE ? 6 : Integer.numberOfLeadingZeros(~first << 24) - 1;
        at += 1 + extra;
        at += blockSize == 6 ? 1 : blockSize == 7 ? 2 : 0;
        at += sampleRate == 12 ? 1 : sampleRate == 13 || sampleRate == 14 ? 2 : 0;
        return at < frame.length ? at : -1;
    }

    private static int crc8(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    private static int crc16(int crc, byte value) {
        crc ^= (value & 0xFF) << 8;
        for (int bit = 0; bit < 8; bit++) {
            crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
        }
        return crc;
    }

    // ---- Ogg ----

    private static boolean ogg(FileChannel channel, int headerPackets) throws IOException {
        long size = channel.size();
        long at = 0;
        Integer serial = null;
        int packets = 0;
        while (at + 27 <= size) {
            byte[] header = Bytes.read(channel, at, 27);
            if (!Bytes.at(header, 0, "OggS") || header[4] != 0) {
                return false;
            }
            int segments = header[26] & 0xFF;
            byte[] lacing = Bytes.read(channel, at + 27, segments);
            long body = 0;
            for (byte lace : lacing) {
                body += lace & 0xFF;
            }
            long pageLength = 27 + segments + body;
            if (lacing.length < segments || at + pageLength > size || pageLength > MAX_FRAME) {
                return false;
            }
            byte[] page = Bytes.read(channel, at, (int) pageLength);
            int stored = ByteBuffer.wrap(page, 22, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            Arrays.fill(page, 22, 26, (byte) 0);
            if (oggCrc(page) != stored) {
                return false;
            }
            int pageSerial = ByteBuffer.wrap(page, 14, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
            if (serial == null) {
                serial = pageSerial;
            }
            if (pageSerial == serial) {
                for (byte lace : lacing) {
                    if ((lace & 0xFF) < 255 && ++packets > headerPackets) {
                        return true;
                    }
                }
            }
            at += pageLength;
        }
        return false;
    }

    private static final int[] OGG_CRC = oggCrcTable();

    private static int oggCrc(byte[] page) {
        int crc = 0;
        for (byte value : page) {
            crc = (crc << 8) ^ OGG_CRC[((crc >>> 24) ^ value) & 0xFF];
        }
        return crc;
    }

    private static int[] oggCrcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            table[i] = r;
        }
        return table;
    }

    // ---- WAV ----

    private static boolean wav(FileChannel channel) throws IOException {
        long size = channel.size();
        long at = 12; // "RIFF" size "WAVE"
        int blockAlign = 0;
        while (at + 8 <= size) {
            ByteBuffer chunk = ByteBuffer.wrap(Bytes.read(channel, at, 8)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            String id = new String(chunk.array(), 0, 4, StandardCharsets.ISO_8859_1);
            long length = chunk.getInt(4) & 0xFFFFFFFFL;
            if (id.equals("fmt ")) {
                byte[] fmt = Bytes.read(channel, at + 8, 16);
                if (fmt.length < 16) {
                    return false;
                }
                blockAlign = ByteBuffer.wrap(fmt).order(java.nio.ByteOrder.LITTLE_ENDIAN).getShort(12) & 0xFFFF;
            } else if (id.equals("data")) {
                long present = Math.min(length, size - (at + 8));
                return blockAlign > 0 && present >= blockAlign;
            }
            at += 8 + length + (length & 1);
        }
        return false;
    }

    // ---- MP4 ----

    private static boolean mp4(FileChannel channel) throws IOException {
        long size = channel.size();
        long[] moov = box(channel, 0, size, "moov");
        if (moov == null) {
            return false;
        }
        for (long at = moov[0]; at < moov[1]; ) {
            long[] trak = box(channel, at, moov[1], "trak");
            if (trak == null) {
                return false;
            }
            if (firstSampleFits(channel, trak, size)) {
                return true;
            }
            at = trak[2];
        }
        return false;
    }

    /** Whether {@code trak} is a sound track whose first sample lies within the file. */
    private static boolean firstSampleFits(FileChannel channel, long[] trak, long size) throws IOException {
        long[] mdia = box(channel, trak[0], trak[1], "mdia");
        long[] hdlr = mdia == null ? null : box(channel, mdia[0], mdia[1], "hdlr");
        if (hdlr == null || !Bytes.at(Bytes.read(channel, hdlr[0] + 8, 4), 0, "soun")) {
            return false;
        }
        long[] minf = box(channel, mdia[0], mdia[1], "minf");
        long[] stbl = minf == null ? null : box(channel, minf[0], minf[1], "stbl");
        long[] stsz = stbl == null ? null : box(channel, stbl[0], stbl[1], "stsz");
        if (stsz == null) {
            return false;
        }
        ByteBuffer sizes = ByteBuffer.wrap(Bytes.read(channel, stsz[0], 16));
        if (sizes.limit() < 12 || sizes.getInt(8) == 0) {
            return false; // no samples
        }
        long sampleSize = sizes.getInt(4) & 0xFFFFFFFFL;
        if (sampleSize == 0) {
            sampleSize = sizes.limit() < 16 ? 0 : sizes.getInt(12) & 0xFFFFFFFFL;
        }
        long offset;
        long[] stco = box(channel, stbl[0], stbl[1], "stco");
        if (stco != null) {
            ByteBuffer offsets = ByteBuffer.wrap(Bytes.read(channel, stco[0], 12));
            offset = offsets.limit() < 12 || offsets.getInt(4) == 0 ? -1 : offsets.getInt(8) & 0xFFFFFFFFL;
        } else {
            long[] co64 = box(channel, stbl[0], stbl[1], "co64");
            ByteBuffer offsets = co64 == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(Bytes.read(channel, co64[0], 16));
            offset = offsets.limit() < 16 || offsets.getInt(4) == 0 ? -1 : offsets.getLong(8);
        }
        return sampleSize > 0 && offset >= 0 && offset + sampleSize <= size;
    }

    /**
     * The first box of {@code type} among the boxes from {@code from} to {@code to}: {content start, content end,
     * box end}, or null. A box whose size runs past {@code to} ends the search.
     */
    private static long[] box(FileChannel channel, long from, long to, String type) throws IOException {
        for (long at = from; at + 8 <= to; ) {
            ByteBuffer header = ByteBuffer.wrap(Bytes.read(channel, at, 16));
            long length = header.getInt(0) & 0xFFFFFFFFL;
            long content = at + 8;
            if (length == 1) {
                if (header.limit() < 16) {
                    return null;
                }
                length = header.getLong(8);
                content = at + 16;
            } else if (length == 0) {
                length = to - at; // to the end of the enclosing box
            }
            if (length < content - at || at + length > to) {
                return null;
            }
            if (Bytes.at(header.array(), 4, type)) {
                return new long[] {content, at + length, at + length};
            }
            at += length;
        }
        return null;
    }

    /** Up to {@code max} bytes from {@code position}; fewer at the end of the file. */
}
