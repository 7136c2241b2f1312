/*
 * wasmactors quicshim: a thin, thread-free layer over ngtcp2 0.12 + GnuTLS for the page transport.
 *
 * The caller (C#) owns the UDP socket, the event loop and every timer. The shim turns received
 * datagrams into queued events (stream data, stream closed, ...) and produces datagrams to send.
 * It never calls back into the caller and never starts a thread. One qs_conn must only be used from
 * one thread at a time. Timestamps are monotonic nanoseconds.
 */
#ifndef WASMACTORS_QUICSHIM_H
#define WASMACTORS_QUICSHIM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define QS_ALPN "wasmactors-pages/1"

typedef struct qs_conn qs_conn;

/* An IPv4 (family 4, first 4 bytes of ip) or IPv6 (family 6) address; port in host order. */
typedef struct qs_addr {
  uint8_t ip[16];
  uint16_t port;
  uint8_t family;
  uint8_t reserved;
} qs_addr;

typedef struct qs_config {
  const char *cert_pem;      /* our certificate chain (PEM): a server's always, a client's when set (mutual TLS) */
  const char *key_pem;       /* its private key (PEM) */
  const uint8_t *pinned_sha256; /* SHA-256 digests (32 bytes each) of the certificates the peer may present */
  uint32_t pinned_count;
  uint32_t verify_client;    /* server: require a client certificate and accept it only by pin or CA */
  const char *ca_pem;        /* CA certificates (PEM); a chain to one of them is accepted */
  uint64_t window;           /* flow-control window per stream and per connection, bytes */
  uint64_t idle_timeout_ns;
  uint64_t handshake_timeout_ns;
  uint64_t max_udp_payload;  /* largest datagram payload we send on this connection's path */
  uint64_t max_streams_bidi; /* streams the peer may have open at once */
  uint64_t max_ack_delay_ns; /* how long we may delay ACKs (0: ngtcp2's default, 25 ms) */
} qs_config;

enum {
  QS_EV_HANDSHAKE_DONE = 1,
  QS_EV_STREAM_OPEN = 2,    /* the peer opened a stream */
  QS_EV_STREAM_DATA = 3,    /* data (and/or fin) arrived on a stream */
  QS_EV_STREAM_CLOSE = 4,   /* the stream is fully closed and forgotten */
  QS_EV_STREAM_RESET = 5,   /* the peer abandoned sending (RESET_STREAM) */
  QS_EV_STOP_SENDING = 6,   /* the peer no longer reads; our writes are dropped */
  QS_EV_STREAMS_AVAILABLE = 7 /* the peer raised our stream limit */
};

/* An event; data is valid until the next call that takes the same qs_conn. */
typedef struct qs_event {
  int32_t type;
  int32_t fin;
  int64_t stream_id;
  uint64_t app_error_code;
  const uint8_t *data;
  uint64_t datalen;
} qs_event;

/* Why a connection ended, for typed errors on the managed side. */
enum {
  QS_CLOSE_NONE = 0,
  QS_CLOSE_IDLE = 1,        /* idle timeout: the peer stopped answering */
  QS_CLOSE_HANDSHAKE_TIMEOUT = 2,
  QS_CLOSE_CERT_REJECTED = 3, /* we refused the peer's certificate */
  QS_CLOSE_TLS = 4,         /* other TLS failure (alert from either side, ALPN mismatch) */
  QS_CLOSE_PEER = 5,        /* the peer closed the connection */
  QS_CLOSE_PROTOCOL = 6,    /* QUIC protocol error */
  QS_CLOSE_LOCAL = 7,       /* we closed it */
  QS_CLOSE_REFUSED = 8      /* the peer refused our certificate (or that we had none) */
};

int qs_client_new(qs_conn **out, const qs_config *cfg, const qs_addr *local, const qs_addr *remote, uint64_t now);
/* Creates a server connection from a client's first Initial packet; then pass that packet to qs_conn_read. */
int qs_server_new(qs_conn **out, const qs_config *cfg, const uint8_t *pkt, size_t pktlen, const qs_addr *local, const qs_addr *remote, uint64_t now);
void qs_conn_free(qs_conn *c);

/* Feeds one datagram. Returns 0, or a negative ngtcp2 error after which the connection is closing. */
int qs_conn_read(qs_conn *c, const uint8_t *pkt, size_t pktlen, uint64_t now);
/* Writes the next datagram into buf; returns its length, 0 when nothing is to send, negative on fatal error. */
ssize_t qs_conn_write(qs_conn *c, uint8_t *buf, size_t cap, uint64_t now);
/* Returns 1 and fills ev when an event is queued, else 0. */
int qs_conn_next_event(qs_conn *c, qs_event *ev);
uint64_t qs_conn_expiry(qs_conn *c);
int qs_conn_handle_expiry(qs_conn *c, uint64_t now);
/* Writes a CONNECTION_CLOSE (application error) datagram; returns its length or <= 0. */
ssize_t qs_conn_close(qs_conn *c, uint8_t *buf, size_t cap, uint64_t app_error, uint64_t now);
int qs_conn_is_closed(qs_conn *c);
int qs_conn_close_reason(qs_conn *c);
/* A human-readable reason for the close; valid while c lives. */
const char *qs_conn_close_message(qs_conn *c);

/* Opens a bidirectional stream; NGTCP2_ERR_STREAM_ID_BLOCKED (-208) when the peer's limit is reached. */
int qs_stream_open(qs_conn *c, int64_t *stream_id);
/* Queues data (copied) and optionally fin; it is sent by qs_conn_write and kept until acknowledged. */
int qs_stream_send(qs_conn *c, int64_t stream_id, const uint8_t *data, size_t len, int fin);
/* Bytes queued on a stream that the peer has not acknowledged yet (0 for unknown streams). */
uint64_t qs_stream_unacked(qs_conn *c, int64_t stream_id);
/* The application consumed n received bytes: grant the peer that much more window. */
void qs_stream_consumed(qs_conn *c, int64_t stream_id, uint64_t n);
/* Abandons both directions of a stream with an application error code. */
int qs_stream_shutdown(qs_conn *c, int64_t stream_id, uint64_t app_error);

/* Batched UDP on a caller-owned socket descriptor (Linux GSO/GRO). */
int qs_udp_enable_gro(int fd);
/* Sends len bytes as datagrams of `segment` bytes (the last may be shorter); returns bytes or -errno. */
ssize_t qs_udp_send(int fd, const uint8_t *buf, size_t len, size_t segment, const qs_addr *to);
/* Non-blocking receive of one (possibly GRO-coalesced) buffer; *segment is the datagram size. -EAGAIN when empty. */
ssize_t qs_udp_recv(int fd, uint8_t *buf, size_t cap, qs_addr *from, size_t *segment);
/* Waits (nanosecond timeout) until fd is readable: 1 readable, 0 timed out, -errno. */
int qs_udp_wait(int fd, uint64_t timeout_ns);
/* Writes up to max_segments packets back to back for one GSO send; returns the total length. */
ssize_t qs_conn_write_burst(qs_conn *c, uint8_t *buf, size_t cap, size_t max_segments, uint64_t now, size_t *segment);

#endif
