/* The event queue: callbacks append, the caller drains with qs_conn_next_event. Stream data is
 * copied into one arena that is rewound only when the caller has drained every event. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int qs_event_push(qs_conn *c, int32_t type, int64_t stream_id, uint64_t code, int fin, const uint8_t *data, size_t len) {
  if (c->evcount == c->evcap) {
    size_t cap = c->evcap ? c->evcap * 2 : 64;
    qs_evrec *evs = realloc(c->evs, cap * sizeof(*evs));
    if (!evs) return -1;
    c->evs = evs;
    c->evcap = cap;
  }
  if (len > 0) {
    if (c->arenalen + len > c->arenacap) {
      size_t cap = c->arenacap ? c->arenacap : 65536;
      while (cap < c->arenalen + len) cap *= 2;
      uint8_t *arena = realloc(c->arena, cap);
      if (!arena) return -1;
      c->arena = arena;
      c->arenacap = cap;
    }
    memcpy(c->arena + c->arenalen, data, len);
  }
  qs_evrec *r = &c->evs[c->evcount++];
  memset(r, 0, sizeof(*r));
  r->ev.type = type;
  r->ev.stream_id = stream_id;
  r->ev.app_error_code = code;
  r->ev.fin = fin;
  r->ev.datalen = len;
  r->data_off = c->arenalen;
  c->arenalen += len;
  return 0;
}

void qs_events_reset_if_drained(qs_conn *c) {
  if (c->evpos == c->evcount) {
    c->evpos = c->evcount = 0;
    c->arenalen = 0;
  }
}

QS_EXPORT int qs_conn_next_event(qs_conn *c, qs_event *ev) {
  if (c->evpos == c->evcount) return 0;
  qs_evrec *r = &c->evs[c->evpos++];
  *ev = r->ev;
  ev->data = r->ev.datalen ? c->arena + r->data_off : NULL;
  return 1;
}

void qs_events_free(qs_conn *c) {
  free(c->evs);
  free(c->arena);
  c->evs = NULL;
  c->arena = NULL;
}
