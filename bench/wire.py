"""bench/Backend.java's raw protocol as both load clients speak it (tlsload.py through TLS, gwload.py in
plaintext): exact reads, the process's own CPU time, and one bulk transfer timed from its first byte."""
import resource
import struct
import time


def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def recv_exact(s, n):
    got = b""
    while len(got) < n:
        chunk = s.recv(n - len(got))
        if not chunk:
            raise ConnectionError("EOF after %d of %d bytes" % (len(got), n))
        got += chunk
    return got


def transfer(s, direction, total):
    """Sends TOTAL bytes to the backend's sink ('up') or reads them from its source ('down') in 1 MiB pieces,
    once a ping showed the whole path up. Returns (seconds, this process's CPU share in percent)."""
    s.sendall(b"P")
    recv_exact(s, 1)  # the whole path is up (handshake done, destination connected) before the clock starts
    buf = bytearray(1024 * 1024)
    c0, t0 = cpu(), time.perf_counter()
    if direction == "up":
        s.sendall(b"U" + struct.pack(">Q", total))
        view = memoryview(buf)
        left = total
        while left > 0:
            n = min(left, len(buf))
            s.sendall(view[:n])
            left -= n
        if recv_exact(s, 1) != b"K":
            raise ConnectionError("bad acknowledgement")
    else:
        s.sendall(b"D" + struct.pack(">Q", total))
        left = total
        while left > 0:
            n = s.recv_into(buf, min(left, len(buf)))
            if n == 0:
                raise ConnectionError("EOF with %d bytes left" % left)
            left -= n
    t1, c1 = time.perf_counter(), cpu()
    return t1 - t0, 100 * (c1 - c0) / (t1 - t0)
