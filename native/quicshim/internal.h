/* Internal structures of the quicshim; see quicshim.h for the contract. */
#ifndef WASMACTORS_QUICSHIM_INTERNAL_H
#define WASMACTORS_QUICSHIM_INTERNAL_H

#include <sys/socket.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <gnutls/gnutls.h>

#include "quicshim.h"

#define QS_EXPORT __attribute__((visibility("default")))
#define QS_BUCKETS 1024
#define QS_MAX_VECS 8

/* Queued stream bytes, freed only once the peer acknowledges them (ngtcp2 may retransmit until then). */
typedef struct qs_chunk {
  struct qs_chunk *next;
  uint64_t offset;
  size_t len;
  size_t cap;                       /* bytes data[] can hold */
  uint8_t data[];
} qs_chunk;

/* Large chunks freed once acknowledged wait here for the next send (see streams.c). */
#define QS_POOL_MIN_CHUNK (64 * 1024)
#define QS_POOL_CONN_BYTES (4 * 1024 * 1024)    /* per connection */
#define QS_POOL_TOTAL_BYTES (64 * 1024 * 1024)  /* over all connections of the process */

typedef struct qs_stream {
  int64_t id;
  struct qs_stream *hnext;          /* hash chain */
  struct qs_stream *snext, *sprev;  /* list of streams with something to send */
  int in_send_list;
  qs_chunk *head, *tail;            /* unacknowledged chunks in offset order */
  uint64_t queued_end;              /* offset after the last queued byte */
  uint64_t sent;                    /* bytes handed to ngtcp2 */
  uint64_t acked;
  int fin_queued, fin_sent, write_shut;
  uint32_t blocked_gen;             /* flow-control blocked during this write pass */
} qs_stream;

typedef struct qs_evrec {
  qs_event ev;
  size_t data_off;
} qs_evrec;

struct qs_conn {
  ngtcp2_conn *conn;
  ngtcp2_crypto_conn_ref conn_ref;
  gnutls_session_t session;
  gnutls_certificate_credentials_t cred;
  int is_server;
  struct sockaddr_storage local, remote;
  socklen_t locallen, remotelen;
  ngtcp2_path path;
  size_t max_udp_payload;

  qs_stream *buckets[QS_BUCKETS];
  qs_stream *send_head, *send_tail;
  uint32_t write_gen;
  qs_chunk *pool;                   /* free large chunks, reused by qs_stream_send */
  size_t pool_bytes;

  qs_evrec *evs;
  size_t evcount, evcap, evpos;
  uint8_t *arena;
  size_t arenalen, arenacap;

  uint8_t *pinned;                  /* pinned_count SHA-256 digests */
  uint32_t pinned_count;
  int has_ca;
  int cert_rejected;

  int closed;
  int pending_close;
  ngtcp2_connection_close_error ccerr;
  int close_reason;
  char close_msg[256];
};

/* tls.c */
int qs_tls_init(qs_conn *c, const qs_config *cfg);
void qs_tls_free(qs_conn *c);

/* streams.c */
qs_stream *qs_stream_find(qs_conn *c, int64_t id);
qs_stream *qs_stream_get_or_add(qs_conn *c, int64_t id);
void qs_stream_remove(qs_conn *c, int64_t id);
void qs_stream_free_all(qs_conn *c);
void qs_chunk_pool_free(qs_conn *c);
void qs_stream_on_acked(qs_conn *c, qs_stream *s, uint64_t end);
void qs_stream_drop_unsent(qs_conn *c, qs_stream *s);
void qs_send_list_add(qs_conn *c, qs_stream *s);
void qs_send_list_remove(qs_conn *c, qs_stream *s);
size_t qs_stream_vecs(qs_stream *s, ngtcp2_vec *vec, size_t max, int *all);
void qs_stream_advance(qs_conn *c, qs_stream *s, ngtcp2_ssize n, int fin_requested);

/* events.c */
int qs_event_push(qs_conn *c, int32_t type, int64_t stream_id, uint64_t code, int fin, const uint8_t *data, size_t len);
void qs_events_reset_if_drained(qs_conn *c);
void qs_events_free(qs_conn *c);

/* conn.c */
void qs_set_closed(qs_conn *c, int reason, const char *msg);
void qs_rand_bytes(uint8_t *dest, size_t len);

/* udp.c */
socklen_t qs_fill_sockaddr(const qs_addr *a, struct sockaddr_storage *out);

#endif
