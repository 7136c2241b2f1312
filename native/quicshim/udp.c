/* Batched UDP I/O on a socket the caller owns and passes by descriptor: several QUIC packets leave
 * in one sendmsg (UDP GSO) and arrive in one recvmsg (UDP GRO), which is what lets one loop thread
 * move hundreds of MiB/s. Without kernel support the caller falls back to one datagram per call. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <poll.h>
#include <time.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef UDP_GRO
#define UDP_GRO 104
#endif
#ifndef SOL_UDP
#define SOL_UDP 17
#endif

socklen_t qs_fill_sockaddr(const qs_addr *a, struct sockaddr_storage *out) {
  memset(out, 0, sizeof(*out));
  if (a->family == 6) {
    struct sockaddr_in6 *s = (struct sockaddr_in6 *)out;
    s->sin6_family = AF_INET6;
    s->sin6_port = htons(a->port);
    memcpy(&s->sin6_addr, a->ip, 16);
    return sizeof(*s);
  }
  struct sockaddr_in *s = (struct sockaddr_in *)out;
  s->sin_family = AF_INET;
  s->sin_port = htons(a->port);
  memcpy(&s->sin_addr, a->ip, 4);
  return sizeof(*s);
}

static void read_sockaddr(const struct sockaddr_storage *in, qs_addr *a) {
  memset(a, 0, sizeof(*a));
  if (in->ss_family == AF_INET6) {
    const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)in;
    a->family = 6;
    a->port = ntohs(s->sin6_port);
    memcpy(a->ip, &s->sin6_addr, 16);
  } else {
    const struct sockaddr_in *s = (const struct sockaddr_in *)in;
    a->family = 4;
    a->port = ntohs(s->sin_port);
    memcpy(a->ip, &s->sin_addr, 4);
  }
}

QS_EXPORT int qs_udp_enable_gro(int fd) {
  int on = 1;
  return setsockopt(fd, SOL_UDP, UDP_GRO, &on, sizeof(on)) == 0 ? 0 : -errno;
}

QS_EXPORT ssize_t qs_udp_send(int fd, const uint8_t *buf, size_t len, size_t segment, const qs_addr *to) {
  struct sockaddr_storage sa;
  socklen_t salen = qs_fill_sockaddr(to, &sa);
  struct iovec iov = {(void *)buf, len};
  union {
    char buf[CMSG_SPACE(sizeof(uint16_t))];
    struct cmsghdr align;
  } control;
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_name = &sa;
  msg.msg_namelen = salen;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (segment > 0 && len > segment) {
    memset(&control, 0, sizeof(control));
    msg.msg_control = control.buf;
    msg.msg_controllen = sizeof(control.buf);
    struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);
    cm->cmsg_level = SOL_UDP;
    cm->cmsg_type = UDP_SEGMENT;
    cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    uint16_t seg = (uint16_t)segment;
    memcpy(CMSG_DATA(cm), &seg, sizeof(seg));
  }
  ssize_t n;
  do {
    n = sendmsg(fd, &msg, 0);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : n;
}

QS_EXPORT ssize_t qs_udp_recv(int fd, uint8_t *buf, size_t cap, qs_addr *from, size_t *segment) {
  struct sockaddr_storage sa;
  struct iovec iov = {buf, cap};
  union {
    char buf[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg;
  memset(&msg, 0, sizeof(msg));
  msg.msg_name = &sa;
  msg.msg_namelen = sizeof(sa);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof(control.buf);
  ssize_t n;
  do {
    n = recvmsg(fd, &msg, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return -errno;
  *segment = (size_t)n;
  for (struct cmsghdr *cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
    if (cm->cmsg_level == SOL_UDP && cm->cmsg_type == UDP_GRO) {
      int seg;
      memcpy(&seg, CMSG_DATA(cm), sizeof(seg));
      if (seg > 0) *segment = (size_t)seg;
    }
  }
  read_sockaddr(&sa, from);
  return n;
}

/* Writes as many packets as fit into buf, all of the first one's size except possibly the last (what
 * GSO requires); *segment gets that size. Returns the total length, 0, or a negative error. */
QS_EXPORT ssize_t qs_conn_write_burst(qs_conn *c, uint8_t *buf, size_t cap, size_t max_segments, uint64_t now, size_t *segment) {
  size_t total = 0, seg = 0, count = 0;
  while (count < max_segments && cap - total >= c->max_udp_payload) {
    ssize_t n = qs_conn_write(c, buf + total, c->max_udp_payload, now);
    if (n < 0) return total > 0 ? (ssize_t)total : n;
    if (n == 0) break;
    if (seg == 0) seg = (size_t)n;
    total += (size_t)n;
    count++;
    /* GSO needs every datagram but the last at the segment size: a short one ends the batch, and a
     * short first one is sent alone (a full-size packet after it would be cut into pieces). */
    if ((size_t)n < seg || (size_t)n < c->max_udp_payload || c->closed) break;
  }
  *segment = seg;
  return (ssize_t)total;
}

/* Waits until fd is readable or timeout_ns passes (nanosecond precision via ppoll; poll(2) would
 * round sub-millisecond timers up to a whole millisecond). Returns 1 readable, 0 timeout, -errno. */
QS_EXPORT int qs_udp_wait(int fd, uint64_t timeout_ns) {
  struct pollfd p = {fd, POLLIN, 0};
  struct timespec ts = {(time_t)(timeout_ns / 1000000000u), (long)(timeout_ns % 1000000000u)};
  int rv = ppoll(&p, 1, &ts, NULL);
  if (rv < 0) return errno == EINTR ? 0 : -errno;
  return rv > 0 ? 1 : 0;
}
