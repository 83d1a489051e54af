#!/usr/bin/env node
// Modem Doctor's privileged helper: the only code of the project that runs as root. It does one
// of a fixed list of things (the VERBS table below), each argument checked against a strict
// rule before anything is touched; any other request is refused. It runs no shell: programs are
// started with execFile and an argument array.
//
// Started with pkexec by a normal user (polkit asks for an administrator's password; the policy
// is build/polkit/org.modemdoctor.helper.policy), directly when the caller is already root.
// Plain JavaScript on purpose: it must run on the system's own Node (Debian 12 ships Node 20,
// which cannot run TypeScript) without the project's dependencies, as one file.
//
// Output: one JSON line on stdout, {"ok":true|false,"verb":...,"code":...,"message":...}, and
// the message on stderr when it failed. Exit codes: 0 done (or nothing to do), 1 the system
// refused or failed, 2 the request was refused (unknown verb, bad argument), 3 not root.
// 126 and 127 are never used: pkexec exits with them when polkit says no.
//
// For tests, three roots can be moved, only when the helper was NOT started through pkexec
// (pkexec sets PKEXEC_UID, and clears the environment anyway):
//   MODEM_DOCTOR_SYSFS_ROOT      instead of /sys
//   MODEM_DOCTOR_UDEV_RULES_DIR  instead of /etc/udev/rules.d
//   PATH                         where systemctl, ip and udevadm are found (fake ones in tests)

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_REFUSED = 2;
const EXIT_NOT_ROOT = 3;

const viaPkexec = process.env.PKEXEC_UID !== undefined;
const SYSFS_ROOT = (!viaPkexec && process.env.MODEM_DOCTOR_SYSFS_ROOT) || '/sys';
const RULES_DIR = (!viaPkexec && process.env.MODEM_DOCTOR_UDEV_RULES_DIR) || '/etc/udev/rules.d';
const SAFE_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';
// Children get a clean environment: a known PATH and untranslated messages (matched below).
const CHILD_ENV = { PATH: (!viaPkexec && process.env.PATH) || SAFE_PATH, LC_ALL: 'C' };

const MM_UNIT = 'ModemManager.service';

// ---- argument rules -------------------------------------------------------------------------

/** The kernel's rule for interface names (net/core/dev.c, dev_valid_name()): 1..15 bytes, not
 *  "." or "..", no '/', ':' or white space; and no leading '-' so no tool reads it as an option. */
const IFACE = {
  name: 'IFACE',
  problem(v) {
    if (v.length === 0) return 'an interface name cannot be empty';
    if (Buffer.byteLength(v, 'utf8') > 15) return 'an interface name has at most 15 bytes (IFNAMSIZ is 16)';
    if (v === '.' || v === '..') return `"${v}" is not an interface name`;
    if (/[/:\s]/.test(v)) return 'an interface name cannot contain "/", ":" or white space';
    if (v.startsWith('-')) return 'an interface name cannot start with "-"';
    return undefined;
  },
  normal: (v) => v,
};

function hex4(name) {
  return {
    name,
    problem: (v) => (/^[0-9a-fA-F]{4}$/.test(v) ? undefined : `${name} is four hexadecimal digits, like 2c7c`),
    // sysfs prints idVendor/idProduct in lower case; udev compares them as text.
    normal: (v) => v.toLowerCase(),
  };
}

function oneOf(name, values, says) {
  return { name, problem: (v) => (values.includes(v) ? undefined : says), normal: (v) => v };
}

const VID = hex4('VID');
const PID = hex4('PID');
const RAW_IP = oneOf('Y|N', ['Y', 'N'], 'raw_ip is Y (raw IP) or N (802.3 Ethernet frames), a capital letter');
const GROUP = oneOf('GROUP', ['dialout', 'plugdev'], 'the group is dialout or plugdev');

// ---- results --------------------------------------------------------------------------------

class Failure extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function finish(exitCode, result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!result.ok) process.stderr.write(`modem-doctor-helper: ${result.message}\n`);
  process.exitCode = exitCode;
}

// ---- running programs -----------------------------------------------------------------------

function run(program, args, timeoutMs = 30000) {
  return new Promise((resolve) => {
    execFile(program, args, { env: CHILD_ENV, timeout: timeoutMs, maxBuffer: 1 << 20, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve({ ok: true, status: 0, stdout, stderr });
      const missing = err.code === 'ENOENT';
      resolve({ ok: false, missing, status: typeof err.code === 'number' ? err.code : undefined, timedOut: err.killed === true, stdout, stderr });
    });
  });
}

function describeRun(program, args, r) {
  if (r.missing) return `${program} is not installed (not found on ${CHILD_ENV.PATH})`;
  if (r.timedOut) return `\`${program} ${args.join(' ')}\` did not finish in time`;
  const said = (r.stderr || r.stdout).trim().split('\n').slice(0, 3).join(' ').slice(0, 300);
  return `\`${program} ${args.join(' ')}\` failed (exit ${r.status ?? '?'})${said ? `: ${said}` : ''}`;
}

async function mustRun(program, args) {
  const r = await run(program, args);
  if (!r.ok) throw new Failure(r.missing ? 'missing-tool' : 'failed', describeRun(program, args, r));
  return r;
}

// ---- verbs ----------------------------------------------------------------------------------

async function stopModemManager() {
  // ModemManager is D-Bus activatable through systemd: any program asking for
  // org.freedesktop.ModemManager1 would start it again right away. A runtime mask (gone at the
  // next boot, undone by start-modemmanager) keeps it stopped until the user says otherwise.
  await mustRun('systemctl', ['mask', '--runtime', MM_UNIT]);
  const r = await run('systemctl', ['stop', MM_UNIT]);
  if (!r.ok) {
    await run('systemctl', ['unmask', '--runtime', MM_UNIT]);
    // systemctl's exit status 5: "unit not loaded" (systemctl(1), EXIT STATUS).
    if (r.status === 5) throw new Failure('not-found', 'ModemManager is not installed as a systemd service here (nothing to stop).');
    throw new Failure('failed', describeRun('systemctl', ['stop', MM_UNIT], r));
  }
  return { changed: true, message: 'ModemManager is stopped and will stay stopped until start-modemmanager or the next boot.' };
}

async function startModemManager() {
  await mustRun('systemctl', ['unmask', '--runtime', MM_UNIT]);
  const r = await run('systemctl', ['start', MM_UNIT]);
  if (!r.ok) {
    if (r.status === 5) throw new Failure('not-found', 'ModemManager is not installed as a systemd service here (nothing to start).');
    throw new Failure('failed', describeRun('systemctl', ['start', MM_UNIT], r));
  }
  return { changed: true, message: 'ModemManager is running again.' };
}

async function readAttr(file) {
  try {
    return (await fs.promises.readFile(file, 'utf8')).trim();
  } catch {
    return undefined;
  }
}

function busyMessage(iface) {
  return `The kernel refuses to change raw_ip on ${iface} while the interface is up (EBUSY: qmi_wwan does not ` +
    `change the framing of a running interface). Bring the link down first (link-down ${iface}), then set raw_ip, then link-up.`;
}

async function setRawIp(iface, mode) {
  // drivers/net/usb/qmi_wwan.c, raw_ip_store(): -EBUSY while netif_running().
  const dir = path.join(SYSFS_ROOT, 'class', 'net', iface);
  const file = path.join(dir, 'qmi', 'raw_ip');
  const before = await readAttr(file);
  if (before === undefined) throw new Failure('not-found', `${iface} has no qmi/raw_ip: there is no such interface, or qmi_wwan does not drive it.`);
  if (before === mode) return { changed: false, message: `raw_ip on ${iface} is already ${mode}.` };
  const flags = await readAttr(path.join(dir, 'flags'));
  if (flags !== undefined && /^0x[0-9a-f]+$/i.test(flags) && (Number.parseInt(flags, 16) & 0x1) !== 0) throw new Failure('busy', busyMessage(iface));
  let handle;
  try {
    // Written, never created: O_WRONLY without O_CREAT.
    handle = await fs.promises.open(file, fs.constants.O_WRONLY);
    await handle.write(`${mode}\n`, 0);
  } catch (e) {
    if (e.code === 'EBUSY') throw new Failure('busy', busyMessage(iface));
    if (e.code === 'EINVAL') throw new Failure('failed', `The kernel refused raw_ip=${mode} on ${iface} (EINVAL; with pass_through set it cannot be cleared).`);
    throw new Failure('failed', `Could not write raw_ip on ${iface}: ${e.code ?? e.message}.`);
  } finally {
    await handle?.close();
  }
  return { changed: true, message: `raw_ip on ${iface} is now ${mode} (was ${before}).` };
}

async function setLink(iface, state) {
  const args = ['link', 'set', 'dev', iface, state];
  const r = await run('ip', args);
  if (!r.ok) {
    if (/cannot find device|does not exist/i.test(r.stderr)) throw new Failure('not-found', `There is no network interface called ${iface}.`);
    throw new Failure(r.missing ? 'missing-tool' : 'failed', describeRun('ip', args, r));
  }
  return { changed: true, message: `${iface} is ${state}.` };
}

function ignoreRulePath(vid, pid) {
  return path.join(RULES_DIR, `77-modem-doctor-mm-ignore-${vid}-${pid}.rules`);
}

function portsRulePath(vid, pid) {
  return path.join(RULES_DIR, `70-modem-doctor-ports-${vid}-${pid}.rules`);
}

// ModemManager honours ID_MM_DEVICE_IGNORE on a device's ports (its "Modem filter" docs;
// its own src/80-mm-candidate.rules ignores the Qualcomm QDL device the same way: SUBSYSTEMS and
// ATTRS match the USB device above every port).
function ignoreRule(vid, pid) {
  return '# Written by modem-doctor (install-mm-ignore-rule): ModemManager leaves this modem alone.\n' +
    `# Undo: modem-doctor free --undo, or delete this file and run \`udevadm control --reload\`.\n` +
    `ACTION=="add|change|move|bind", SUBSYSTEMS=="usb", ATTRS{idVendor}=="${vid}", ATTRS{idProduct}=="${pid}", ENV{ID_MM_DEVICE_IGNORE}="1"\n`;
}

// ttyUSB/ttyACM ports (subsystem tty) and QMI/MBIM control ports /dev/cdc-wdmN (usbmisc) of this
// modem only; numbered 70 so it comes after udev's 50-udev-default.rules, which sets the group
// of serial ports to dialout.
function portsRule(vid, pid, group) {
  return `# Written by modem-doctor (set-port-permissions): members of ${group} may open this modem's ports.\n` +
    `# Undo: delete this file and run \`udevadm control --reload\`, then replug the modem.\n` +
    `ACTION=="add|change|move|bind", SUBSYSTEM=="tty|usbmisc", SUBSYSTEMS=="usb", ATTRS{idVendor}=="${vid}", ATTRS{idProduct}=="${pid}", GROUP="${group}", MODE="0660"\n`;
}

/** Tells udev to re-read its rules and apply them to the existing ports. The rule is in place
 *  either way; if udev cannot be reached it applies at the next plug-in, and we say so. */
async function applyUdevRules() {
  const steps = [
    ['control', '--reload'],
    ['trigger', '--action=change', '--subsystem-match=tty', '--subsystem-match=usbmisc'],
    ['settle', '--timeout=10'],
  ];
  for (const args of steps) {
    const r = await run('udevadm', args);
    if (!r.ok) return `The rule is in place, but udev was not told about it (${describeRun('udevadm', args, r)}): it applies when the modem is plugged in again.`;
  }
  return undefined;
}

async function writeRule(file, text) {
  if ((await readAttr(file)) === text.trim()) return false;
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  // Write beside it, then rename: udev never reads half a rule. 'wx' never follows a symlink.
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.promises.writeFile(tmp, text, { flag: 'wx', mode: 0o644 });
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw new Failure('failed', `Could not write ${file}: ${e.code ?? e.message}.`);
  }
  return true;
}

async function removeRule(file) {
  try {
    await fs.promises.unlink(file);
    return true;
  } catch (e) {
    if (e.code === 'ENOENT') return false;
    throw new Failure('failed', `Could not remove ${file}: ${e.code ?? e.message}.`);
  }
}

async function ruleResult(changed, file, done, unchanged) {
  if (!changed) return { changed: false, file, message: unchanged };
  const warning = await applyUdevRules();
  return warning ? { changed: true, file, message: done, warning } : { changed: true, file, message: done };
}

async function installIgnoreRule(vid, pid) {
  const file = ignoreRulePath(vid, pid);
  return ruleResult(await writeRule(file, ignoreRule(vid, pid)), file,
    `ModemManager will ignore ${vid}:${pid} (${file}); it takes hold for a modem ModemManager already holds when the modem is plugged in again or ModemManager restarts.`,
    `The rule for ${vid}:${pid} is already in place (${file}).`);
}

async function removeIgnoreRule(vid, pid) {
  const file = ignoreRulePath(vid, pid);
  return ruleResult(await removeRule(file), file,
    `ModemManager may use ${vid}:${pid} again (${file} removed).`,
    `There was no ModemManager ignore rule for ${vid}:${pid}.`);
}

async function setPortPermissions(vid, pid, group) {
  const file = portsRulePath(vid, pid);
  return ruleResult(await writeRule(file, portsRule(vid, pid, group)), file,
    `The ports of ${vid}:${pid} belong to group ${group} (${file}); log out and in again if you were just added to it.`,
    `The ports of ${vid}:${pid} already belong to group ${group} (${file}).`);
}

async function removePortPermissions(vid, pid) {
  const file = portsRulePath(vid, pid);
  return ruleResult(await removeRule(file), file,
    `The port permission rule for ${vid}:${pid} is removed (${file}).`,
    `There was no port permission rule for ${vid}:${pid}.`);
}

/** Everything the helper can be asked, and nothing else. */
const VERBS = {
  'stop-modemmanager': { args: [], run: stopModemManager },
  'start-modemmanager': { args: [], run: startModemManager },
  'set-raw-ip': { args: [IFACE, RAW_IP], run: setRawIp },
  'link-up': { args: [IFACE], run: (iface) => setLink(iface, 'up') },
  'link-down': { args: [IFACE], run: (iface) => setLink(iface, 'down') },
  'install-mm-ignore-rule': { args: [VID, PID], run: installIgnoreRule },
  'remove-mm-ignore-rule': { args: [VID, PID], run: removeIgnoreRule },
  'set-port-permissions': { args: [VID, PID, GROUP], run: setPortPermissions },
  'remove-port-permissions': { args: [VID, PID], run: removePortPermissions },
};

function usage(verb) {
  return `${verb} ${VERBS[verb].args.map((a) => a.name).join(' ')}`.trim();
}

// ---- main -----------------------------------------------------------------------------------

async function main(argv) {
  const [verb, ...args] = argv;
  if (verb === undefined || !Object.hasOwn(VERBS, verb)) {
    const shown = verb === undefined ? 'nothing' : JSON.stringify(verb.slice(0, 40));
    return finish(EXIT_REFUSED, { ok: false, verb: null, code: 'refused',
      message: `Refused: ${shown} is not one of the helper's verbs (${Object.keys(VERBS).join(', ')}).` });
  }
  const spec = VERBS[verb];
  if (args.length !== spec.args.length) {
    return finish(EXIT_REFUSED, { ok: false, verb, code: 'refused',
      message: `Refused: ${verb} takes ${spec.args.length} argument(s), ${args.length} given. Usage: ${usage(verb)}` });
  }
  const values = [];
  for (const [i, rule] of spec.args.entries()) {
    const problem = rule.problem(args[i]);
    if (problem) {
      return finish(EXIT_REFUSED, { ok: false, verb, code: 'refused',
        message: `Refused: ${JSON.stringify(args[i].slice(0, 40))} is not a valid ${rule.name}: ${problem}. Usage: ${usage(verb)}` });
    }
    values.push(rule.normal(args[i]));
  }
  if (process.geteuid?.() !== 0) {
    return finish(EXIT_NOT_ROOT, { ok: false, verb, code: 'not-root',
      message: 'The helper must run as root: start it with pkexec (Modem Doctor does this when it needs to).' });
  }
  try {
    const result = await spec.run(...values);
    finish(EXIT_OK, { ok: true, verb, ...result });
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    finish(EXIT_FAILED, { ok: false, verb, code: e.code, message: e.message });
  }
}

main(process.argv.slice(2)).catch((e) => {
  finish(EXIT_FAILED, { ok: false, verb: null, code: 'failed', message: `Unexpected: ${e?.message ?? String(e)}` });
});
