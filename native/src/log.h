/* Diagnostics to stderr with a fixed prefix. Never call from the audio thread. */
#ifndef UNDERSTUDY_LOG_H
#define UNDERSTUDY_LOG_H
void us_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Logs a failed check with file:line; use as `if (!(cond)) return US_FAIL(V3_INVALID_ARG, "why")`. */
#define US_FAIL(code, why) (us_log("%s:%d: %s", __FILE__, __LINE__, why), (code))
#endif
