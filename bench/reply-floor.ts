// What one reply of the virtual modem takes at the least, measured in the same run: a bare
// client (no codec, no log, no probes) sends one harmless request at a time and times the reply.
// The simulator waits its --latency-qmi / --latency-at, but every reply also crosses the PTY
// twice and the simulator's event loop, on the same two cores as everything else:
// that is the modem's cost here, not ours. The critical path is reported both with the issue's
// nominal latencies (overheadRatio, the figure the target is about) and with these measured
// ones (details.overhead.measuredReplyRatio), so that what the modem's plumbing costs can be
// told from what the doctor costs.

import fs from 'node:fs';
import tty from 'node:tty';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Opens a PTY port raw, runs `ask` `count` times one after another (each resolves on the whole
 *  reply, judged by `complete` on what arrived), returns the median round trip in ms. */
async function roundTrips(port: string, count: number, request: (i: number) => Buffer, complete: (got: Buffer) => boolean): Promise<number> {
  const fd = fs.openSync(port, fs.constants.O_RDWR | fs.constants.O_NOCTTY | fs.constants.O_NONBLOCK);
  const stream = new tty.ReadStream(fd);
  stream.setRawMode(true);
  let got = Buffer.alloc(0);
  let done: (() => void) | undefined;
  stream.on('data', (b: Buffer) => {
    got = Buffer.concat([got, b]);
    if (complete(got)) { got = Buffer.alloc(0); done?.(); }
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no reply on ${port} within 2 s`)), 2000);
        done = () => { clearTimeout(timer); resolve(); };
        fs.writeSync(fd, request(i));
      });
      times.push(performance.now() - t);
    }
  } finally {
    stream.destroy(); // closes fd
  }
  return median(times);
}

/** CTL Get Version Info (libqmi qmi-service-ctl.json, 0x0021): answered by the modem, changes nothing. */
function ctlVersionInfo(i: number): Buffer {
  const f = Buffer.from([0x01, 0, 0, 0x00, 0x00, 0x00, 0x00, (i % 250) + 1, 0x21, 0x00, 0x00, 0x00]);
  f.writeUInt16LE(f.length - 1, 1);
  return f;
}

const wholeQmuxFrame = (b: Buffer): boolean => b.length >= 3 && b.length >= b.readUInt16LE(1) + 1;
const finalOk = (b: Buffer): boolean => b.toString('latin1').includes('\r\nOK\r\n');

export interface ReplyFloor { qmiMs: number; atMs: number | null }

/** The median round trip of a bare QMI request and (when there is an AT port) a bare AT. */
export async function measureReplyFloor(ports: { qmi: string | null; at: string[] }, count = 30): Promise<ReplyFloor> {
  if (!ports.qmi) throw new Error('no QMI port');
  const qmiMs = await roundTrips(ports.qmi, count, ctlVersionInfo, wholeQmuxFrame);
  const at = ports.at[0];
  const atMs = at ? await roundTrips(at, Math.ceil(count / 3), () => Buffer.from('AT\r'), finalOk) : null;
  return { qmiMs, atMs };
}
