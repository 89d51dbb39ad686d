/* The versioned component-state blob the host stores in its project.
 *
 *   offset  size  field
 *   0       4     magic "USTD"
 *   4       2     format version (little-endian), currently 1
 *   6       2     header size, 32
 *   8       4     payload length
 *   12      4     CRC-32 (IEEE) of bytes 16 .. end
 *   16      8     output gain, normalised (IEEE double, little-endian)
 *   24      1     bypass (0 or 1)
 *   25      7     reserved, zero
 *   32      n     payload: the Java engine's document (UTF-8 JSON), opaque to C
 *
 * A blob that fails any check is refused whole: the instance keeps its current state. */
#ifndef UNDERSTUDY_STATE_H
#define UNDERSTUDY_STATE_H

#include <stdint.h>

#include "instance.h"
#include "vst3/v3_base.h"

#define US_STATE_VERSION 1
#define US_STATE_HEADER 32
#define US_STATE_MAX_PAYLOAD (256 * 1024 * 1024)

typedef struct us_state {
    double params[US_PARAM_COUNT];
    uint8_t *payload;                  /* malloc'd, may be NULL when len is 0 */
    int32_t len;
} us_state;

/* [any non-audio thread] Encodes a blob; malloc'd, NULL when out of memory. */
uint8_t *us_state_encode(const double params[US_PARAM_COUNT], const uint8_t *payload, int32_t len, int32_t *out_len);
/* [host-main-thread] Reads and checks one blob from a host stream. Returns V3_OK, or V3_FALSE with
 * a logged reason (wrong magic, newer version, truncated, bad checksum). */
v3_result us_state_read(v3_bstream *stream, us_state *out);
/* [host-main-thread] Writes a whole buffer to a host stream. */
v3_result us_stream_write_all(v3_bstream *stream, const uint8_t *buf, int32_t len);
/* [any-thread] Decodes a blob held in memory (tests and the stream reader share this). */
v3_result us_state_decode(const uint8_t *blob, int64_t blob_len, us_state *out);

uint32_t us_crc32(const uint8_t *p, int64_t n);

#endif
