#!/usr/bin/env python3
"""TLS load client for bench/run (Python's ssl module = OpenSSL, so the client side runs at C speed).

Speaks bench/Backend.java's raw protocol through the tunnel under test. No certificate verification (the
benchmark's cert is self-signed; OpenSSL still checks the server's CertificateVerify signature), TLS 1.3 only,
no session resumption (no session is ever handed back to a new connection). Every loop is bounded in count
and in time. Prints one line of `key=value` results on stdout. (Full handshakes/s: bench/hsload.c, since an
OpenSSL 3.0 client handshake costs ~1.5 ms of CPU here.)

  tlsload.py bulk PORT up|down BYTES          one connection; MB/s of BYTES through the tunnel
  tlsload.py idle PORT COUNT THREADS          open COUNT connections (ping each), print `ready`, hold them
                                              until stdin closes (or 300 s), then close them
"""
import os
import socket
import ssl
import sys
import threading
import time

from wire import recv_exact, transfer

HOST = "127.0.0.1"


def context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    return ctx


def connect(ctx, port, timeout=30.0):
    raw = socket.create_connection((HOST, port), timeout=timeout)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return ctx.wrap_socket(raw, server_hostname="localhost")


def bulk(port, direction, total):
    ctx = context()
    s = connect(ctx, port, timeout=120.0)
    cipher = s.cipher()[0]
    secs, client_cpu = transfer(s, direction, total)
    s.close()
    print("dir=%s bytes=%d seconds=%.3f MBps=%.1f client_cpu=%.0f%% cipher=%s"
          % (direction, total, secs, total / secs / 1e6, client_cpu, cipher))


def idle(port, count, threads):
    ctx = context()
    socks, errors, lock = [], [], threading.Lock()

    def opener(n):
        for _ in range(n):
            try:
                s = connect(ctx, port, timeout=30.0)
                s.sendall(b"P")
                recv_exact(s, 1)
                with lock:
                    socks.append(s)
            except (OSError, ssl.SSLError, ConnectionError) as e:
                with lock:
                    errors.append(repr(e)[:200])

    t0 = time.perf_counter()
    ts = [threading.Thread(target=opener, args=(count // threads + (i < count % threads),)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("ready open=%d errors=%d seconds=%.2f first_error=%s"
          % (len(socks), len(errors), time.perf_counter() - t0, errors[0] if errors else "none"), flush=True)
    # hold until bench/run closes our stdin (bounded: 300 s at most)
    reader = threading.Thread(target=sys.stdin.read, daemon=True)
    reader.start()
    reader.join(timeout=300)
    # check the connections still work after being idle, then close them
    alive = 0
    for s in socks:
        try:
            s.settimeout(10.0)
            s.sendall(b"P")
            recv_exact(s, 1)
            alive += 1
        except (OSError, ssl.SSLError, ConnectionError):
            pass
        s.close()
    print("closed alive_after_idle=%d" % alive, flush=True)


def main(argv):
    mode = argv[1]
    if mode == "bulk":
        bulk(int(argv[2]), argv[3], int(argv[4]))
    elif mode == "idle":
        idle(int(argv[2]), int(argv[3]), int(argv[4]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
