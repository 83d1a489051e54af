/* LD_PRELOAD in front of umockdev's, for running ModemManager under umockdev-run in tests.
 * umockdev answers ioctl(TIOCEXCL) with ENOTTY on its emulated tty nodes, and ModemManager
 * gives up on a serial port it cannot lock ("Could not lock serial device"). Exclusive mode
 * is only a courtesy lock, so reporting success is harmless in a test's private world. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <termios.h>

int ioctl(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    static int (*next_ioctl)(int, unsigned long, void *);
    if (!next_ioctl) next_ioctl = (int (*)(int, unsigned long, void *))dlsym(RTLD_NEXT, "ioctl");
    int r = next_ioctl(fd, request, arg);
    if (r < 0 && (request == TIOCEXCL || request == TIOCNXCL)) return 0;
    return r;
}
