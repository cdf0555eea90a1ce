package org.stunneljava.process;

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
import java.util.OptionalInt;

/**
 * The process calls the JDK does not offer, made through glibc with the FFM API: the identity calls of a privilege
 * drop, {@code setsid} and {@code dup2} of a daemon, {@code lchown} of a unix socket, the user and group
 * databases, and the monotonic clock systemd compares reload times with. glibc's {@code setuid}, {@code setgid}
 * and {@code setgroups} change the credentials of every thread of the process (its "setxid" broadcast), which is
 * what a JVM full of threads needs: the kernel calls alone would change only the calling thread. Each call returns
 * the {@code errno} it failed with (0 for success), to be logged as stunnel's {@code sockerror()} does.
 * Stateless and thread-safe.
 */
public final class Posix {
    static final int O_RDWR = 2;
    private static final int CLOCK_MONOTONIC = 1;
    private static final int ERANGE = 34;
    /** struct passwd: pw_name, pw_passwd (pointers), then pw_uid; struct group: gr_name, gr_passwd, then gr_gid. */
    private static final long ID_OFFSET = 2 * ValueLayout.ADDRESS.byteSize();

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;

    private static final MethodHandle SETUID = handle("setuid", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SETGID = handle("setgid", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle SETGROUPS = handle("setgroups",
            FunctionDescriptor.of(INT, SIZE_T, ValueLayout.ADDRESS));
    private static final MethodHandle SETSID = handle("setsid", FunctionDescriptor.of(INT));
    private static final MethodHandle DUP2 = handle("dup2", FunctionDescriptor.of(INT, INT, INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(INT, INT));
    // open(2) is variadic: the mode is passed as its first variadic argument, as C callers do
    private static final MethodHandle OPEN = LINKER.downcallHandle(LIBC.find("open").orElseThrow(),
            FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT, INT), CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle LCHOWN = handle("lchown", FunctionDescriptor.of(INT, ValueLayout.ADDRESS, INT, INT));
    private static final MethodHandle CLOCK_GETTIME = handle("clock_gettime",
            FunctionDescriptor.of(INT, INT, ValueLayout.ADDRESS));
    private static final FunctionDescriptor BY_NAME = FunctionDescriptor.of(INT, ValueLayout.ADDRESS,
            ValueLayout.ADDRESS, ValueLayout.ADDRESS, SIZE_T, ValueLayout.ADDRESS);
    private static final MethodHandle GETPWNAM_R = LINKER.downcallHandle(LIBC.find("getpwnam_r").orElseThrow(), BY_NAME);
    private static final MethodHandle GETGRNAM_R = LINKER.downcallHandle(LIBC.find("getgrnam_r").orElseThrow(), BY_NAME);

    private Posix() {
    }

    private static MethodHandle handle(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, CAPTURE_ERRNO);
    }

    /** {@code setuid(uid)}: 0, or the errno. */
    public static int setuid(int uid) {
        return call((arena, state) -> (int) SETUID.invokeExact(state, uid));
    }

    /** {@code setgid(gid)}: 0, or the errno. */
    public static int setgid(int gid) {
        return call((arena, state) -> (int) SETGID.invokeExact(state, gid));
    }

    /** {@code setgroups(1, {gid})}: the supplementary groups become this one group. 0, or the errno. */
    public static int setgroups(int gid) {
        return call((arena, state) -> (int) SETGROUPS.invokeExact(state, 1L, arena.allocateFrom(INT, gid)));
    }

    /** {@code setsid()}: 0, or the errno (EPERM when the caller already leads a process group). */
    public static int setsid() {
        return call((arena, state) -> (int) SETSID.invokeExact(state) < 0 ? -1 : 0);
    }

    /** {@code dup2(from, to)}: 0, or the errno. */
    static int dup2(int from, int to) {
        return call((arena, state) -> (int) DUP2.invokeExact(state, from, to) < 0 ? -1 : 0);
    }

    /** {@code close(fd)}: 0, or the errno. */
    static int close(int fd) {
        return call((arena, state) -> (int) CLOSE.invokeExact(state, fd));
    }

    /** {@code open(path, flags)}: the new descriptor, or {@code -errno}. */
    static int open(String path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, 0);
            return fd >= 0 ? fd : -(int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("open through FFM", t);
        }
    }

    /** {@code lchown(path, uid, gid)}: 0, or the errno. */
    public static int lchown(String path, int uid, int gid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) LCHOWN.invokeExact(state, arena.allocateFrom(path), uid, gid);
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("lchown through FFM", t);
        }
    }

    /** {@code CLOCK_MONOTONIC} in microseconds: the clock of systemd's {@code MONOTONIC_USEC}. */
    public static long monotonicMicros() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timespec = arena.allocate(2 * Long.BYTES, Long.BYTES);
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = (int) CLOCK_GETTIME.invokeExact(state, CLOCK_MONOTONIC, timespec);
            if (rc != 0) {
                throw new IllegalStateException("clock_gettime: errno " + (int) ERRNO.get(state, 0L));
            }
            return timespec.get(ValueLayout.JAVA_LONG, 0) * 1_000_000 + timespec.get(ValueLayout.JAVA_LONG, 8) / 1000;
        } catch (IllegalStateException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("clock_gettime through FFM", t);
        }
    }

    /** The user's id from the user database (NSS: files, LDAP, systemd's dynamic users), as getpwnam(3). */
    public static OptionalInt userId(String name) {
        return idByName(GETPWNAM_R, name, 48);
    }

    /** The group's id from the group database (NSS), as getgrnam(3). */
    public static OptionalInt groupId(String name) {
        return idByName(GETGRNAM_R, name, 32);
    }

    /** getpwnam_r/getgrnam_r, growing the buffer while they answer ERANGE; empty when there is no such entry. */
    private static OptionalInt idByName(MethodHandle lookup, String name, int structSize) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cName = arena.allocateFrom(name);
            MemorySegment entry = arena.allocate(structSize, 8);
            MemorySegment result = arena.allocate(ValueLayout.ADDRESS);
            for (long size = 1024; size <= 1 << 24; size *= 4) {
                MemorySegment buffer = arena.allocate(size);
                int rc = (int) lookup.invokeExact(cName, entry, buffer, size, result);
                if (rc == ERANGE) {
                    continue;
                }
                if (rc != 0 || result.get(ValueLayout.ADDRESS, 0).equals(MemorySegment.NULL)) {
                    return OptionalInt.empty();
                }
                return OptionalInt.of(entry.get(INT, ID_OFFSET));
            }
            return OptionalInt.empty();
        } catch (Throwable t) {
            throw new IllegalStateException("user database look-up through FFM", t);
        }
    }

    /** stunnel's {@code sockerror()} text after the colon: {@code Operation not permitted (1)}. */
    public static String describe(int errno) {
        return org.stunneljava.net.NativeSockets.describe(errno);
    }

    private interface Call {
        int invoke(Arena arena, MemorySegment state) throws Throwable;
    }

    /** Runs a call that returns 0 or -1 and sets errno: 0, or the errno. */
    private static int call(Call call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int rc = call.invoke(arena, state);
            return rc == 0 ? 0 : (int) ERRNO.get(state, 0L);
        } catch (Throwable t) {
            throw new IllegalStateException("system call through FFM", t);
        }
    }
}
