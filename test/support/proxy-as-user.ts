// Child for the qmi-proxy-as-a-normal-user test, run as root inside its own network namespace
// (`unshare -n`: qmi-proxy's abstract socket is per namespace, so no other test's proxy is
// seen and ours disturbs nobody). argv[2] "root-proxy": start a root qmi-proxy first, as
// ModemManager would. Then runs `modem-doctor qmi --proxy` as user nobody and prints
// {code, stdout} as one JSON line; ends the proxy it started.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { BIN } from './run-cli.ts';

const NOBODY = 65534;
let proxy: ReturnType<typeof spawn> | undefined;
if (process.argv[2] === 'root-proxy') {
  proxy = spawn('/usr/libexec/qmi-proxy', ['--no-exit'], { stdio: 'ignore' });
  const end = Date.now() + 5000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.createConnection({ path: '\0qmi-proxy' });
      s.once('connect', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > end) throw new Error('the root qmi-proxy did not start listening');
    await new Promise((r) => setTimeout(r, 50));
  }
}
const child = spawn(process.execPath, [BIN, 'qmi', '--proxy', '--device', '/dev/null', 'dms', 'get-ids'],
  { uid: NOBODY, gid: NOBODY, cwd: '/', stdio: ['ignore', 'pipe', 'inherit'] });
let stdout = '';
child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
const killer = setTimeout(() => child.kill('SIGKILL'), 30000);
const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
clearTimeout(killer);
if (proxy) {
  proxy.kill('SIGTERM');
  if (proxy.exitCode === null) await new Promise((r) => proxy!.once('exit', r));
}
process.stdout.write(`${JSON.stringify({ code, stdout })}\n`);
