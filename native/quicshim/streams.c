/* Per-stream send buffers (kept until acknowledged), the stream table and the round-robin send list. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static size_t bucket(int64_t id) { return (size_t)(((uint64_t)id >> 2) % QS_BUCKETS); }

qs_stream *qs_stream_find(qs_conn *c, int64_t id) {
  for (qs_stream *s = c->buckets[bucket(id)]; s; s = s->hnext)
    if (s->id == id) return s;
  return NULL;
}

qs_stream *qs_stream_get_or_add(qs_conn *c, int64_t id) {
  qs_stream *s = qs_stream_find(c, id);
  if (s) return s;
  s = calloc(1, sizeof(*s));
  if (!s) return NULL;
  s->id = id;
  s->hnext = c->buckets[bucket(id)];
  c->buckets[bucket(id)] = s;
  return s;
}

/* Send chunks of a megabyte are the norm (one Pages frame each). glibc serves allocations that large
 * with mmap, so every frame sent would cost a mapping, a page fault and zeroing per 4 KiB, and an
 * unmap once acknowledged: a large share of the sending thread's time. A few freed chunks are kept
 * per connection instead and reused by the next send that fits; the bytes held are bounded per
 * connection and, through one atomic counter (connections live on different threads), per process. */
static _Atomic size_t pooled_total;

static qs_chunk *chunk_alloc(qs_conn *c, size_t len) {
  if (len >= QS_POOL_MIN_CHUNK) {
    for (qs_chunk **p = &c->pool; *p; p = &(*p)->next) {
      qs_chunk *k = *p;
      if (k->cap >= len && k->cap / 2 <= len) { /* fits without wasting more than half */
        *p = k->next;
        c->pool_bytes -= k->cap;
        atomic_fetch_sub(&pooled_total, k->cap);
        return k;
      }
    }
  }
  qs_chunk *k = malloc(sizeof(*k) + len);
  if (k) k->cap = len;
  return k;
}

static void chunk_free(qs_conn *c, qs_chunk *k) {
  if (k->cap >= QS_POOL_MIN_CHUNK && c->pool_bytes + k->cap <= QS_POOL_CONN_BYTES) {
    if (atomic_fetch_add(&pooled_total, k->cap) + k->cap <= QS_POOL_TOTAL_BYTES) {
      k->next = c->pool;
      c->pool = k;
      c->pool_bytes += k->cap;
      return;
    }
    atomic_fetch_sub(&pooled_total, k->cap); /* over the process-wide budget: undo the claim */
  }
  free(k);
}

void qs_chunk_pool_free(qs_conn *c) {
  for (qs_chunk *k = c->pool; k;) {
    qs_chunk *next = k->next;
    free(k);
    k = next;
  }
  atomic_fetch_sub(&pooled_total, c->pool_bytes);
  c->pool = NULL;
  c->pool_bytes = 0;
}

static void free_chunks(qs_conn *c, qs_stream *s) {
  for (qs_chunk *k = s->head; k;) {
    qs_chunk *next = k->next;
    chunk_free(c, k);
    k = next;
  }
  s->head = s->tail = NULL;
}

void qs_stream_remove(qs_conn *c, int64_t id) {
  qs_stream **p = &c->buckets[bucket(id)];
  while (*p && (*p)->id != id) p = &(*p)->hnext;
  qs_stream *s = *p;
  if (!s) return;
  *p = s->hnext;
  qs_send_list_remove(c, s);
  free_chunks(c, s);
  free(s);
}

void qs_stream_free_all(qs_conn *c) {
  for (size_t i = 0; i < QS_BUCKETS; i++) {
    for (qs_stream *s = c->buckets[i]; s;) {
      qs_stream *next = s->hnext;
      free_chunks(c, s);
      free(s);
      s = next;
    }
    c->buckets[i] = NULL;
  }
  c->send_head = c->send_tail = NULL;
}

void qs_stream_on_acked(qs_conn *c, qs_stream *s, uint64_t end) {
  if (end > s->acked) s->acked = end;
  while (s->head && s->head->offset + s->head->len <= s->acked) {
    qs_chunk *k = s->head;
    s->head = k->next;
    if (!s->head) s->tail = NULL;
    chunk_free(c, k);
  }
}

void qs_stream_drop_unsent(qs_conn *c, qs_stream *s) {
  s->write_shut = 1;
  s->queued_end = s->sent;
  s->fin_queued = 0;
  qs_send_list_remove(c, s);
}

void qs_send_list_add(qs_conn *c, qs_stream *s) {
  if (s->in_send_list) return;
  s->in_send_list = 1;
  s->snext = NULL;
  s->sprev = c->send_tail;
  if (c->send_tail) c->send_tail->snext = s; else c->send_head = s;
  c->send_tail = s;
}

void qs_send_list_remove(qs_conn *c, qs_stream *s) {
  if (!s->in_send_list) return;
  if (s->sprev) s->sprev->snext = s->snext; else c->send_head = s->snext;
  if (s->snext) s->snext->sprev = s->sprev; else c->send_tail = s->sprev;
  s->snext = s->sprev = NULL;
  s->in_send_list = 0;
}

/* Vectors over the unsent bytes; *all says whether they reach the end of what is queued. */
size_t qs_stream_vecs(qs_stream *s, ngtcp2_vec *vec, size_t max, int *all) {
  size_t n = 0;
  uint64_t at = s->sent;
  for (qs_chunk *k = s->head; k && n < max; k = k->next) {
    uint64_t end = k->offset + k->len;
    if (end <= at) continue;
    size_t skip = (size_t)(at - k->offset);
    vec[n].base = k->data + skip;
    vec[n].len = k->len - skip;
    at = end;
    n++;
  }
  *all = at == s->queued_end;
  return n;
}

void qs_stream_advance(qs_conn *c, qs_stream *s, ngtcp2_ssize n, int fin_requested) {
  if (n > 0) s->sent += (uint64_t)n;
  if (fin_requested && s->sent == s->queued_end) s->fin_sent = 1;
  if (s->sent == s->queued_end && (!s->fin_queued || s->fin_sent)) {
    qs_send_list_remove(c, s);
  } else if (s->in_send_list && c->send_tail != s) {
    /* Round robin: the stream that just wrote goes to the back. */
    qs_send_list_remove(c, s);
    qs_send_list_add(c, s);
  }
}

QS_EXPORT int qs_stream_send(qs_conn *c, int64_t stream_id, const uint8_t *data, size_t len, int fin) {
  qs_stream *s = qs_stream_find(c, stream_id);
  if (!s) return NGTCP2_ERR_STREAM_NOT_FOUND;
  if (s->write_shut || s->fin_queued) return NGTCP2_ERR_STREAM_SHUT_WR;
  if (len > 0) {
    qs_chunk *k = chunk_alloc(c, len);
    if (!k) return NGTCP2_ERR_NOMEM;
    k->next = NULL;
    k->offset = s->queued_end;
    k->len = len;
    memcpy(k->data, data, len);
    if (s->tail) s->tail->next = k; else s->head = k;
    s->tail = k;
    s->queued_end += len;
  }
  if (fin) s->fin_queued = 1;
  qs_send_list_add(c, s);
  return 0;
}

QS_EXPORT uint64_t qs_stream_unacked(qs_conn *c, int64_t stream_id) {
  qs_stream *s = qs_stream_find(c, stream_id);
  if (!s || s->write_shut) return 0;
  return s->queued_end - s->acked;
}

QS_EXPORT void qs_stream_consumed(qs_conn *c, int64_t stream_id, uint64_t n) {
  if (c->closed || n == 0) return;
  /* The stream may already be closed; its bytes still count against the connection window. */
  ngtcp2_conn_extend_max_stream_offset(c->conn, stream_id, n);
  ngtcp2_conn_extend_max_offset(c->conn, n);
}

QS_EXPORT int qs_stream_shutdown(qs_conn *c, int64_t stream_id, uint64_t app_error) {
  if (c->closed) return 0;
  qs_stream *s = qs_stream_find(c, stream_id);
  if (s) qs_stream_drop_unsent(c, s);
  return ngtcp2_conn_shutdown_stream(c->conn, stream_id, app_error);
}

QS_EXPORT int qs_stream_open(qs_conn *c, int64_t *stream_id) {
  if (c->closed) return NGTCP2_ERR_CLOSING;
  int rv = ngtcp2_conn_open_bidi_stream(c->conn, stream_id, NULL);
  if (rv != 0) return rv;
  if (!qs_stream_get_or_add(c, *stream_id)) return NGTCP2_ERR_NOMEM;
  return 0;
}
