/* Connection creation and the ngtcp2 callbacks; callbacks only record events, never call out. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/crypto.h>

#include "internal.h"

void qs_rand_bytes(uint8_t *dest, size_t len) { gnutls_rnd(GNUTLS_RND_RANDOM, dest, len); }

void qs_set_closed(qs_conn *c, int reason, const char *msg) {
  if (c->close_reason == QS_CLOSE_NONE) {
    c->close_reason = reason;
    if (msg && !c->close_msg[0]) snprintf(c->close_msg, sizeof(c->close_msg), "%s", msg);
  }
}

static void rand_cb(uint8_t *dest, size_t destlen, const ngtcp2_rand_ctx *ctx) {
  (void)ctx;
  qs_rand_bytes(dest, destlen);
}

static int get_new_cid_cb(ngtcp2_conn *conn, ngtcp2_cid *cid, uint8_t *token, size_t cidlen, void *user_data) {
  (void)conn;
  (void)user_data;
  qs_rand_bytes(cid->data, cidlen);
  cid->datalen = cidlen;
  qs_rand_bytes(token, NGTCP2_STATELESS_RESET_TOKENLEN);
  return 0;
}

static int handshake_completed_cb(ngtcp2_conn *conn, void *user_data) {
  (void)conn;
  qs_conn *c = user_data;
  gnutls_datum_t alpn;
  if (gnutls_alpn_get_selected_protocol(c->session, &alpn) != 0 || alpn.size != strlen(QS_ALPN) ||
      memcmp(alpn.data, QS_ALPN, alpn.size) != 0) {
    qs_set_closed(c, QS_CLOSE_TLS, "ALPN " QS_ALPN " was not negotiated");
    return NGTCP2_ERR_CALLBACK_FAILURE;
  }
  return qs_event_push(c, QS_EV_HANDSHAKE_DONE, -1, 0, 0, NULL, 0) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int stream_open_cb(ngtcp2_conn *conn, int64_t stream_id, void *user_data) {
  (void)conn;
  qs_conn *c = user_data;
  if (!qs_stream_get_or_add(c, stream_id)) return NGTCP2_ERR_CALLBACK_FAILURE;
  return qs_event_push(c, QS_EV_STREAM_OPEN, stream_id, 0, 0, NULL, 0) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int recv_stream_data_cb(ngtcp2_conn *conn, uint32_t flags, int64_t stream_id, uint64_t offset,
                               const uint8_t *data, size_t datalen, void *user_data, void *stream_user_data) {
  (void)conn;
  (void)offset;
  (void)stream_user_data;
  qs_conn *c = user_data;
  int fin = (flags & NGTCP2_STREAM_DATA_FLAG_FIN) != 0;
  return qs_event_push(c, QS_EV_STREAM_DATA, stream_id, 0, fin, data, datalen) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int acked_stream_data_offset_cb(ngtcp2_conn *conn, int64_t stream_id, uint64_t offset, uint64_t datalen,
                                       void *user_data, void *stream_user_data) {
  (void)conn;
  (void)stream_user_data;
  qs_stream *s = qs_stream_find(user_data, stream_id);
  if (s) qs_stream_on_acked(user_data, s, offset + datalen);
  return 0;
}

static int stream_close_cb(ngtcp2_conn *conn, uint32_t flags, int64_t stream_id, uint64_t app_error_code,
                           void *user_data, void *stream_user_data) {
  (void)stream_user_data;
  qs_conn *c = user_data;
  /* Peer-opened streams count against the limit we advertise: give the slot back. */
  int peer_opened = (stream_id & 1) == (c->is_server ? 0 : 1);
  if (ngtcp2_is_bidi_stream(stream_id) && peer_opened)
    ngtcp2_conn_extend_max_streams_bidi(conn, 1);
  qs_stream_remove(c, stream_id);
  uint64_t code = (flags & NGTCP2_STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) ? app_error_code : 0;
  return qs_event_push(c, QS_EV_STREAM_CLOSE, stream_id, code, 0, NULL, 0) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int stream_reset_cb(ngtcp2_conn *conn, int64_t stream_id, uint64_t final_size, uint64_t app_error_code,
                           void *user_data, void *stream_user_data) {
  (void)conn;
  (void)final_size;
  (void)stream_user_data;
  return qs_event_push(user_data, QS_EV_STREAM_RESET, stream_id, app_error_code, 0, NULL, 0) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int stream_stop_sending_cb(ngtcp2_conn *conn, int64_t stream_id, uint64_t app_error_code, void *user_data,
                                  void *stream_user_data) {
  (void)conn;
  (void)stream_user_data;
  qs_conn *c = user_data;
  qs_stream *s = qs_stream_find(c, stream_id);
  if (s) qs_stream_drop_unsent(c, s);
  return qs_event_push(c, QS_EV_STOP_SENDING, stream_id, app_error_code, 0, NULL, 0) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int extend_max_local_streams_bidi_cb(ngtcp2_conn *conn, uint64_t max_streams, void *user_data) {
  (void)conn;
  (void)max_streams;
  return qs_event_push(user_data, QS_EV_STREAMS_AVAILABLE, -1, 0, 0, NULL, 0) == 0 ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static void fill_callbacks(ngtcp2_callbacks *cb, int is_server) {
  memset(cb, 0, sizeof(*cb));
  if (is_server) {
    cb->recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
  } else {
    cb->client_initial = ngtcp2_crypto_client_initial_cb;
    cb->recv_retry = ngtcp2_crypto_recv_retry_cb;
  }
  cb->recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
  cb->encrypt = ngtcp2_crypto_encrypt_cb;
  cb->decrypt = ngtcp2_crypto_decrypt_cb;
  cb->hp_mask = ngtcp2_crypto_hp_mask_cb;
  cb->update_key = ngtcp2_crypto_update_key_cb;
  cb->delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
  cb->delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
  cb->get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
  cb->version_negotiation = ngtcp2_crypto_version_negotiation_cb;
  cb->rand = rand_cb;
  cb->get_new_connection_id = get_new_cid_cb;
  cb->handshake_completed = handshake_completed_cb;
  cb->stream_open = stream_open_cb;
  cb->recv_stream_data = recv_stream_data_cb;
  cb->acked_stream_data_offset = acked_stream_data_offset_cb;
  cb->stream_close = stream_close_cb;
  cb->stream_reset = stream_reset_cb;
  cb->stream_stop_sending = stream_stop_sending_cb;
  cb->extend_max_local_streams_bidi = extend_max_local_streams_bidi_cb;
}

/* WASMACTORS_QUIC_DEBUG=1 sends ngtcp2's own trace to stderr (diagnostics only). */
static void debug_log(void *user_data, const char *fmt, ...) {
  (void)user_data;
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static void fill_settings(ngtcp2_settings *settings, ngtcp2_transport_params *params, const qs_config *cfg, uint64_t now) {
  ngtcp2_settings_default(settings);
  settings->initial_ts = now;
  if (getenv("WASMACTORS_QUIC_DEBUG")) settings->log_printf = debug_log;
  settings->cc_algo = NGTCP2_CC_ALGO_CUBIC;
  settings->max_tx_udp_payload_size = cfg->max_udp_payload;
  settings->no_tx_udp_payload_size_shaping = 1;
  /* The caller chose the datagram size for the path; ngtcp2 0.12 only probes Ethernet-sized packets. */
  settings->no_pmtud = 1;
  settings->handshake_timeout = cfg->handshake_timeout_ns;
  /* Windows are granted as the application consumes data; let auto-tuning go up to the configured size. */
  settings->max_window = cfg->window;
  settings->max_stream_window = cfg->window;
  ngtcp2_transport_params_default(params);
  params->initial_max_stream_data_bidi_local = cfg->window;
  params->initial_max_stream_data_bidi_remote = cfg->window;
  params->initial_max_data = cfg->window;
  params->initial_max_streams_bidi = cfg->max_streams_bidi;
  params->initial_max_streams_uni = 0;
  params->max_idle_timeout = cfg->idle_timeout_ns;
  /* What we accept is not what we send: the loop's receive buffer holds any datagram (64 KiB), so the
   * peer may send as large as its own path allows (a loopback peer uses far larger datagrams). */
  params->max_udp_payload_size = NGTCP2_DEFAULT_MAX_RECV_UDP_PAYLOAD_SIZE;
  /* The peer's loss timer (PTO) waits for our ACK delay: keep it short on a cluster network, or a
   * lost last packet of a response costs the default 25 ms. */
  if (cfg->max_ack_delay_ns > 0) params->max_ack_delay = cfg->max_ack_delay_ns;
}

static qs_conn *alloc_conn(const qs_config *cfg, const qs_addr *local, const qs_addr *remote, int is_server) {
  qs_conn *c = calloc(1, sizeof(*c));
  if (!c) return NULL;
  c->is_server = is_server;
  c->max_udp_payload = cfg->max_udp_payload;
  c->locallen = qs_fill_sockaddr(local, &c->local);
  c->remotelen = qs_fill_sockaddr(remote, &c->remote);
  c->path.local.addr = (ngtcp2_sockaddr *)&c->local;
  c->path.local.addrlen = c->locallen;
  c->path.remote.addr = (ngtcp2_sockaddr *)&c->remote;
  c->path.remote.addrlen = c->remotelen;
  ngtcp2_connection_close_error_default(&c->ccerr);
  return c;
}

static int finish(qs_conn *c, const qs_config *cfg, qs_conn **out) {
  int rv = qs_tls_init(c, cfg);
  if (rv != 0) {
    qs_conn_free(c);
    return rv < 0 ? rv : -1;
  }
  ngtcp2_conn_set_tls_native_handle(c->conn, c->session);
  *out = c;
  return 0;
}

QS_EXPORT int qs_client_new(qs_conn **out, const qs_config *cfg, const qs_addr *local, const qs_addr *remote, uint64_t now) {
  qs_conn *c = alloc_conn(cfg, local, remote, 0);
  if (!c) return NGTCP2_ERR_NOMEM;
  ngtcp2_cid dcid, scid;
  dcid.datalen = 18;
  scid.datalen = 16;
  qs_rand_bytes(dcid.data, dcid.datalen);
  qs_rand_bytes(scid.data, scid.datalen);
  ngtcp2_callbacks cb;
  ngtcp2_settings settings;
  ngtcp2_transport_params params;
  fill_callbacks(&cb, 0);
  fill_settings(&settings, &params, cfg, now);
  int rv = ngtcp2_conn_client_new(&c->conn, &dcid, &scid, &c->path, NGTCP2_PROTO_VER_V1, &cb, &settings, &params, NULL, c);
  if (rv != 0) {
    free(c);
    return rv;
  }
  return finish(c, cfg, out);
}

QS_EXPORT int qs_server_new(qs_conn **out, const qs_config *cfg, const uint8_t *pkt, size_t pktlen, const qs_addr *local,
                            const qs_addr *remote, uint64_t now) {
  ngtcp2_pkt_hd hd;
  int rv = ngtcp2_accept(&hd, pkt, pktlen);
  if (rv != 0) return rv;
  qs_conn *c = alloc_conn(cfg, local, remote, 1);
  if (!c) return NGTCP2_ERR_NOMEM;
  ngtcp2_cid scid;
  scid.datalen = 16;
  qs_rand_bytes(scid.data, scid.datalen);
  ngtcp2_callbacks cb;
  ngtcp2_settings settings;
  ngtcp2_transport_params params;
  fill_callbacks(&cb, 1);
  fill_settings(&settings, &params, cfg, now);
  params.original_dcid = hd.dcid;
  params.stateless_reset_token_present = 1;
  qs_rand_bytes(params.stateless_reset_token, sizeof(params.stateless_reset_token));
  rv = ngtcp2_conn_server_new(&c->conn, &hd.scid, &scid, &c->path, hd.version, &cb, &settings, &params, NULL, c);
  if (rv != 0) {
    free(c);
    return rv;
  }
  return finish(c, cfg, out);
}

QS_EXPORT void qs_conn_free(qs_conn *c) {
  if (!c) return;
  if (c->conn) ngtcp2_conn_del(c->conn);
  qs_tls_free(c);
  qs_stream_free_all(c);
  qs_chunk_pool_free(c);
  qs_events_free(c);
  free(c);
}
