#include "state.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"

static uint32_t table[256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void build_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

/* Running CRC-32: start with 0xFFFFFFFF, finish by inverting. */
static uint32_t crc_update(uint32_t c, const uint8_t *p, int64_t n) {
    pthread_once(&table_once, build_table);
    for (int64_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c;
}

uint32_t us_crc32(const uint8_t *p, int64_t n) { return crc_update(0xFFFFFFFFu, p, n) ^ 0xFFFFFFFFu; }

static void put_u16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put_u32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint16_t get_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t get_u32(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }
static void put_f64(uint8_t *p, double d) {
    uint64_t v;
    memcpy(&v, &d, 8);
    for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i));
}
static double get_f64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)p[i] << (8 * i);
    double d;
    memcpy(&d, &v, 8);
    return d;
}

uint8_t *us_state_encode(const double params[US_PARAM_COUNT], const uint8_t *payload, int32_t len, int32_t *out_len) {
    if (len < 0) len = 0;
    uint8_t *b = calloc(1, (size_t)US_STATE_HEADER + (size_t)len);
    if (!b) return NULL;
    memcpy(b, "USTD", 4);
    put_u16(b + 4, US_STATE_VERSION);
    put_u16(b + 6, US_STATE_HEADER);
    put_u32(b + 8, (uint32_t)len);
    put_f64(b + 16, params[US_PARAM_GAIN]);
    b[24] = params[US_PARAM_BYPASS] >= 0.5 ? 1 : 0;
    if (len > 0) memcpy(b + US_STATE_HEADER, payload, (size_t)len);
    put_u32(b + 12, us_crc32(b + 16, US_STATE_HEADER - 16 + len));
    *out_len = US_STATE_HEADER + len;
    return b;
}

static v3_result check_header(const uint8_t *h, uint32_t *payload_len) {
    if (memcmp(h, "USTD", 4) != 0) return US_FAIL(V3_FALSE, "state: not an Understudy state blob (bad magic)");
    const uint16_t version = get_u16(h + 4);
    if (version == 0) return US_FAIL(V3_FALSE, "state: version 0 is invalid");
    if (version > US_STATE_VERSION) return US_FAIL(V3_FALSE, "state: saved by a newer Understudy; update the plugin");
    if (get_u16(h + 6) != US_STATE_HEADER) return US_FAIL(V3_FALSE, "state: unexpected header size");
    *payload_len = get_u32(h + 8);
    if (*payload_len > US_STATE_MAX_PAYLOAD) return US_FAIL(V3_FALSE, "state: payload length out of range");
    return V3_OK;
}

static v3_result finish(const uint8_t *h, const uint8_t *payload, uint32_t len, us_state *out) {
    const uint32_t crc = crc_update(crc_update(0xFFFFFFFFu, h + 16, US_STATE_HEADER - 16), payload, len) ^ 0xFFFFFFFFu;
    if (crc != get_u32(h + 12)) return US_FAIL(V3_FALSE, "state: checksum mismatch (corrupt blob)");
    const double gain = get_f64(h + 16);
    if (!(gain >= 0.0 && gain <= 1.0)) return US_FAIL(V3_FALSE, "state: gain out of range");
    out->params[US_PARAM_GAIN] = gain;
    out->params[US_PARAM_BYPASS] = h[24] ? 1.0 : 0.0;
    out->len = (int32_t)len;
    out->payload = NULL;
    if (len) {
        out->payload = malloc(len);
        if (!out->payload) return US_FAIL(V3_NOMEM, "state: out of memory");
        memcpy(out->payload, payload, len);
    }
    return V3_OK;
}

v3_result us_state_decode(const uint8_t *blob, int64_t blob_len, us_state *out) {
    if (!blob || blob_len < US_STATE_HEADER) return US_FAIL(V3_FALSE, "state: truncated header");
    uint32_t len;
    v3_result r = check_header(blob, &len);
    if (r != V3_OK) return r;
    if (blob_len - US_STATE_HEADER < (int64_t)len) return US_FAIL(V3_FALSE, "state: truncated payload");
    return finish(blob, blob + US_STATE_HEADER, len, out);
}

static v3_result read_exact(v3_bstream *stream, uint8_t *buf, int32_t n) {
    int32_t done = 0;
    while (done < n) {
        int32_t got = 0;
        if (stream->vtbl->read(stream, buf + done, n - done, &got) != V3_OK || got <= 0) return V3_FALSE;
        done += got;
    }
    return V3_OK;
}

v3_result us_state_read(v3_bstream *stream, us_state *out) {
    if (!stream) return US_FAIL(V3_INVALID_ARG, "state: no stream");
    uint8_t h[US_STATE_HEADER];
    if (read_exact(stream, h, US_STATE_HEADER) != V3_OK) return US_FAIL(V3_FALSE, "state: truncated header");
    uint32_t len;
    v3_result r = check_header(h, &len);
    if (r != V3_OK) return r;
    uint8_t *payload = len ? malloc(len) : NULL;
    if (len && !payload) return US_FAIL(V3_NOMEM, "state: out of memory");
    if (len && read_exact(stream, payload, (int32_t)len) != V3_OK) {
        free(payload);
        return US_FAIL(V3_FALSE, "state: truncated payload");
    }
    r = finish(h, payload, len, out);
    free(payload);
    return r;
}

v3_result us_stream_write_all(v3_bstream *stream, const uint8_t *buf, int32_t len) {
    int32_t done = 0;
    while (done < len) {
        int32_t put = 0;
        if (stream->vtbl->write(stream, (void *)(buf + done), len - done, &put) != V3_OK || put <= 0)
            return US_FAIL(V3_FALSE, "state: host stream refused the write");
        done += put;
    }
    return V3_OK;
}
