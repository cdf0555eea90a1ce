#!/usr/bin/env python3
"""Plaintext load client for bench/gateway, run in the app namespace: it connects to the destination's own address
and port, as an application behind the gateway would, and the gateway's iptables REDIRECT takes the connection
into the tunnel under test. Speaks bench/Backend.java's raw protocol. Every loop is bounded in count and in time.
Prints one line of `key=value` results on stdout.

  gwload.py conns HOST PORT WORKERS SECONDS   WORKERS threads, each looping until SECONDS are up: connect,
                                              send 'P', read the 1-byte answer 'p', close. Counts completed
                                              exchanges and failures (any error, wrong byte or early EOF)
  gwload.py bulk HOST PORT up|down BYTES      one connection; MB/s of BYTES app->destination (up) or back (down)

Plaintext sockets cost the client little next to the two TLS ends of the tunnel: `client_cpu` in the output is
this process's own CPU share (user + system, which includes the kernel's work for its sockets), to check that it
is not the limit.
"""
import socket
import sys
import threading
import time

from wire import cpu, recv_exact, transfer


def conns(host, port, workers, seconds):
    lock = threading.Lock()
    totals = {"ok": 0, "failures": 0, "latency": 0.0}
    failures = {}
    deadline = time.perf_counter() + seconds

    def worker():
        ok = bad = 0
        latency = 0.0
        mine = {}
        while time.perf_counter() < deadline:
            t = time.perf_counter()
            try:
                with socket.create_connection((host, port), timeout=10.0) as s:
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    s.sendall(b"P")
                    if recv_exact(s, 1) != b"p":
                        raise ConnectionError("wrong answer")
                ok += 1
                latency += time.perf_counter() - t
            except (OSError, ConnectionError) as e:
                bad += 1
                kind = type(e).__name__ + ": " + str(e)[:80]
                mine[kind] = mine.get(kind, 0) + 1
        with lock:
            totals["ok"] += ok
            totals["failures"] += bad
            totals["latency"] += latency
            for kind, n in mine.items():
                failures[kind] = failures.get(kind, 0) + n

    c0, t0 = cpu(), time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs, c1 = time.perf_counter() - t0, cpu()
    ok = totals["ok"]
    first = "; ".join("%s x%d" % (k.replace(" ", "_"), n) for k, n in sorted(failures.items())) or "none"
    print("workers=%d seconds=%.2f ok=%d failures=%d per_second=%.1f mean_ms=%.3f client_cpu=%.0f%% failure_kinds=%s"
          % (workers, secs, ok, totals["failures"], ok / secs, 1000 * totals["latency"] / ok if ok else 0,
             100 * (c1 - c0) / secs, first))


def bulk(host, port, direction, total):
    s = socket.create_connection((host, port), timeout=120.0)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    secs, client_cpu = transfer(s, direction, total)
    s.close()
    print("dir=%s bytes=%d seconds=%.3f MBps=%.1f client_cpu=%.0f%%"
          % (direction, total, secs, total / secs / 1e6, client_cpu))


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode == "conns" and len(argv) == 6:
        conns(argv[2], int(argv[3]), int(argv[4]), float(argv[5]))
    elif mode == "bulk" and len(argv) == 6:
        bulk(argv[2], int(argv[3]), argv[4], int(argv[5]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
