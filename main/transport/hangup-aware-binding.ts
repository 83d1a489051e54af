// serialport's own binding, except that a read that returns end of file ends the port as a
// hang-up instead of reading again.
//
// When a tty's device goes away the kernel hangs the tty up: a USB serial adapter or a modem's
// option port unplugged (drivers/usb/serial/usb-serial.c, usb_serial_disconnect: tty_vhangup),
// a PTY whose master side closed (drivers/tty/pty.c, pty_close: tty_vhangup of the slave). From
// then on read(2) on the open descriptor returns 0 (drivers/tty/tty_io.c, hung_up_tty_read).
// @serialport/bindings-cpp 13 (dist/unix-read.js) reads again at once when a read returns 0,
// without waiting for the descriptor to be readable, so a port hung up that way spun forever: a
// core at 100%, a promise per turn, never a close (seen in our own tests, one run in many, when
// the hang-up won the race against the EIO that reads return just before it).
//
// Only read is ours; open, write, close and the modem lines stay the binding's.

import fs from 'node:fs';
import { promisify } from 'node:util';
import type { LinuxBindingInterface, LinuxOpenOptions, LinuxPortBinding } from '@serialport/bindings-cpp';
import { SerialPort } from 'serialport';

// The binding serialport detected for this platform: bindings-cpp's Linux one, where this tool runs.
const detected = SerialPort.binding as LinuxBindingInterface;

const readFd = promisify(fs.read);

/** The read in progress when the port closed: the stream ignores a read error marked so. */
const cancelled = (): Error => Object.assign(new Error('Port is not open'), { canceled: true });

/** The stream closes the port on any other read error and reports it as a DisconnectedError
 *  made of its message alone: the "EIO" the message begins with, not the code, is how the
 *  transport (serial-port.ts) tells a device gone from other failures. */
const hungUp = (): Error => Object.assign(new Error('EIO: the tty was hung up (end of file on read): the device went away'), { code: 'EIO' });

/** The poller says when the descriptor is readable, and says so with an error once the port closes. */
function readable(port: LinuxPortBinding): Promise<void> {
  return new Promise((resolve, reject) => {
    port.poller.once('readable', (err) => (err ? reject(err) : resolve()));
  });
}

// End of file means a hang-up only for a read that asks for bytes on a tty opened with VMIN at
// least 1 (bindings-cpp's default, which the transport keeps): such a read either has a byte or
// fails with EAGAIN. bindings-cpp's checks of the arguments are left out: the stream passes its
// own pool.
async function readUntilHangUp(port: LinuxPortBinding, buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
  if (length === 0) return { buffer, bytesRead: 0 };
  for (;;) {
    if (!port.isOpen || port.fd === null) throw cancelled();
    let bytesRead: number;
    try {
      ({ bytesRead } = await readFd(port.fd, buffer, offset, length, null));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw e;
      // Closed while the read was in the thread pool: its poller is destroyed, and polling a
      // destroyed one crashes the process (a native handle freed).
      if (!port.isOpen) throw cancelled();
      await readable(port);
      continue;
    }
    if (bytesRead > 0) return { buffer, bytesRead };
    throw hungUp();
  }
}

/** serialport's binding with hang-up-aware reads. */
export const hangupAwareBinding: LinuxBindingInterface = {
  list: () => detected.list(),
  async open(options: LinuxOpenOptions): Promise<LinuxPortBinding> {
    const port = await detected.open(options);
    port.read = (buffer: Buffer, offset: number, length: number) => readUntilHangUp(port, buffer, offset, length);
    return port;
  },
};
