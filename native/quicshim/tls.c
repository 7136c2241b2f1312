/* GnuTLS session setup: TLS 1.3 only, ALPN "wasmactors-pages/1", and peer verification by pinned
 * SHA-256 fingerprint or by CA: the client's of the server always, the server's of its clients when asked
 * (mutual TLS, which the cluster's bulk path uses). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/crypto.h>
#include <gnutls/x509.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include "internal.h"

/* QUIC forbids the TLS 1.3 middlebox compatibility mode. */
static const char PRIORITY[] =
    "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:+AES-256-GCM:+CHACHA20-POLY1305:"
    "+AES-128-CCM:-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1:+GROUP-SECP384R1:%DISABLE_TLS13_COMPAT_MODE";

static ngtcp2_conn *get_conn(ngtcp2_crypto_conn_ref *ref) {
  return ((qs_conn *)ref->user_data)->conn;
}

/* The peer passes when its certificate's SHA-256 is pinned and it is inside its validity period, or when it
 * chains to a configured CA. The handshake itself proves the peer holds that certificate's key. */
static int pinned_and_current(const qs_conn *c, const gnutls_datum_t *der) {
  uint8_t digest[32];
  if (gnutls_hash_fast(GNUTLS_DIG_SHA256, der->data, der->size, digest) != 0) return 0;
  int pinned = 0;
  for (uint32_t i = 0; i < c->pinned_count && !pinned; i++) pinned = memcmp(c->pinned + (size_t)i * 32, digest, 32) == 0;
  if (!pinned) return 0;
  gnutls_x509_crt_t crt;
  if (gnutls_x509_crt_init(&crt) != 0) return 0;
  int current = 0;
  if (gnutls_x509_crt_import(crt, der, GNUTLS_X509_FMT_DER) == 0) {
    time_t now = time(NULL);
    current = gnutls_x509_crt_get_activation_time(crt) <= now && now <= gnutls_x509_crt_get_expiration_time(crt);
  }
  gnutls_x509_crt_deinit(crt);
  return current;
}

static int verify_peer(gnutls_session_t session) {
  ngtcp2_crypto_conn_ref *ref = gnutls_session_get_ptr(session);
  qs_conn *c = ref->user_data;
  unsigned int n = 0;
  const gnutls_datum_t *peers = gnutls_certificate_get_peers(session, &n);
  if (peers && n > 0) {
    if (pinned_and_current(c, &peers[0])) return 0;
    if (c->has_ca) {
      unsigned int status = 0;
      if (gnutls_certificate_verify_peers2(session, &status) == 0 && status == 0) return 0;
    }
  }
  c->cert_rejected = 1;
  snprintf(c->close_msg, sizeof(c->close_msg), "the %s %s", c->is_server ? "client" : "server",
           peers && n > 0 ? "certificate is neither pinned nor issued by a trusted CA" : "presented no certificate");
  return GNUTLS_E_CERTIFICATE_ERROR;
}

int qs_tls_init(qs_conn *c, const qs_config *cfg) {
  int rv;
  if ((rv = gnutls_certificate_allocate_credentials(&c->cred)) != 0) return rv;
  /* A server always presents its certificate; a client does when it has one (mutual TLS). */
  if (cfg->cert_pem && cfg->cert_pem[0]) {
    gnutls_datum_t cert = {(unsigned char *)cfg->cert_pem, (unsigned int)strlen(cfg->cert_pem)};
    gnutls_datum_t key = {(unsigned char *)cfg->key_pem, (unsigned int)strlen(cfg->key_pem)};
    if ((rv = gnutls_certificate_set_x509_key_mem(c->cred, &cert, &key, GNUTLS_X509_FMT_PEM)) != 0) return rv;
  } else if (c->is_server) {
    return GNUTLS_E_CERTIFICATE_ERROR;
  }
  /* A client always checks the server; a server checks its clients only when asked to. */
  int verify = !c->is_server || cfg->verify_client;
  if (verify) {
    if (cfg->ca_pem && cfg->ca_pem[0]) {
      gnutls_datum_t ca = {(unsigned char *)cfg->ca_pem, (unsigned int)strlen(cfg->ca_pem)};
      if (gnutls_certificate_set_x509_trust_mem(c->cred, &ca, GNUTLS_X509_FMT_PEM) <= 0) return GNUTLS_E_BASE64_DECODING_ERROR;
      c->has_ca = 1;
    }
    if (cfg->pinned_count > 0) {
      c->pinned = malloc((size_t)cfg->pinned_count * 32);
      if (!c->pinned) return GNUTLS_E_MEMORY_ERROR;
      memcpy(c->pinned, cfg->pinned_sha256, (size_t)cfg->pinned_count * 32);
      c->pinned_count = cfg->pinned_count;
    }
  }

  unsigned int flags = (c->is_server ? GNUTLS_SERVER : GNUTLS_CLIENT) | GNUTLS_ENABLE_EARLY_DATA | GNUTLS_NO_END_OF_EARLY_DATA;
  if ((rv = gnutls_init(&c->session, flags)) != 0) return rv;
  if ((rv = gnutls_priority_set_direct(c->session, PRIORITY, NULL)) != 0) return rv;
  rv = c->is_server ? ngtcp2_crypto_gnutls_configure_server_session(c->session)
                    : ngtcp2_crypto_gnutls_configure_client_session(c->session);
  if (rv != 0) return rv;
  c->conn_ref.get_conn = get_conn;
  c->conn_ref.user_data = c;
  gnutls_session_set_ptr(c->session, &c->conn_ref);
  if ((rv = gnutls_credentials_set(c->session, GNUTLS_CRD_CERTIFICATE, c->cred)) != 0) return rv;
  gnutls_datum_t alpn = {(unsigned char *)QS_ALPN, (unsigned int)strlen(QS_ALPN)};
  if ((rv = gnutls_alpn_set_protocols(c->session, &alpn, 1, GNUTLS_ALPN_MANDATORY)) != 0) return rv;
  if (verify) gnutls_session_set_verify_function(c->session, verify_peer);
  if (c->is_server && verify) {
    /* Without a certificate GnuTLS would skip the verify function: require one so that no client gets in. */
    gnutls_certificate_server_set_request(c->session, GNUTLS_CERT_REQUIRE);
  }
  if (!c->is_server) gnutls_server_name_set(c->session, GNUTLS_NAME_DNS, "wasmactors-node", strlen("wasmactors-node"));
  return 0;
}

void qs_tls_free(qs_conn *c) {
  if (c->session) gnutls_deinit(c->session);
  if (c->cred) gnutls_certificate_free_credentials(c->cred);
  free(c->pinned);
  c->session = NULL;
  c->cred = NULL;
}
