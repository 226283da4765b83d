package app.hisaab.auth;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * argon2id (RFC 9106, version 0x13) computed into memory the caller owns, so that a hash allocates no
 * memory of its own: the 19 MiB of blocks a password hash needs are reused from one hash to the next
 * instead of being garbage for the collector each time (which grew the heap by hundreds of MiB under a
 * burst of sign-ins). Lanes are filled one after another on the calling thread. Blake2b is Bouncy
 * Castle's.
 */
final class Argon2id {

    static final int VERSION = 0x13;
    private static final int TYPE_ID = 2;
    private static final int SYNC_POINTS = 4;
    private static final int BLOCK_WORDS = 128;
    private static final int BLOCK_BYTES = BLOCK_WORDS * 8;

    private Argon2id() {}

    /** The number of 1 KiB blocks a hash with this memory cost (KiB) and these lanes fills. */
    static int blocks(int memoryKiB, int lanes) {
        int blocks = Math.max(memoryKiB, 2 * SYNC_POINTS * lanes);
        int segment = blocks / (lanes * SYNC_POINTS);
        return segment * lanes * SYNC_POINTS;
    }

    /** The length of the {@code long[]} a hash with this memory cost (KiB) and these lanes needs. */
    static int words(int memoryKiB, int lanes) {
        return blocks(memoryKiB, lanes) * BLOCK_WORDS;
    }

    /** argon2id without a secret or associated data, as password hashes use it. */
    static byte[] hash(
            byte[] password, byte[] salt, int memoryKiB, int passes, int lanes, int tagLength, long[] memory) {
        return hash(password, salt, new byte[0], new byte[0], memoryKiB, passes, lanes, tagLength, memory);
    }

    /**
     * The argon2id tag of {@code password} and {@code salt}.
     *
     * @param memory at least {@link #words(int, int)} longs; overwritten, and zeroed again before this returns
     */
    static byte[] hash(
            byte[] password,
            byte[] salt,
            byte[] secret,
            byte[] associated,
            int memoryKiB,
            int passes,
            int lanes,
            int tagLength,
            long[] memory) {
        if (lanes < 1 || passes < 1 || tagLength < 4 || memoryKiB < 8 * lanes) {
            throw new IllegalArgumentException("argon2 parameters out of range");
        }
        int blocks = blocks(memoryKiB, lanes);
        if (memory.length < blocks * BLOCK_WORDS) {
            throw new IllegalArgumentException(
                    "argon2 memory of " + memory.length + " longs, " + blocks + " blocks needed");
        }
        int laneLength = blocks / lanes;
        int segmentLength = laneLength / SYNC_POINTS;
        try {
            byte[] h0 = initialHash(password, salt, secret, associated, memoryKiB, passes, lanes, tagLength);
            firstBlocks(h0, lanes, laneLength, memory);
            Filler filler = new Filler(memory, blocks, passes, lanes, laneLength, segmentLength);
            for (int pass = 0; pass < passes; pass++) {
                for (int slice = 0; slice < SYNC_POINTS; slice++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        filler.segment(pass, slice, lane);
                    }
                }
            }
            long[] last = new long[BLOCK_WORDS];
            for (int lane = 0; lane < lanes; lane++) {
                int offset = (lane * laneLength + laneLength - 1) * BLOCK_WORDS;
                for (int w = 0; w < BLOCK_WORDS; w++) {
                    last[w] ^= memory[offset + w];
                }
            }
            byte[] tag = new byte[tagLength];
            variableHash(toBytes(last, 0), tag);
            return tag;
        } finally {
            Arrays.fill(memory, 0, blocks * BLOCK_WORDS, 0L);
        }
    }

    private static byte[] initialHash(
            byte[] password,
            byte[] salt,
            byte[] secret,
            byte[] associated,
            int memoryKiB,
            int passes,
            int lanes,
            int tagLength) {
        Blake2bDigest digest = new Blake2bDigest(512);
        int[] header = {lanes, tagLength, memoryKiB, passes, VERSION, TYPE_ID};
        for (int value : header) {
            updateInt(digest, value);
        }
        for (byte[] part : new byte[][] {password, salt, secret, associated}) {
            updateInt(digest, part.length);
            digest.update(part, 0, part.length);
        }
        byte[] h0 = new byte[64];
        digest.doFinal(h0, 0);
        return h0;
    }

    private static void firstBlocks(byte[] h0, int lanes, int laneLength, long[] memory) {
        byte[] input = Arrays.copyOf(h0, 72);
        byte[] block = new byte[BLOCK_BYTES];
        for (int lane = 0; lane < lanes; lane++) {
            for (int index = 0; index < 2; index++) {
                putInt(input, 64, index);
                putInt(input, 68, lane);
                variableHash(input, block);
                fromBytes(block, memory, (lane * laneLength + index) * BLOCK_WORDS);
            }
        }
        Arrays.fill(block, (byte) 0);
    }

    /** H' of RFC 9106: Blake2b stretched to {@code out.length} bytes. */
    private static void variableHash(byte[] input, byte[] out) {
        int length = out.length;
        if (length <= 64) {
            Blake2bDigest digest = new Blake2bDigest(length * 8);
            updateInt(digest, length);
            digest.update(input, 0, input.length);
            digest.doFinal(out, 0);
            return;
        }
        int rounds = (length + 31) / 32 - 2;
        byte[] v = new byte[64];
        Blake2bDigest digest = new Blake2bDigest(512);
        updateInt(digest, length);
        digest.update(input, 0, input.length);
        digest.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        for (int i = 1; i < rounds; i++) {
            digest.reset();
            digest.update(v, 0, 64);
            digest.doFinal(v, 0);
            System.arraycopy(v, 0, out, i * 32, 32);
        }
        int rest = length - 32 * rounds;
        Blake2bDigest tail = new Blake2bDigest(rest * 8);
        tail.update(v, 0, 64);
        byte[] last = new byte[rest];
        tail.doFinal(last, 0);
        System.arraycopy(last, 0, out, 32 * rounds, rest);
    }

    /** Fills segments of the memory: the reference blocks, the addresses of argon2i's passes, the compression G. */
    private static final class Filler {

        private final long[] memory;
        private final int blocks;
        private final int passes;
        private final int lanes;
        private final int laneLength;
        private final int segmentLength;
        private final long[] r = new long[BLOCK_WORDS];
        private final long[] t = new long[BLOCK_WORDS];
        private final long[] zero = new long[BLOCK_WORDS];
        private final long[] input = new long[BLOCK_WORDS];
        private final long[] addresses = new long[BLOCK_WORDS];

        Filler(long[] memory, int blocks, int passes, int lanes, int laneLength, int segmentLength) {
            this.memory = memory;
            this.blocks = blocks;
            this.passes = passes;
            this.lanes = lanes;
            this.laneLength = laneLength;
            this.segmentLength = segmentLength;
        }

        void segment(int pass, int slice, int lane) {
            boolean independent = pass == 0 && slice < SYNC_POINTS / 2;
            if (independent) {
                Arrays.fill(input, 0L);
                input[0] = pass;
                input[1] = lane;
                input[2] = slice;
                input[3] = blocks;
                input[4] = passes;
                input[5] = TYPE_ID;
            }
            int start = 0;
            if (pass == 0 && slice == 0) {
                start = 2;
                if (independent) {
                    nextAddresses();
                }
            }
            int current = lane * laneLength + slice * segmentLength + start;
            int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
            for (int i = start; i < segmentLength; i++, current++, previous++) {
                if (current % laneLength == 1) {
                    previous = current - 1;
                }
                long pseudoRandom;
                if (independent) {
                    if (i % BLOCK_WORDS == 0) {
                        nextAddresses();
                    }
                    pseudoRandom = addresses[i % BLOCK_WORDS];
                } else {
                    pseudoRandom = memory[previous * BLOCK_WORDS];
                }
                int referenceLane = (int) Long.remainderUnsigned(pseudoRandom >>> 32, lanes);
                if (pass == 0 && slice == 0) {
                    referenceLane = lane;
                }
                int referenceIndex = referenceIndex(pass, slice, i, pseudoRandom & 0xFFFFFFFFL, referenceLane == lane);
                int reference = referenceLane * laneLength + referenceIndex;
                fill(
                        memory,
                        previous * BLOCK_WORDS,
                        memory,
                        reference * BLOCK_WORDS,
                        memory,
                        current * BLOCK_WORDS,
                        pass > 0);
            }
        }

        private int referenceIndex(int pass, int slice, int index, long j1, boolean sameLane) {
            long area;
            if (pass == 0) {
                if (slice == 0) {
                    area = index - 1;
                } else if (sameLane) {
                    area = (long) slice * segmentLength + index - 1;
                } else {
                    area = (long) slice * segmentLength + (index == 0 ? -1 : 0);
                }
            } else if (sameLane) {
                area = laneLength - segmentLength + index - 1;
            } else {
                area = laneLength - segmentLength + (index == 0 ? -1 : 0);
            }
            long x = (j1 * j1) >>> 32;
            long relative = area - 1 - ((area * x) >>> 32);
            long startPosition = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
            return (int) ((startPosition + relative) % laneLength);
        }

        private void nextAddresses() {
            input[6]++;
            fill(zero, 0, input, 0, addresses, 0, false);
            fill(zero, 0, addresses, 0, addresses, 0, false);
        }

        /** {@code next = G(previous, reference)}, XORed into what {@code next} held when {@code xor}. */
        private void fill(long[] pa, int po, long[] ra, int ro, long[] na, int no, boolean xor) {
            for (int w = 0; w < BLOCK_WORDS; w++) {
                r[w] = pa[po + w] ^ ra[ro + w];
            }
            System.arraycopy(r, 0, t, 0, BLOCK_WORDS);
            if (xor) {
                for (int w = 0; w < BLOCK_WORDS; w++) {
                    t[w] ^= na[no + w];
                }
            }
            for (int row = 0; row < 8; row++) {
                int b = 16 * row;
                round(
                        r, b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, b + 9, b + 10, b + 11, b + 12,
                        b + 13, b + 14, b + 15);
            }
            for (int column = 0; column < 8; column++) {
                int b = 2 * column;
                round(
                        r, b, b + 1, b + 16, b + 17, b + 32, b + 33, b + 48, b + 49, b + 64, b + 65, b + 80, b + 81,
                        b + 96, b + 97, b + 112, b + 113);
            }
            for (int w = 0; w < BLOCK_WORDS; w++) {
                na[no + w] = t[w] ^ r[w];
            }
        }
    }

    /**
     * Blake2b's round without a message, with argon2's multiplications, on the 16 words of {@code v} at
     * these indexes. The words are held in locals for the whole round: mixing them in the array was
     * about a third slower than Bouncy Castle's generator, this is as fast.
     */
    private static void round(
            long[] v,
            int i0,
            int i1,
            int i2,
            int i3,
            int i4,
            int i5,
            int i6,
            int i7,
            int i8,
            int i9,
            int i10,
            int i11,
            int i12,
            int i13,
            int i14,
            int i15) {
        long v0 = v[i0];
        long v1 = v[i1];
        long v2 = v[i2];
        long v3 = v[i3];
        long v4 = v[i4];
        long v5 = v[i5];
        long v6 = v[i6];
        long v7 = v[i7];
        long v8 = v[i8];
        long v9 = v[i9];
        long v10 = v[i10];
        long v11 = v[i11];
        long v12 = v[i12];
        long v13 = v[i13];
        long v14 = v[i14];
        long v15 = v[i15];
        // mix(v0, v4, v8, v12)
        v0 = blaMka(v0, v4);
        v12 = Long.rotateRight(v12 ^ v0, 32);
        v8 = blaMka(v8, v12);
        v4 = Long.rotateRight(v4 ^ v8, 24);
        v0 = blaMka(v0, v4);
        v12 = Long.rotateRight(v12 ^ v0, 16);
        v8 = blaMka(v8, v12);
        v4 = Long.rotateRight(v4 ^ v8, 63);
        // mix(v1, v5, v9, v13)
        v1 = blaMka(v1, v5);
        v13 = Long.rotateRight(v13 ^ v1, 32);
        v9 = blaMka(v9, v13);
        v5 = Long.rotateRight(v5 ^ v9, 24);
        v1 = blaMka(v1, v5);
        v13 = Long.rotateRight(v13 ^ v1, 16);
        v9 = blaMka(v9, v13);
        v5 = Long.rotateRight(v5 ^ v9, 63);
        // mix(v2, v6, v10, v14)
        v2 = blaMka(v2, v6);
        v14 = Long.rotateRight(v14 ^ v2, 32);
        v10 = blaMka(v10, v14);
        v6 = Long.rotateRight(v6 ^ v10, 24);
        v2 = blaMka(v2, v6);
        v14 = Long.rotateRight(v14 ^ v2, 16);
        v10 = blaMka(v10, v14);
        v6 = Long.rotateRight(v6 ^ v10, 63);
        // mix(v3, v7, v11, v15)
        v3 = blaMka(v3, v7);
        v15 = Long.rotateRight(v15 ^ v3, 32);
        v11 = blaMka(v11, v15);
        v7 = Long.rotateRight(v7 ^ v11, 24);
        v3 = blaMka(v3, v7);
        v15 = Long.rotateRight(v15 ^ v3, 16);
        v11 = blaMka(v11, v15);
        v7 = Long.rotateRight(v7 ^ v11, 63);
        // mix(v0, v5, v10, v15)
        v0 = blaMka(v0, v5);
        v15 = Long.rotateRight(v15 ^ v0, 32);
        v10 = blaMka(v10, v15);
        v5 = Long.rotateRight(v5 ^ v10, 24);
        v0 = blaMka(v0, v5);
        v15 = Long.rotateRight(v15 ^ v0, 16);
        v10 = blaMka(v10, v15);
        v5 = Long.rotateRight(v5 ^ v10, 63);
        // mix(v1, v6, v11, v12)
        v1 = blaMka(v1, v6);
        v12 = Long.rotateRight(v12 ^ v1, 32);
        v11 = blaMka(v11, v12);
        v6 = Long.rotateRight(v6 ^ v11, 24);
        v1 = blaMka(v1, v6);
        v12 = Long.rotateRight(v12 ^ v1, 16);
        v11 = blaMka(v11, v12);
        v6 = Long.rotateRight(v6 ^ v11, 63);
        // mix(v2, v7, v8, v13)
        v2 = blaMka(v2, v7);
        v13 = Long.rotateRight(v13 ^ v2, 32);
        v8 = blaMka(v8, v13);
        v7 = Long.rotateRight(v7 ^ v8, 24);
        v2 = blaMka(v2, v7);
        v13 = Long.rotateRight(v13 ^ v2, 16);
        v8 = blaMka(v8, v13);
        v7 = Long.rotateRight(v7 ^ v8, 63);
        // mix(v3, v4, v9, v14)
        v3 = blaMka(v3, v4);
        v14 = Long.rotateRight(v14 ^ v3, 32);
        v9 = blaMka(v9, v14);
        v4 = Long.rotateRight(v4 ^ v9, 24);
        v3 = blaMka(v3, v4);
        v14 = Long.rotateRight(v14 ^ v3, 16);
        v9 = blaMka(v9, v14);
        v4 = Long.rotateRight(v4 ^ v9, 63);
        v[i0] = v0;
        v[i1] = v1;
        v[i2] = v2;
        v[i3] = v3;
        v[i4] = v4;
        v[i5] = v5;
        v[i6] = v6;
        v[i7] = v7;
        v[i8] = v8;
        v[i9] = v9;
        v[i10] = v10;
        v[i11] = v11;
        v[i12] = v12;
        v[i13] = v13;
        v[i14] = v14;
        v[i15] = v15;
    }

    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFFFFFFL) * (y & 0xFFFFFFFFL);
    }

    private static void updateInt(Blake2bDigest digest, int value) {
        byte[] bytes = new byte[4];
        putInt(bytes, 0, value);
        digest.update(bytes, 0, 4);
    }

    private static void putInt(byte[] bytes, int offset, int value) {
        bytes[offset] = (byte) value;
        bytes[offset + 1] = (byte) (value >>> 8);
        bytes[offset + 2] = (byte) (value >>> 16);
        bytes[offset + 3] = (byte) (value >>> 24);
    }

    private static void fromBytes(byte[] bytes, long[] words, int offset) {
        for (int w = 0; w < BLOCK_WORDS; w++) {
            long value = 0;
            for (int b = 7; b >= 0; b--) {
                value = (value << 8) | (bytes[w * 8 + b] & 0xFF);
            }
            words[offset + w] = value;
        }
    }

    private static byte[] toBytes(long[] words, int offset) {
        byte[] bytes = new byte[BLOCK_BYTES];
        for (int w = 0; w < BLOCK_WORDS; w++) {
            long value = words[offset + w];
            for (int b = 0; b < 8; b++) {
                bytes[w * 8 + b] = (byte) (value >>> (8 * b));
            }
        }
        return bytes;
    }
}
