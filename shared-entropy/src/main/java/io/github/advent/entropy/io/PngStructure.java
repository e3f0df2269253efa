package io.github.advent.entropy.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What a PNG file's chunks say before any pixel is decoded: the IHDR header (size, bit depth, colour
 * type) and whether the chunk sequence is complete (IHDR first, at least one IDAT, IEND last). The
 * walk catches truncated and mangled files with a precise reason, before the decoder sees them.
 */
record PngStructure(int width, int height, int bitDepth, int colourType) {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    static final int GREY = 0;
    static final int RGB = 2;
    static final int PALETTE = 3;
    static final int GREY_ALPHA = 4;
    static final int RGBA = 6;

    static boolean isPng(byte[] bytes) {
        if (bytes.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Channels the pixels have in the file (palette images: 1, the index). */
    int channels() {
        return switch (colourType) {
            case GREY, PALETTE -> 1;
            case GREY_ALPHA -> 2;
            case RGB -> 3;
            case RGBA -> 4;
            default -> throw new IllegalStateException("colour type " + colourType);
        };
    }

    boolean palette() {
        return colourType == PALETTE;
    }

    String describe() {
        String kind = switch (colourType) {
            case GREY -> "grey";
            case PALETTE -> "palette";
            case GREY_ALPHA -> "grey+alpha";
            case RGB -> "RGB";
            case RGBA -> "RGBA";
            default -> "colour type " + colourType;
        };
        return bitDepth + "-bit " + kind;
    }

    /** The IHDR header from the first 33 bytes of a PNG file (the rest of the file is not checked). */
    static PngStructure parseHeader(Path file, byte[] head) {
        if (!isPng(head)) {
            throw new BadInputException(file, "not a PNG file (bad signature)");
        }
        if (head.length < 33) {
            throw new BadInputException(file, "truncated PNG: " + head.length + " bytes, no complete IHDR chunk");
        }
        String type = new String(head, 12, 4, StandardCharsets.ISO_8859_1);
        if (!type.equals("IHDR") || readInt(head, 8) != 13) {
            throw new BadInputException(file, "corrupt PNG: first chunk is " + printable(type) + ", not IHDR");
        }
        return header(file, head, 16);
    }

    /** Parses and checks the chunk sequence of a whole PNG file held in {@code bytes}. */
    static PngStructure parse(Path file, byte[] bytes) {
        if (!isPng(bytes)) {
            throw new BadInputException(file, "not a PNG file (bad signature)");
        }
        int offset = SIGNATURE.length;
        PngStructure header = null;
        boolean sawData = false;
        while (true) {
            if (offset + 8 > bytes.length) {
                throw new BadInputException(file, "truncated PNG: "
                        + (header == null ? "no IHDR chunk" : "file ends before the IEND chunk") + " (" + bytes.length + " bytes)");
            }
            long length = readInt(bytes, offset) & 0xFFFFFFFFL;
            String type = new String(bytes, offset + 4, 4, StandardCharsets.ISO_8859_1);
            if (length > Integer.MAX_VALUE || offset + 12 + length > bytes.length) {
                throw new BadInputException(file, "truncated PNG: chunk " + printable(type) + " at byte " + offset
                        + " claims " + length + " bytes, the file has " + (bytes.length - offset - 12) + " left");
            }
            int data = offset + 8;
            if (header == null) {
                if (!type.equals("IHDR") || length != 13) {
                    throw new BadInputException(file, "corrupt PNG: first chunk is " + printable(type) + ", not IHDR");
                }
                header = header(file, bytes, data);
            } else if (type.equals("IDAT")) {
                sawData = true;
            } else if (type.equals("IEND")) {
                if (!sawData) {
                    throw new BadInputException(file, "corrupt PNG: no image data (IDAT chunk)");
                }
                return header;
            }
            offset = data + (int) length + 4;
        }
    }

    private static PngStructure header(Path file, byte[] bytes, int data) {
        int width = readInt(bytes, data);
        int height = readInt(bytes, data + 4);
        int bitDepth = bytes[data + 8] & 0xFF;
        int colourType = bytes[data + 9] & 0xFF;
        if (width <= 0 || height <= 0) {
            throw new BadInputException(file, "corrupt PNG: size " + width + "x" + height);
        }
        boolean valid = switch (colourType) {
            case GREY -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
            case PALETTE -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            case RGB, GREY_ALPHA, RGBA -> bitDepth == 8 || bitDepth == 16;
            default -> false;
        };
        if (!valid) {
            throw new BadInputException(file, "corrupt PNG: colour type " + colourType + " with bit depth " + bitDepth);
        }
        return new PngStructure(width, height, bitDepth, colourType);
    }

    private static int readInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16) | ((bytes[offset + 2] & 0xFF) << 8)
                | (bytes[offset + 3] & 0xFF);
    }

    private static String printable(String type) {
        return type.chars().allMatch(c -> c >= 'A' && c <= 'z') ? "'" + type + "'" : "(unreadable type)";
    }
}
