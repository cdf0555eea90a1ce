/*
 * httpd: the keep-alive HTTP backend for wrk in bench/run (compiled there with gcc at run time).
 *
 *   httpd            binds 127.0.0.1:0, prints "http=PORT", serves until killed
 *
 * One thread, epoll, non-blocking sockets. Every request (ends at an empty line; wrk sends no body) gets the same
 * 13-byte answer; requests pipelined in one read are answered in one write. Why C: it shares one core with wrk,
 * and a blocking thread-per-connection Java responder spent ~15 us of CPU per request there, too close to the
 * budget when the tunnel under test goes past 25,000 requests/s. A response that does not fit the socket buffer
 * at once closes the connection (never happens with wrk, which waits for each answer).
 */
#define _GNU_SOURCE /* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FD 65536
static const char RESPONSE[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, world\n";
#define RLEN (sizeof RESPONSE - 1)

static unsigned char state[MAX_FD]; /* per fd: how much of "\r\n\r\n" has been matched */

static void serve(int ep, int fd) {
    static char in[16384], out[RLEN * 64];
    for (;;) {
        ssize_t n = read(fd, in, sizeof in);
        if (n < 0 && errno == EAGAIN) return;
        if (n <= 0) break;
        int complete = 0, s = state[fd];
        for (ssize_t i = 0; i < n; i++) {
            char c = in[i];
            if (c == '\r') s = (s == 2) ? 3 : 1;
            else if (c == '\n' && (s == 1 || s == 3)) s++;
            else s = 0;
            if (s == 4) { complete++; s = 0; }
        }
        state[fd] = s;
        while (complete > 0) {
            int k = complete < 64 ? complete : 64;
            for (int j = 0; j < k; j++) memcpy(out + j * RLEN, RESPONSE, RLEN);
            if (write(fd, out, k * RLEN) != (ssize_t) (k * RLEN)) goto done;
            complete -= k;
        }
        if (n < (ssize_t) sizeof in) return; /* drained: level-triggered epoll reports the rest (saves a read) */
    }
done:
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
}

int main(void) {
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    struct sockaddr_in addr = { .sin_family = AF_INET };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(ls, (struct sockaddr *) &addr, sizeof addr) || listen(ls, 4096)
        || getsockname(ls, (struct sockaddr *) &addr, &len)) {
        perror("httpd");
        return 1;
    }
    int ep = epoll_create1(0);
    struct epoll_event ev = { .events = EPOLLIN, .data.fd = ls }, evs[256];
    epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
    printf("http=%d\n", ntohs(addr.sin_port));
    fflush(stdout);
    for (;;) {
        int n = epoll_wait(ep, evs, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd != ls) {
                serve(ep, fd);
                continue;
            }
            int c;
            while ((c = accept4(ls, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                if (c >= MAX_FD) { close(c); continue; }
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                state[c] = 0;
                struct epoll_event cev = { .events = EPOLLIN, .data.fd = c };
                epoll_ctl(ep, EPOLL_CTL_ADD, c, &cev);
            }
        }
    }
}
