#include "csupport.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLOTS 64
#define PATH_BYTES 4096

// Each slot holds a path, or an empty string. A slot is written only while it is empty and
// marked busy, so the handler never reads a half-written path (it reads only ready slots).
static char paths[SLOTS][PATH_BYTES];
static volatile sig_atomic_t ready[SLOTS];

int tmk_cleanup_add(const char *path) {
    size_t length = strlen(path);
    if (length >= PATH_BYTES) return -1;
    for (int i = 0; i < SLOTS; i++) {
        if (!ready[i] && paths[i][0] == 0) {
            memcpy(paths[i], path, length + 1);
            ready[i] = 1;
            return 0;
        }
    }
    return -1;
}

void tmk_cleanup_remove(const char *path) {
    for (int i = 0; i < SLOTS; i++) {
        if (ready[i] && strcmp(paths[i], path) == 0) {
            ready[i] = 0;
            paths[i][0] = 0;
            return;
        }
    }
}

static void on_signal(int number) {
    for (int i = 0; i < SLOTS; i++) {
        if (ready[i]) unlink(paths[i]);  // async-signal-safe
    }
    signal(number, SIG_DFL);
    raise(number);
}

void tmk_cleanup_install(void) {
    static int installed = 0;
    if (installed) return;
    installed = 1;
    int numbers[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (unsigned i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        struct sigaction current;
        if (sigaction(numbers[i], NULL, &current) != 0) continue;
        // A signal the caller chose to ignore (nohup, SIGPIPE ignored) stays ignored.
        if (current.sa_handler == SIG_IGN) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        sigaction(numbers[i], &action, NULL);
    }
}
