// Installs the Debian packages the tests use as real referees (libqmi's qmicli and qmi-proxy,
// python3 to unlock the virtual modems' pseudo-terminals, socat for their network interface,
// umockdev for a fake USB bus, a real ModemManager with its own
// dbus-daemon and polkitd, gcc for the small LD_PRELOAD shim it runs with; busybox udhcpc and ping
// on the virtual modem's data plane). Runs before `npm test`.
// As root it installs what is missing with apt-get; otherwise it names the command to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const needs = [
  { pkg: 'libqmi-utils', file: '/usr/bin/qmicli' },
  { pkg: 'libqmi-proxy', file: '/usr/libexec/qmi-proxy' },
  { pkg: 'python3', file: '/usr/bin/python3' },
  { pkg: 'socat', file: '/usr/bin/socat' },
  { pkg: 'umockdev', file: '/usr/bin/umockdev-run' },
  { pkg: 'modemmanager', file: '/usr/sbin/ModemManager' },
  { pkg: 'dbus-daemon', file: '/usr/bin/dbus-daemon' },
  { pkg: 'polkitd', file: '/usr/lib/polkit-1/polkitd' },
  { pkg: 'gcc', file: '/usr/bin/gcc' },
  { pkg: 'libc6-dev', file: '/usr/include/dlfcn.h' },
  { pkg: 'iproute2', file: '/usr/sbin/ip' },
  { pkg: 'util-linux', file: '/usr/bin/nsenter' },
  { pkg: 'udhcpc', file: '/usr/sbin/udhcpc' },
  { pkg: 'iputils-ping', file: '/usr/bin/ping' },
  // The browser the end-to-end tests drive (playwright-core, through `modem-doctor serve`).
  // Without it, as a normal user, those tests skip and say why; the others still run.
  { pkg: 'chromium', file: '/usr/bin/chromium', optional: true },
];
const missing = needs.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

if (process.getuid?.() !== 0) {
  if (needs.every((n) => n.optional || existsSync(n.file))) {
    process.stderr.write(`Not installed: ${missing.join(' ')} (the end-to-end tests skip without it; as root: apt-get install -y ${missing.join(' ')})\n`);
    process.exit(0);
  }
  process.stderr.write(`The tests need these Debian packages: ${missing.join(' ')}\n` +
    `Install them with: sudo apt-get install -y ${missing.join(' ')}\n`);
  process.exit(1);
}
process.stderr.write(`Installing test dependencies: ${missing.join(' ')}\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
