package io.cocoi.operators.djl;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * Bytes the C allocator has handed out and not yet taken back, from glibc's {@code mallinfo2()}:
 * PyTorch's CPU tensors live there, the Java heap does not, so the figure tracks native tensor
 * memory without the noise of garbage collection.
 */
final class NativeHeap {

    private NativeHeap() {}

    /** The fields of glibc's {@code struct mallinfo2}, all {@code size_t}. */
    @Structure.FieldOrder({
        "arena",
        "ordblks",
        "smblks",
        "hblks",
        "hblkhd",
        "usmblks",
        "fsmblks",
        "uordblks",
        "fordblks",
        "keepcost"
    })
    public static class MallocInfo extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    /** The C library's allocator statistics call. */
    interface C extends Library {
        MallocInfo mallinfo2();
    }

    private static final C LIBC = Native.load("c", C.class);

    /** Bytes in use: small blocks in the arenas plus large blocks mapped on their own. */
    static long inUseBytes() {
        MallocInfo info = LIBC.mallinfo2();
        return info.uordblks + info.hblkhd;
    }
}
