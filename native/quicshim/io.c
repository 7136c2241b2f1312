/* Datagrams in and out, timers, and closing. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static void record_remote_close(qs_conn *c) {
  ngtcp2_connection_close_error err;
  ngtcp2_conn_get_connection_close_error(c->conn, &err);
  char msg[200];
  if (err.type == NGTCP2_CONNECTION_CLOSE_ERROR_CODE_TYPE_TRANSPORT && err.error_code >= 0x100 && err.error_code <= 0x1ff) {
    unsigned alert = (unsigned)(err.error_code - 0x100);
    /* bad_certificate .. unknown_ca, and certificate_required: the peer did not accept who we are. */
    int refused = (alert >= 42 && alert <= 48) || alert == 116;
    snprintf(msg, sizeof(msg), refused ? "the peer refused our certificate (TLS alert %u)" : "the peer aborted the TLS handshake (alert %u)", alert);
    qs_set_closed(c, refused ? QS_CLOSE_REFUSED : QS_CLOSE_TLS, msg);
  } else {
    snprintf(msg, sizeof(msg), "the peer closed the connection (code %llu)", (unsigned long long)err.error_code);
    qs_set_closed(c, QS_CLOSE_PEER, msg);
  }
}

/* A local failure: remember why and queue a CONNECTION_CLOSE for the next write. */
static void fail(qs_conn *c, int rv) {
  char msg[200];
  if (rv == NGTCP2_ERR_CRYPTO) {
    ngtcp2_connection_close_error_set_transport_error_tls_alert(&c->ccerr, ngtcp2_conn_get_tls_alert(c->conn), NULL, 0);
    snprintf(msg, sizeof(msg), "TLS handshake failed (alert %u)", ngtcp2_conn_get_tls_alert(c->conn));
    qs_set_closed(c, c->cert_rejected ? QS_CLOSE_CERT_REJECTED : QS_CLOSE_TLS, msg);
  } else {
    ngtcp2_connection_close_error_set_transport_error_liberr(&c->ccerr, rv, NULL, 0);
    snprintf(msg, sizeof(msg), "QUIC error: %s", ngtcp2_strerror(rv));
    qs_set_closed(c, c->close_reason ? c->close_reason : QS_CLOSE_PROTOCOL, msg);
  }
  c->pending_close = 1;
}

QS_EXPORT int qs_conn_read(qs_conn *c, const uint8_t *pkt, size_t pktlen, uint64_t now) {
  if (c->closed || c->pending_close) return NGTCP2_ERR_CLOSING;
  qs_events_reset_if_drained(c);
  ngtcp2_pkt_info pi = {0};
  int rv = ngtcp2_conn_read_pkt(c->conn, &c->path, &pi, pkt, pktlen, now);
  if (rv == 0) return 0;
  switch (rv) {
  case NGTCP2_ERR_DRAINING:
    record_remote_close(c);
    c->closed = 1;
    break;
  case NGTCP2_ERR_DROP_CONN:
    qs_set_closed(c, QS_CLOSE_PROTOCOL, "connection dropped");
    c->closed = 1;
    break;
  default:
    fail(c, rv);
    break;
  }
  return rv;
}

static ssize_t write_close(qs_conn *c, uint8_t *buf, size_t cap, uint64_t now) {
  c->pending_close = 0;
  c->closed = 1;
  if (ngtcp2_conn_is_in_closing_period(c->conn) || ngtcp2_conn_is_in_draining_period(c->conn)) return 0;
  ngtcp2_pkt_info pi = {0};
  ngtcp2_ssize n = ngtcp2_conn_write_connection_close(c->conn, NULL, &pi, buf, cap, &c->ccerr, now);
  return n > 0 ? n : 0;
}

/* Produces one datagram. Pacing is deliberately not used (no ngtcp2_conn_update_pkt_tx_time): it
 * needs sub-millisecond wake-ups that the caller's poll-based loop cannot give without spinning,
 * and the congestion window alone bounds what is in flight. Streams with data take turns. */
QS_EXPORT ssize_t qs_conn_write(qs_conn *c, uint8_t *buf, size_t cap, uint64_t now) {
  if (c->pending_close) return write_close(c, buf, cap, now);
  if (c->closed) return 0;
  qs_events_reset_if_drained(c);
  c->write_gen++;
  ngtcp2_path_storage ps;
  ngtcp2_path_storage_zero(&ps);
  ngtcp2_pkt_info pi = {0};
  for (;;) {
    qs_stream *s = c->send_head;
    while (s && s->blocked_gen == c->write_gen) s = s->snext;
    int64_t sid = -1;
    ngtcp2_vec vec[QS_MAX_VECS];
    size_t nvec = 0;
    uint32_t flags = NGTCP2_WRITE_STREAM_FLAG_NONE;
    int fin = 0;
    if (s) {
      int all = 0;
      sid = s->id;
      nvec = qs_stream_vecs(s, vec, QS_MAX_VECS, &all);
      flags = NGTCP2_WRITE_STREAM_FLAG_MORE;
      if (all && s->fin_queued && !s->fin_sent) {
        flags |= NGTCP2_WRITE_STREAM_FLAG_FIN;
        fin = 1;
      }
    }
    ngtcp2_ssize ndatalen = -1;
    ngtcp2_ssize n = ngtcp2_conn_writev_stream(c->conn, &ps.path, &pi, buf, cap, &ndatalen, flags, sid, vec, nvec, now);
    if (n < 0) {
      switch (n) {
      case NGTCP2_ERR_STREAM_DATA_BLOCKED:
        s->blocked_gen = c->write_gen;
        continue;
      case NGTCP2_ERR_STREAM_SHUT_WR:
      case NGTCP2_ERR_STREAM_NOT_FOUND:
        qs_stream_drop_unsent(c, s);
        continue;
      case NGTCP2_ERR_WRITE_MORE:
        qs_stream_advance(c, s, ndatalen, fin);
        continue;
      default:
        fail(c, (int)n);
        return write_close(c, buf, cap, now);
      }
    }
    if (s && ndatalen >= 0) qs_stream_advance(c, s, ndatalen, fin);
    if (n == 0) {
      return 0; /* congestion window, flow control, or nothing to send */
    }
    return n;
  }
}

QS_EXPORT uint64_t qs_conn_expiry(qs_conn *c) {
  if (c->closed) return UINT64_MAX;
  if (c->pending_close) return 0;

  return ngtcp2_conn_get_expiry(c->conn);
}

QS_EXPORT int qs_conn_handle_expiry(qs_conn *c, uint64_t now) {
  if (c->closed || c->pending_close) return 0;
  qs_events_reset_if_drained(c);
  int rv = ngtcp2_conn_handle_expiry(c->conn, now);
  if (rv == 0) return 0;
  if (rv == NGTCP2_ERR_IDLE_CLOSE) {
    qs_set_closed(c, QS_CLOSE_IDLE, "idle timeout: the peer stopped answering");
    c->closed = 1;
  } else if (rv == NGTCP2_ERR_HANDSHAKE_TIMEOUT) {
    qs_set_closed(c, QS_CLOSE_HANDSHAKE_TIMEOUT, "the handshake did not finish in time");
    c->closed = 1;
  } else {
    fail(c, rv);
  }
  return rv;
}

QS_EXPORT ssize_t qs_conn_close(qs_conn *c, uint8_t *buf, size_t cap, uint64_t app_error, uint64_t now) {
  if (c->closed) return 0;
  qs_set_closed(c, QS_CLOSE_LOCAL, "closed locally");
  if (!c->pending_close) ngtcp2_connection_close_error_set_application_error(&c->ccerr, app_error, NULL, 0);
  return write_close(c, buf, cap, now);
}

QS_EXPORT int qs_conn_is_closed(qs_conn *c) { return c->closed; }

QS_EXPORT int qs_conn_close_reason(qs_conn *c) { return c->close_reason; }

QS_EXPORT const char *qs_conn_close_message(qs_conn *c) { return c->close_msg; }
