// Hangs a tty up the way the kernel does when a USB serial port's device is unplugged
// (drivers/usb/serial/usb-serial.c: tty_vhangup): TIOCVHANGUP (include/uapi/asm-generic/ioctls.h)
// on it. Every descriptor of that tty reads end of file from then on; on a PTY slave the master
// stays open, so no EIO comes first. Needs CAP_SYS_ADMIN (tests: skipUnlessRoot).

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const TIOCVHANGUP = 0x5437;

export async function hangUpTty(path: string): Promise<void> {
  await promisify(execFile)('python3', ['-c',
    `import fcntl, os, sys\nfd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)\nfcntl.ioctl(fd, ${TIOCVHANGUP})`, path], { timeout: 10_000 });
}
