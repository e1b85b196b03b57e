// csupport.h: what tmkit needs from C that Swift cannot do safely: signal handlers.
#ifndef TMKIT_CSUPPORT_H
#define TMKIT_CSUPPORT_H

#ifdef __cplusplus
extern "C" {
#endif

/// Remembers a temporary file to remove if the process is ended by SIGINT, SIGTERM, SIGHUP or
/// SIGPIPE (at most 64 at once; more are not removed). Returns 0, or -1 when the table is full.
int tmk_cleanup_add(const char *_Nonnull path);
/// Forgets a temporary file (it was renamed into place or removed).
void tmk_cleanup_remove(const char *_Nonnull path);
/// Installs the handlers (once): they remove the files, then end the process by the same signal.
void tmk_cleanup_install(void);

#ifdef __cplusplus
}
#endif

#endif
