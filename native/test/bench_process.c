/* Benchmark figures (not pass/fail) for Understudy.so.
 *   Part A: process() cost per 1024-frame block at 48 kHz with 0, 1 and 64 overlapping stereo
 *           clips, and the heap/lock calls made inside process() (must be 0: exits 1 otherwise).
 *   Part B: JVM start time inside the shim, measured in a re-executed child without the
 *           external bridge (needs the engine jars in the bundle; skipped otherwise).
 * Usage: bench_process path/to/Understudy.so [--blocks N] [--mem-mb M]
 *        bench_process --jvm path/to/Understudy.so          (Part B child, internal) */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mini_host.h"

/* ---- heap and lock counters, interposed for the whole process (ENABLE_EXPORTS) ---------------- */

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static atomic_int counting;                   /* set only around process() calls */
static atomic_long heap_calls, lock_calls;

static void count(atomic_long *counter) {
    if (atomic_load_explicit(&counting, memory_order_relaxed)) atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
}

void *malloc(size_t n) { count(&heap_calls); return __libc_malloc(n); }
void *calloc(size_t n, size_t size) { count(&heap_calls); return __libc_calloc(n, size); }
void *realloc(void *p, size_t n) { count(&heap_calls); return __libc_realloc(p, n); }
void free(void *p) { if (p) count(&heap_calls); __libc_free(p); }
void *aligned_alloc(size_t align, size_t n) { count(&heap_calls); return __libc_memalign(align, n); }
void *memalign(size_t align, size_t n);
void *memalign(size_t align, size_t n) { count(&heap_calls); return __libc_memalign(align, n); }

int posix_memalign(void **out, size_t align, size_t n) {
    count(&heap_calls);
    if (align < sizeof(void *) || (align & (align - 1))) return EINVAL;
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    *out = p;
    return 0;
}

typedef int (*mutex_fn)(pthread_mutex_t *);
static mutex_fn real_lock, real_trylock;

/* Resolved once at start; the lazy path covers calls made before our constructor ran. */
__attribute__((constructor)) static void resolve_mutex_functions(void) {
    *(void **)&real_lock = dlsym(RTLD_NEXT, "pthread_mutex_lock");
    *(void **)&real_trylock = dlsym(RTLD_NEXT, "pthread_mutex_trylock");
}

int pthread_mutex_lock(pthread_mutex_t *m) {
    if (!real_lock) resolve_mutex_functions();
    count(&lock_calls);
    return real_lock(m);
}

int pthread_mutex_trylock(pthread_mutex_t *m) {
    if (!real_trylock) resolve_mutex_functions();
    count(&lock_calls);
    return real_trylock(m);
}

/* ---- Part A: process() cost ------------------------------------------------------------------- */

#define BLOCK 1024
#define RATE 48000.0
#define WARMUP 200

typedef struct figures {
    double mean_ns, p99_ns;
    long heap, locks;
    int blocks;
    int audible;                               /* the last block carried sound */
} figures;

static int by_value(const void *a, const void *b) {
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* `count` distinct stereo clips of noise, all starting at 0, long enough for every block. */
static int publish_noise(mh_bridge *b, us_instance *inst, int count, int64_t frames) {
    us_clip **clips = calloc((size_t)count + 1, sizeof *clips);
    int64_t *starts = calloc((size_t)count + 1, sizeof *starts);
    uint32_t seed = 12345;
    int ok = clips && starts;
    for (int k = 0; ok && k < count; k++) {
        clips[k] = b->clip_create(frames, 2);
        if (!clips[k]) { ok = 0; break; }
        for (int ch = 0; ch < 2; ch++) {
            float *x = b->clip_channel(clips[k], ch);
            for (int64_t i = 0; i < frames; i++) {
                seed = seed * 1664525u + 1013904223u;
                x[i] = (float)(int32_t)seed * (1.0f / 2147483648.0f) * 0.01f;
            }
        }
    }
    if (ok) ok = b->publish(inst, clips, starts, NULL, count, RATE, b->generation(inst), 1) == 0;
    for (int k = 0; ok && k < count; k++) b->clip_release(clips[k]);
    free(clips);
    free(starts);
    return ok ? 0 : -1;
}

/* Times `blocks` consecutive playing blocks after a warm-up. */
static void time_blocks(mh_plugin *p, mh_process *proc, int blocks, int64_t *ns, figures *out) {
    int64_t pos = 0;
    for (int b = 0; b < WARMUP; b++, pos += BLOCK) {
        mh_process_block(proc, pos, BLOCK, 1);
        mh_process_run(proc, p);
    }
    atomic_store(&heap_calls, 0);
    atomic_store(&lock_calls, 0);
    for (int b = 0; b < blocks; b++, pos += BLOCK) {
        mh_process_block(proc, pos, BLOCK, 1);
        const int64_t t0 = mh_now_ns();
        atomic_store(&counting, 1);
        mh_process_run(proc, p);
        atomic_store(&counting, 0);
        ns[b] = mh_now_ns() - t0;
    }
    double sum = 0;
    for (int b = 0; b < blocks; b++) sum += (double)ns[b];
    qsort(ns, (size_t)blocks, sizeof *ns, by_value);
    out->mean_ns = sum / blocks;
    out->p99_ns = (double)ns[(size_t)((blocks - 1) * 0.99)];
    out->heap = atomic_load(&heap_calls);
    out->locks = atomic_load(&lock_calls);
    out->blocks = blocks;
    out->audible = proc->out.silence_flags == 0;
}

static int bench_clips(mh_module *m, int clips, int blocks, figures *out) {
    char err[256];
    mh_plugin p;
    mh_process proc;
    int64_t ev[4];
    memset(&proc, 0, sizeof proc);
    if (mh_plugin_create(m, &p, 0, err, sizeof err) != 0) { fprintf(stderr, "bench: %s\n", err); return -1; }
    int rc = -1;
    int64_t *ns = malloc((size_t)blocks * sizeof *ns);
    if (!ns || mh_process_init(&proc, BLOCK, RATE) != 0) goto out;
    if (mh_plugin_setup(&p, RATE, BLOCK) != V3_OK || V3_CALL(p.component, set_active, 1) != V3_OK ||
        !mh_wait_event(m, US_EVENT_OPENED, NULL, 1000, ev)) {
        fprintf(stderr, "bench: the instance did not open\n");
        goto out;
    }
    us_instance *inst = (us_instance *)(intptr_t)ev[1];
    if (publish_noise(&m->bridge, inst, clips, (int64_t)(WARMUP + blocks + 1) * BLOCK) != 0) {
        fprintf(stderr, "bench: out of memory for %d clips\n", clips);
        goto out;
    }
    time_blocks(&p, &proc, blocks, ns, out);
    rc = 0;
    mh_plugin_destroy(&p);
    mh_wait_event(m, US_EVENT_CLOSED, inst, 1000, NULL);
out:
    if (rc != 0) mh_plugin_destroy(&p);
    mh_process_free(&proc);
    free(ns);
    return rc;
}

/* The counters see heap and lock calls made inside the module (else a 0 below would mean nothing). */
static int counters_work(mh_module *m) {
    int64_t ev[4];
    atomic_store(&heap_calls, 0);
    atomic_store(&lock_calls, 0);
    atomic_store(&counting, 1);
    m->bridge.clip_release(m->bridge.clip_create(16, 1));      /* calloc + free in the module */
    m->bridge.next_event(0, ev);                               /* locks the event queue */
    atomic_store(&counting, 0);
    const long heap = atomic_load(&heap_calls), locks = atomic_load(&lock_calls);
    if (heap >= 2 && locks >= 1) return 1;
    printf("ERROR: the interposed counters do not see the module's calls (heap %ld, locks %ld)\n", heap, locks);
    return 0;
}

/* Part A; returns the number of problems (allocations, locks, silent output, failures). */
static int part_a(mh_module *m, int max_blocks, long mem_mb) {
    static const int counts[3] = {0, 1, 64};
    const double budget_ns = BLOCK / RATE * 1e9;
    int problems = counters_work(m) ? 0 : 1;
    for (int i = 0; i < 3; i++) {
        const int n = counts[i];
        int blocks = max_blocks;
        if (n > 0) {                            /* keep the clip memory within mem_mb */
            const long fit = mem_mb * 1024L * 1024L / ((long)n * 2 * (long)sizeof(float) * BLOCK) - WARMUP - 1;
            if (fit < blocks) blocks = (int)fit;
        }
        if (blocks < 100) { printf("process %d clips: skipped (--mem-mb %ld too small)\n", n, mem_mb); problems++; continue; }
        figures f;
        if (bench_clips(m, n, blocks, &f) != 0) { printf("process %d clips: FAILED to run\n", n); problems++; continue; }
        printf("process %d clips: %.0f ns/block (p99 %.0f) = %.4f of real time, allocations %ld, locks %ld  [%d blocks of %d]\n",
               n, f.mean_ns, f.p99_ns, f.mean_ns / budget_ns, f.heap, f.locks, f.blocks, BLOCK);
        if (f.heap || f.locks) { printf("  ERROR: process() allocated or locked\n"); problems++; }
        if (n > 0 && !f.audible) { printf("  ERROR: output was silent: the clips were not mixed\n"); problems++; }
    }
    return problems;
}

/* ---- Part B: JVM start ------------------------------------------------------------------------- */

/* <dir of the .so>/../Resources/java, and whether it holds a jar. */
static int engine_jars(const char *so, char *dir, size_t cap) {
    char real[PATH_MAX];
    if (!realpath(so, real)) { snprintf(dir, cap, "%s", so); return 0; }
    char *slash = strrchr(real, '/');
    if (slash) *slash = 0;
    char resources[PATH_MAX + 16], resolved[PATH_MAX];
    snprintf(resources, sizeof resources, "%s/../Resources", real);
    snprintf(dir, cap, "%s/java", realpath(resources, resolved) ? resolved : resources);
    DIR *d = opendir(dir);
    if (!d) return 0;
    int jars = 0;
    for (struct dirent *e; (e = readdir(d));) {
        const size_t len = strlen(e->d_name);
        jars += len > 4 && strcmp(e->d_name + len - 4, ".jar") == 0;
    }
    closedir(d);
    return jars > 0;
}

/* The child: loads the module, setActive(1) starts the JVM, waits for us_bridge_ready(). */
static int jvm_child(const char *so) {
    char err[256];
    mh_module m;
    mh_plugin p;
    if (mh_load(&m, so, err, sizeof err) != 0 || !m.bridge_complete || mh_plugin_create(&m, &p, 0, err, sizeof err) != 0) {
        printf("jvm start: cannot load %s (%s)\n", so, m.bridge_complete ? err : m.missing);
        return 1;
    }
    mh_plugin_setup(&p, RATE, BLOCK);
    const int64_t t0 = mh_now_ns();
    V3_CALL(p.component, set_active, 1);
    const int64_t returned = mh_now_ns();
    int64_t boot = -1;
    while ((boot = m.bridge.boot_nanos()) < 0 && mh_now_ns() - t0 < 30000000000LL) mh_sleep_ms(1);
    const int64_t ready = mh_now_ns();
    printf("jvm setActive(1) returned in: %.2f ms\n", (double)(returned - t0) / 1e6);
    if (boot < 0) { printf("jvm start: not ready after 30 s (us_bridge_boot_nanos stayed -1)\n"); return 1; }
    printf("jvm start (us_bridge_boot_nanos): %.1f ms\n", (double)boot / 1e6);
    printf("jvm setActive -> ready (wall): %.1f ms\n", (double)(ready - t0) / 1e6);
    return 0;                                   /* the JVM stays up: the caller _exits */
}

/* Re-executes this program with --jvm, without the external bridge; 0 when it succeeded. */
static int part_b(const char *so) {
    char dir[PATH_MAX + 32];
    if (!engine_jars(so, dir, sizeof dir)) { printf("jvm start: skipped: no engine jars in %s\n", dir); return 0; }
    fflush(stdout);
    const pid_t pid = fork();
    if (pid < 0) { printf("jvm start: fork failed\n"); return 1; }
    if (pid == 0) {
        unsetenv("UNDERSTUDY_BRIDGE_EXTERNAL");
        execl("/proc/self/exe", "bench_process", "--jvm", so, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    const int64_t end = mh_now_ns() + 45000000000LL;
    while (waitpid(pid, &status, WNOHANG) == 0) {
        if (mh_now_ns() > end) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            printf("jvm start: the child hung; killed\n");
            return 1;
        }
        mh_sleep_ms(10);
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc >= 3 && strcmp(argv[1], "--jvm") == 0) {
        const int rc = jvm_child(argv[2]);
        fflush(stdout);
        _exit(rc);                              /* never run exit handlers under a live JVM */
    }
    if (argc < 2) { fprintf(stderr, "usage: %s Understudy.so [--blocks N] [--mem-mb M]\n", argv[0]); return 2; }
    int blocks = 20000;
    long mem_mb = 1024;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--blocks") == 0) blocks = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--mem-mb") == 0) mem_mb = atol(argv[i + 1]);
    }
    setenv("UNDERSTUDY_BRIDGE_EXTERNAL", "1", 1);   /* Part A: this program is the bridge */
    char err[512];
    mh_module m;
    if (mh_load(&m, argv[1], err, sizeof err) != 0) { printf("load: %s\n", err); return 1; }
    if (!m.bridge_complete) { printf("load: %s does not export: %s\n", argv[1], m.missing); return 1; }
    int problems = part_a(&m, blocks, mem_mb);
    problems += part_b(argv[1]);
    mh_unload(&m);
    return problems > 0;
}
