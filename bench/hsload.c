/*
 * hsload: full-handshake load generator for bench/run (GnuTLS; bench/run compiles it with gcc at run time).
 *
 *   hsload PORT WORKERS SECONDS MAX
 *
 * WORKERS processes, each in a loop bounded by SECONDS and MAX/WORKERS connections: TCP connect to
 * 127.0.0.1:PORT, TLS 1.3 full handshake (X25519, no session resumption: no session data is ever set), send 'P',
 * read 'p' (bench/Backend.java's ping, through the tunnel), close_notify both ways (a clean close), close.
 * Prints one key=value line.
 *
 * Why C and GnuTLS: a TLS 1.3 client handshake costs about 1.5 ms of CPU in OpenSSL 3.0 (s_time, Python's ssl)
 * on this machine, so a load generator on one core could not keep a tunnel on the other core busy. GnuTLS does
 * the same client work (X25519, ECDSA P-256 CertificateVerify check) several times cheaper. The certificate
 * chain is not validated (self-signed test cert), as with the other clients of bench/run.
 */
#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *PRIORITY = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL:+GROUP-X25519";

struct counts { long ok, errors, resumed; char last_error[160]; };

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* one byte; skips the non-fatal returns (a TLS 1.3 NewSessionTicket arriving first gives GNUTLS_E_AGAIN) */
static int recv_one(gnutls_session_t s, char *c) {
    int r;
    do {
        r = gnutls_record_recv(s, c, 1);
    } while (r < 0 && !gnutls_error_is_fatal(r));
    return r;
}

/* one connection: 0 on success, else sets *why */
static int one(int port, gnutls_certificate_credentials_t cred, const char **why) {
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1, rc = -1;
    struct timeval tv = { .tv_sec = 10 };
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        *why = "connect failed";
        close(fd);
        return -1;
    }
    gnutls_session_t s;
    gnutls_init(&s, GNUTLS_CLIENT);
    gnutls_priority_set_direct(s, PRIORITY, NULL);
    gnutls_credentials_set(s, GNUTLS_CRD_CERTIFICATE, cred);
    gnutls_server_name_set(s, GNUTLS_NAME_DNS, "localhost", 9);
    gnutls_transport_set_int(s, fd);
    int r;
    do {
        r = gnutls_handshake(s);
    } while (r < 0 && !gnutls_error_is_fatal(r));
    char c = 'P';
    if (r < 0) {
        *why = gnutls_strerror(r);
    } else if (gnutls_session_is_resumed(s)) {
        *why = "session resumed (should never happen)";
    } else if (gnutls_record_send(s, &c, 1) != 1) {
        *why = "send failed";
    } else if ((r = recv_one(s, &c)) != 1 || c != 'p') {
        *why = r < 0 ? gnutls_strerror(r) : "no ping answer";
    } else {
        gnutls_bye(s, GNUTLS_SHUT_RDWR); /* close_notify, then wait for the tunnel's own */
        rc = 0;
    }
    gnutls_deinit(s);
    close(fd);
    return rc;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: hsload PORT WORKERS SECONDS MAX\n");
        return 2;
    }
    int port = atoi(argv[1]), workers = atoi(argv[2]);
    double seconds = atof(argv[3]);
    long max_each = atol(argv[4]) / workers;
    struct counts *shared = mmap(NULL, sizeof(struct counts) * workers, PROT_READ | PROT_WRITE,
                                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    memset(shared, 0, sizeof(struct counts) * workers);
    gnutls_global_init();
    double t0 = now(), deadline = t0 + seconds;
    for (int w = 0; w < workers; w++) {
        if (fork() == 0) {
            gnutls_certificate_credentials_t cred;
            gnutls_certificate_allocate_credentials(&cred);
            struct counts *mine = &shared[w];
            while (now() < deadline && mine->ok + mine->errors < max_each) {
                const char *why = NULL;
                if (one(port, cred, &why) == 0) {
                    mine->ok++;
                } else {
                    mine->errors++;
                    snprintf(mine->last_error, sizeof mine->last_error, "%s", why);
                }
            }
            _exit(0);
        }
    }
    while (wait(NULL) > 0) {
    }
    double secs = now() - t0;
    long ok = 0, errors = 0;
    const char *last = "none";
    for (int w = 0; w < workers; w++) {
        ok += shared[w].ok;
        errors += shared[w].errors;
        if (shared[w].last_error[0]) last = shared[w].last_error;
    }
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    double cpu = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    printf("workers=%d seconds=%.2f ok=%ld errors=%ld resumed=0 per_second=%.1f client_cpu=%.0f%% "
           "client_ms_per_conn=%.3f last_error=%s\n",
           workers, secs, ok, errors, ok / secs, 100 * cpu / secs, ok ? 1000 * cpu / ok : 0.0, last);
    return 0;
}
