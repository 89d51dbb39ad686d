/* Finds a Java runtime and starts the engine on a thread of our own.
 * Lookup order: $UNDERSTUDY_JAVA_HOME, <bundle>/Contents/Resources/jre, $JAVA_HOME, java on PATH. */
#include "jvm.h"

#include <dirent.h>
#include <stdarg.h>
#include <dlfcn.h>
#include <jni.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bridge.h"
#include "instance.h"
#include "log.h"

#define BOOT_CLASS "org/understudy/bridge/Boot"
#define MIN_JAVA 17

static atomic_int status = US_JVM_NOT_STARTED;
static char message[1024] = "Java engine not started yet";
static pthread_mutex_t message_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t boot_start_ns;
static atomic_llong boot_nanos = -1;

int us_jvm_status(void) { return atomic_load(&status); }

const char *us_jvm_message(void) {
    static _Thread_local char copy[sizeof message];          /* one copy per calling thread */
    pthread_mutex_lock(&message_lock);
    memcpy(copy, message, sizeof copy);
    pthread_mutex_unlock(&message_lock);
    return copy;
}

static void set_status(int s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_status(int s, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    pthread_mutex_lock(&message_lock);
    vsnprintf(message, sizeof message, fmt, ap);
    pthread_mutex_unlock(&message_lock);
    va_end(ap);
    atomic_store(&status, s);
    us_log("%s", us_jvm_message());
    if (s == US_JVM_NO_JAVA || s == US_JVM_FAILED) us_events_discard();
}

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void us_bridge_ready(void) {
    atomic_store(&boot_nanos, now_ns() - boot_start_ns);
    set_status(US_JVM_RUNNING, "Java engine running (started in %.0f ms)", atomic_load(&boot_nanos) / 1e6);
}

int64_t us_bridge_boot_nanos(void) { return atomic_load(&boot_nanos); }

/* ---- where things are ----------------------------------------------------------------------- */

typedef struct paths {
    char shim[PATH_MAX];          /* .../Understudy.vst3/Contents/x86_64-linux/Understudy.so */
    char binary_dir[PATH_MAX];    /* .../Contents/x86_64-linux */
    char resources[PATH_MAX];     /* .../Contents/Resources */
    char java_home[PATH_MAX];
    char libjvm[PATH_MAX];
} paths;

static int file_exists(const char *p) { struct stat st; return stat(p, &st) == 0 && S_ISREG(st.st_mode); }

static int find_bundle(paths *p) {
    Dl_info info;
    if (!dladdr((void *)&us_jvm_request, &info) || !info.dli_fname) return 0;
    if (!realpath(info.dli_fname, p->shim)) return 0;
    snprintf(p->binary_dir, sizeof p->binary_dir, "%s", p->shim);
    char *slash = strrchr(p->binary_dir, '/');
    if (!slash) return 0;
    *slash = 0;
    snprintf(p->resources, sizeof p->resources, "%s/../Resources", p->binary_dir);
    char resolved[PATH_MAX];
    if (realpath(p->resources, resolved)) snprintf(p->resources, sizeof p->resources, "%s", resolved);
    return 1;
}

/* JAVA_VERSION="17.0.15" in <home>/release; 0 when unknown. */
static int java_major(const char *home) {
    char path[PATH_MAX], line[256];
    snprintf(path, sizeof path, "%s/release", home);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    int major = 0;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "JAVA_VERSION=\"", 14) == 0) { major = atoi(line + 14); if (major == 1) major = 8; break; }
    }
    fclose(f);
    return major;
}

static int try_home(paths *p, const char *home, const char *origin, char *tried, size_t tried_cap) {
    if (!home || !*home) return 0;
    char lib[PATH_MAX];
    snprintf(lib, sizeof lib, "%s/lib/server/libjvm.so", home);
    size_t used = strlen(tried);
    snprintf(tried + used, tried_cap - used, "%s%s (%s)", used ? ", " : "", home, origin);
    if (!file_exists(lib)) return 0;
    const int major = java_major(home);
    if (major && major < MIN_JAVA) {
        us_log("skipping Java %d at %s: Understudy needs %d or newer", major, home, MIN_JAVA);
        return 0;
    }
    snprintf(p->java_home, sizeof p->java_home, "%s", home);
    snprintf(p->libjvm, sizeof p->libjvm, "%s", lib);
    return 1;
}

static int find_java(paths *p, char *tried, size_t cap) {
    char home[PATH_MAX];
    if (try_home(p, getenv("UNDERSTUDY_JAVA_HOME"), "UNDERSTUDY_JAVA_HOME", tried, cap)) return 1;
    snprintf(home, sizeof home, "%s/jre", p->resources);
    if (try_home(p, home, "bundled", tried, cap)) return 1;
    if (try_home(p, getenv("JAVA_HOME"), "JAVA_HOME", tried, cap)) return 1;
    const char *path = getenv("PATH");
    char dirs[4096];
    snprintf(dirs, sizeof dirs, "%s", path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
    for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
        char java[PATH_MAX], real[PATH_MAX];
        snprintf(java, sizeof java, "%s/java", d);
        if (!file_exists(java) || !realpath(java, real)) continue;
        char *bin = strstr(real, "/bin/java");
        if (!bin) continue;
        *bin = 0;
        if (try_home(p, real, "java on PATH", tried, cap)) return 1;
    }
    return 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Colon-separated, sorted list of the jars in <resources>/java; malloc'd. */
static char *class_path(const paths *p) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/java", p->resources);
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char *names[512];
    int n = 0;
    size_t total = 1;
    for (struct dirent *e; (e = readdir(d)) && n < 512;) {
        size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".jar") == 0) {
            names[n] = strdup(e->d_name);
            total += strlen(dir) + len + 2;
            n++;
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    char *cp = calloc(1, total);
    for (int i = 0; i < n; i++) {
        if (cp) {
            if (i) strcat(cp, ":");
            strcat(cp, dir);
            strcat(cp, "/");
            strcat(cp, names[i]);
        }
        free(names[i]);
    }
    return n ? cp : (free(cp), NULL);
}

/* ---- starting the VM ------------------------------------------------------------------------ */

typedef jint (*create_vm_fn)(JavaVM **, void **, void *);
typedef jint (*created_vms_fn)(JavaVM **, jsize, jsize *);

static char *describe_exception(JNIEnv *env) {
    static char text[512];
    jthrowable ex = (*env)->ExceptionOccurred(env);
    if (!ex) return "no exception";
    (*env)->ExceptionClear(env);
    snprintf(text, sizeof text, "a Java exception");
    jclass object = (*env)->FindClass(env, "java/lang/Object");
    jmethodID to_string = object ? (*env)->GetMethodID(env, object, "toString", "()Ljava/lang/String;") : NULL;
    jstring s = to_string ? (*env)->CallObjectMethod(env, ex, to_string) : NULL;
    if (s) {
        const char *utf = (*env)->GetStringUTFChars(env, s, NULL);
        if (utf) { snprintf(text, sizeof text, "%s", utf); (*env)->ReleaseStringUTFChars(env, s, utf); }
    }
    (*env)->ExceptionClear(env);
    return text;
}

/* In a VM someone else created: new URLClassLoader(our jars) and load Boot through it. */
static jclass load_boot_with_own_loader(JNIEnv *env, const char *cp) {
    jclass file_cls = (*env)->FindClass(env, "java/io/File");
    jclass url_cls = (*env)->FindClass(env, "java/net/URL");
    jclass loader_cls = (*env)->FindClass(env, "java/net/URLClassLoader");
    jclass cl_cls = (*env)->FindClass(env, "java/lang/ClassLoader");
    if (!file_cls || !url_cls || !loader_cls || !cl_cls) return NULL;
    jmethodID file_new = (*env)->GetMethodID(env, file_cls, "<init>", "(Ljava/lang/String;)V");
    jmethodID to_uri = (*env)->GetMethodID(env, file_cls, "toURI", "()Ljava/net/URI;");
    jclass uri_cls = (*env)->FindClass(env, "java/net/URI");
    jmethodID to_url = (*env)->GetMethodID(env, uri_cls, "toURL", "()Ljava/net/URL;");
    jmethodID system_loader = (*env)->GetStaticMethodID(env, cl_cls, "getSystemClassLoader", "()Ljava/lang/ClassLoader;");
    jmethodID loader_new = (*env)->GetMethodID(env, loader_cls, "<init>", "([Ljava/net/URL;Ljava/lang/ClassLoader;)V");
    jmethodID load_class = (*env)->GetMethodID(env, cl_cls, "loadClass", "(Ljava/lang/String;)Ljava/lang/Class;");
    int count = 1;
    for (const char *c = cp; *c; c++) count += *c == ':';
    jobjectArray urls = (*env)->NewObjectArray(env, count, url_cls, NULL);
    char *copy = strdup(cp);
    int i = 0;
    for (char *save = NULL, *jar = strtok_r(copy, ":", &save); jar; jar = strtok_r(NULL, ":", &save)) {
        jobject file = (*env)->NewObject(env, file_cls, file_new, (*env)->NewStringUTF(env, jar));
        jobject url = (*env)->CallObjectMethod(env, (*env)->CallObjectMethod(env, file, to_uri), to_url);
        (*env)->SetObjectArrayElement(env, urls, i++, url);
    }
    free(copy);
    jobject parent = (*env)->CallStaticObjectMethod(env, cl_cls, system_loader);
    jobject loader = (*env)->NewObject(env, loader_cls, loader_new, urls, parent);
    if ((*env)->ExceptionCheck(env) || !loader) return NULL;
    jobject cls = (*env)->CallObjectMethod(env, loader, load_class, (*env)->NewStringUTF(env, "org.understudy.bridge.Boot"));
    return (*env)->ExceptionCheck(env) ? NULL : (jclass)cls;
}

static void *boot_thread(void *unused) {
    (void)unused;
    paths p;
    memset(&p, 0, sizeof p);
    if (!find_bundle(&p)) { set_status(US_JVM_FAILED, "Cannot locate the Understudy bundle on disk"); return NULL; }

    char tried[2048] = "";
    if (!find_java(&p, tried, sizeof tried)) {
        set_status(US_JVM_NO_JAVA,
                   "No Java %d+ runtime found (tried: %s). Install a JDK or set UNDERSTUDY_JAVA_HOME, then reload the plugin.",
                   MIN_JAVA, tried[0] ? tried : "nothing set");
        return NULL;
    }
    char *cp = class_path(&p);
    if (!cp) { set_status(US_JVM_FAILED, "No engine jars in %s/java: the bundle is incomplete", p.resources); return NULL; }

    void *jvm_lib = dlopen(p.libjvm, RTLD_NOW | RTLD_LOCAL);
    if (!jvm_lib) { set_status(US_JVM_FAILED, "Cannot load %s: %s", p.libjvm, dlerror()); free(cp); return NULL; }
    created_vms_fn created = (created_vms_fn)dlsym(jvm_lib, "JNI_GetCreatedJavaVMs");
    create_vm_fn create = (create_vm_fn)dlsym(jvm_lib, "JNI_CreateJavaVM");
    if (!created || !create) { set_status(US_JVM_FAILED, "%s is not a JVM library", p.libjvm); free(cp); return NULL; }

    JavaVM *vm = NULL;
    JNIEnv *env = NULL;
    jclass boot = NULL;
    jsize existing = 0;
    if (created(&vm, 1, &existing) == JNI_OK && existing > 0) {
        us_log("reusing the Java VM already in this process");
        JavaVMAttachArgs attach = {JNI_VERSION_10, "understudy-bridge", NULL};
        if ((*vm)->AttachCurrentThread(vm, (void **)&env, &attach) != JNI_OK) {
            set_status(US_JVM_FAILED, "Cannot attach to the existing Java VM");
            free(cp);
            return NULL;
        }
        boot = load_boot_with_own_loader(env, cp);
    } else {
        char opt_cp[65536], opt_jna[PATH_MAX + 64], opt_shim[PATH_MAX + 64], opt_headless[64], opt_error[PATH_MAX + 64];
        snprintf(opt_cp, sizeof opt_cp, "-Djava.class.path=%s", cp);
        snprintf(opt_jna, sizeof opt_jna, "-Djna.boot.library.path=%s", p.binary_dir);
        snprintf(opt_shim, sizeof opt_shim, "-Dunderstudy.shim=%s", p.shim);
        /* A JVM fatal-error report must not land in the host's working directory. */
        const char *tmp = getenv("TMPDIR");
        snprintf(opt_error, sizeof opt_error, "-XX:ErrorFile=%s/understudy-java-error-%%p.log", tmp && *tmp ? tmp : "/tmp");
        const char *display = getenv("DISPLAY");
        snprintf(opt_headless, sizeof opt_headless, "-Djava.awt.headless=%s", display && *display ? "false" : "true");
        JavaVMOption opts[20] = {
            {opt_cp, NULL}, {"-Xrs", NULL}, {"-Xss2m", NULL}, {"-Xmx1g", NULL}, {"-XX:+UseSerialGC", NULL}, {"-XX:-UsePerfData", NULL},
            {opt_jna, NULL}, {"-Djna.nounpack=true", NULL}, {"-Djna.nosys=true", NULL}, {opt_shim, NULL},
            {opt_headless, NULL}, {"--add-exports=java.desktop/sun.awt.X11=ALL-UNNAMED", NULL}, {opt_error, NULL},
            {"-XX:ErrorLogTimeout=5", NULL},        /* a crash anywhere in the host must not hang it for minutes */
        };
        int n = 14;
        char *extra = getenv("UNDERSTUDY_JVM_OPTIONS") ? strdup(getenv("UNDERSTUDY_JVM_OPTIONS")) : NULL;
        for (char *save = NULL, *o = extra ? strtok_r(extra, " ", &save) : NULL; o && n < 20; o = strtok_r(NULL, " ", &save))
            opts[n++].optionString = o;
        JavaVMInitArgs args = {JNI_VERSION_10, n, opts, JNI_FALSE};
        const jint rc = create(&vm, (void **)&env, &args);
        free(extra);
        if (rc != JNI_OK) {
            set_status(US_JVM_FAILED, "Java at %s refused to start (JNI error %d)", p.java_home, (int)rc);
            free(cp);
            return NULL;
        }
        boot = (*env)->FindClass(env, BOOT_CLASS);
    }
    free(cp);
    if (!boot) { set_status(US_JVM_FAILED, "Engine classes missing: %s", describe_exception(env)); return NULL; }
    jmethodID run = (*env)->GetStaticMethodID(env, boot, "run", "(Ljava/lang/String;)V");
    if (!run) { set_status(US_JVM_FAILED, "Engine entry point missing: %s", describe_exception(env)); return NULL; }
    us_log("Java %s from %s", java_major(p.java_home) ? "runtime" : "runtime (version unknown)", p.java_home);
    /* Serves events until the process ends; it only returns when Java gave up. */
    (*env)->CallStaticVoidMethod(env, boot, run, (*env)->NewStringUTF(env, p.shim));
    set_status(US_JVM_FAILED, "The Java engine stopped: %s", describe_exception(env));
    return NULL;
}

void us_jvm_wait_if_asked(void) {
    const char *v = getenv("UNDERSTUDY_WAIT_FOR_JAVA_MS");
    if (!v) return;
    const struct timespec tick = {0, 5000000};
    for (long waited = 0; waited < atol(v) && us_jvm_status() == US_JVM_STARTING; waited += 5) nanosleep(&tick, NULL);
}

void us_jvm_request(void) {
    int expected = US_JVM_NOT_STARTED;
    if (!atomic_compare_exchange_strong(&status, &expected, US_JVM_STARTING)) return;
    boot_start_ns = now_ns();
    /* Never unload this module from now on: our thread, and later Java, run code in it. */
    Dl_info self;
    if (dladdr((void *)&us_jvm_request, &self) && self.dli_fname) dlopen(self.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    if (getenv("UNDERSTUDY_BRIDGE_EXTERNAL")) {  /* tests: the caller drains events in Java's place */
        set_status(US_JVM_STARTING, "Waiting for an external bridge client");
        return;
    }
    set_status(US_JVM_STARTING, "Starting the Java engine...");
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 8u << 20);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    if (pthread_create(&thread, &attr, boot_thread, NULL) != 0)
        set_status(US_JVM_FAILED, "Cannot create the Java start thread");
    pthread_attr_destroy(&attr);
}
