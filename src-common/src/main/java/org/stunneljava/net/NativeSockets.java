package org.stunneljava.net;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few socket calls the JDK does not offer, made through the FFM API on a descriptor from {@link NativeFd}:
 * integer {@code setsockopt}/{@code getsockopt} (IP_TRANSPARENT and friends), {@code setsockopt} and {@code getsockopt}
 * of a structure (stunnel's {@code socket} options, SO_ORIGINAL_DST) and the AF_UNIX autobind. Each call
 * returns the {@code errno} it failed with (0 for success) so that callers log it as stunnel's {@code sockerror()}
 * does: {@code strerror (errno)}. Stateless and thread-safe; the caller owns the descriptor.
 */
public final class NativeSockets {
    public static final int SOL_IP = 0;
    public static final int SOL_IPV6 = 41;
    static final int AF_UNIX = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final MethodHandle SETSOCKOPT = LINKER.downcallHandle(LIBC.find("setsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETSOCKOPT = LINKER.downcallHandle(LIBC.find("getsockopt").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle BIND = LINKER.downcallHandle(LIBC.find("bind").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT), CAPTURE_ERRNO);
    // glibc (2.32+) returns a constant string for every known errno, so the result needs no copy under a lock
    private static final MethodHandle STRERROR = LINKER.downcallHandle(LIBC.find("strerror").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private NativeSockets() {
    }

    /** {@code setsockopt(fd, level, name, &value, sizeof(int))}: 0, or the errno it failed with. */
    static int setInt(int fd, int level, int name, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment optval = arena.allocateFrom(ValueLayout.JAVA_INT, value);
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, name, optval, (int) ValueLayout.JAVA_INT.byteSize());
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt through FFM", t);
        }
    }

    /** {@code setsockopt(fd, level, name, value, value.length)}: 0, or the errno it failed with. */
    static int setBytes(int fd, int level, int name, byte[] value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment optval = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, optval, ValueLayout.JAVA_BYTE, 0, value.length);
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) SETSOCKOPT.invokeExact(state, fd, level, name, optval, value.length);
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("setsockopt through FFM", t);
        }
    }

    /** {@code getsockopt} of an int option: its value, or {@code -errno} when the call failed. */
    static int getInt(int fd, int level, int name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment optval = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment optlen = arena.allocateFrom(ValueLayout.JAVA_INT, (int) ValueLayout.JAVA_INT.byteSize());
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, name, optval, optlen);
            return rc == 0 ? optval.get(ValueLayout.JAVA_INT, 0) : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("getsockopt through FFM", t);
        }
    }

    /** What {@link #getBytes} got: the option's bytes, or the errno the call failed with. */
    public record Option(byte[] value, int errno) {
        public boolean failed() {
            return errno != 0;
        }
    }

    /** {@code getsockopt} of an option up to {@code size} bytes long (a socket address, for instance). */
    public static Option getBytes(int fd, int level, int name, int size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment optval = arena.allocate(size);
            MemorySegment optlen = arena.allocateFrom(ValueLayout.JAVA_INT, size);
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) GETSOCKOPT.invokeExact(state, fd, level, name, optval, optlen);
            if (rc != 0) {
                return new Option(null, (int) ERRNO.get(state, 0L));
            }
            return new Option(optval.asSlice(0, optlen.get(ValueLayout.JAVA_INT, 0)).toArray(ValueLayout.JAVA_BYTE),
                    0);
        } catch (Throwable t) {
            throw new IllegalStateException("getsockopt through FFM", t);
        }
    }

    /**
     * {@code bind(fd, {AF_UNIX}, sizeof(sa_family_t))}: Linux's autobind of a unix socket to a fresh abstract
     * name, which is what binding stunnel's copy of an unnamed unix peer address amounts to. 0 or the errno.
     */
    static int autobindUnix(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocateFrom(ValueLayout.JAVA_SHORT, (short) AF_UNIX);
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) BIND.invokeExact(state, fd, address, (int) ValueLayout.JAVA_SHORT.byteSize());
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("bind through FFM", t);
        }
    }

    /** stunnel's {@code sockerror()} text after the colon: {@code Operation not permitted (1)}. */
    public static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(1024).getString(0) + " (" + errno + ")";
        } catch (Throwable t) {
            throw new IllegalStateException("strerror through FFM", t);
        }
    }
}
