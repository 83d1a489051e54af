// Asks the privileged helper (build/helper/modem-doctor-helper.mjs) to do one of its verbs, and
// turns its answer into a typed result or a HelperError in words. As root the helper runs
// directly on this Node; otherwise through pkexec, so polkit asks for an administrator. When
// polkit says no (pkexec exits 126 when the dialog is dismissed, 127 when not authorized or no
// agent could ask: pkexec(1), RETURN VALUE), the error says so and offers the other ways.
//
// Arguments are checked here too, with the helper's rules, so a request that would be refused
// never makes the user type a password first.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { RawIpMode } from './kernel-raw-ip.ts';
import { interfaceNameProblem } from './net-interface-name.ts';
import { CodedError, withAlternatives } from '../errors/coded-error.ts';

/** polkit action of build/polkit/org.modemdoctor.helper.policy. */
export const HELPER_POLKIT_ACTION = 'org.modemdoctor.helper';
/** Where a package installs the helper (the policy's exec.path). */
export const INSTALLED_HELPER_PATH = '/usr/libexec/modem-doctor/modem-doctor-helper';
/** The helper in this checkout. */
export const CHECKOUT_HELPER_PATH = path.join(import.meta.dirname, '..', '..', 'build', 'helper', 'modem-doctor-helper.mjs');

export type PortGroup = 'dialout' | 'plugdev';

export type HelperRequest =
  | { verb: 'stop-modemmanager' }
  | { verb: 'start-modemmanager' }
  | { verb: 'set-raw-ip'; iface: string; mode: RawIpMode }
  | { verb: 'link-up'; iface: string }
  | { verb: 'link-down'; iface: string }
  | { verb: 'install-mm-ignore-rule'; vid: number; pid: number }
  | { verb: 'remove-mm-ignore-rule'; vid: number; pid: number }
  | { verb: 'set-port-permissions'; vid: number; pid: number; group: PortGroup }
  | { verb: 'remove-port-permissions'; vid: number; pid: number };

export type HelperVerb = HelperRequest['verb'];

export interface HelperResult {
  verb: HelperVerb;
  /** false: it already was that way, nothing was touched. */
  changed: boolean;
  message: string;
  /** The udev rule file written or removed. */
  file?: string;
  /** Done, but with a caveat (udev could not be told: the rule applies at the next plug-in). */
  warning?: string;
  /** How the helper was started. */
  via: 'direct' | 'pkexec';
}

export type HelperErrorCode =
  // from the helper itself
  | 'busy' | 'not-found' | 'missing-tool' | 'failed' | 'refused' | 'not-root'
  // around it
  | 'dismissed'       // pkexec 126: the password dialog was closed
  | 'not-authorized'  // pkexec 127: polkit said no, or no authentication agent could ask
  | 'no-pkexec'       // pkexec is not installed
  | 'timeout'
  | 'bad-answer';     // the helper's output was not what it always prints

export class HelperError extends CodedError<HelperErrorCode> {
  override readonly name = 'HelperError';
  readonly verb: HelperVerb;
  /** Other ways to the same end, in words, when this one cannot be taken. */
  readonly alternatives: string[];

  constructor(code: HelperErrorCode, verb: HelperVerb, message: string, alternatives: string[] = []) {
    super(code, withAlternatives(message, alternatives));
    this.verb = verb;
    this.alternatives = alternatives;
  }
}

export interface HelperClientOptions {
  /** Default: the installed helper if present, else this checkout's. */
  helperPath?: string;
  /** Default: whether this process runs as root. */
  asRoot?: boolean;
  /** The Node that runs the helper directly (default: this one). */
  nodePath?: string;
  /** Default: "pkexec" from PATH. */
  pkexecPath?: string;
  /** Environment for a direct run (tests move the helper's roots with it); pkexec clears it anyway. */
  env?: NodeJS.ProcessEnv;
  /** A polkit dialog waits for a person: two minutes by default. */
  timeoutMs?: number;
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

function checkId(verb: HelperVerb, what: string, n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff) throw new HelperError('refused', verb, `${what} ${n} is not a USB id (0000–ffff).`);
  return hex4(n);
}

function checkIface(verb: HelperVerb, iface: string): string {
  const problem = interfaceNameProblem(iface);
  if (problem) throw new HelperError('refused', verb, `"${iface}" is not an interface name: ${problem}.`);
  return iface;
}

/** The helper's argv for a request, after the same checks the helper makes. */
export function helperArgv(req: HelperRequest): string[] {
  switch (req.verb) {
    case 'stop-modemmanager':
    case 'start-modemmanager':
      return [req.verb];
    case 'set-raw-ip':
      if (req.mode !== 'Y' && req.mode !== 'N') throw new HelperError('refused', req.verb, `raw_ip is Y or N, not ${JSON.stringify(req.mode)}.`);
      return [req.verb, checkIface(req.verb, req.iface), req.mode];
    case 'link-up':
    case 'link-down':
      return [req.verb, checkIface(req.verb, req.iface)];
    case 'set-port-permissions':
      if (req.group !== 'dialout' && req.group !== 'plugdev') throw new HelperError('refused', req.verb, `The group is dialout or plugdev, not ${JSON.stringify(req.group)}.`);
      return [req.verb, checkId(req.verb, 'VID', req.vid), checkId(req.verb, 'PID', req.pid), req.group];
    case 'install-mm-ignore-rule':
    case 'remove-mm-ignore-rule':
    case 'remove-port-permissions':
      return [req.verb, checkId(req.verb, 'VID', req.vid), checkId(req.verb, 'PID', req.pid)];
  }
}

/** What a person can do instead when the helper cannot be used for this request. */
export function alternativesFor(req: HelperRequest): string[] {
  switch (req.verb) {
    case 'stop-modemmanager':
      return [
        'Inhibit the modem in ModemManager instead (modem-doctor free DEVICE --inhibit): it lasts while Modem Doctor holds it, no service is stopped.',
        'Read through qmi-proxy alongside ModemManager (--proxy): nothing needs to be stopped.',
        'Stop it yourself as root: sudo systemctl stop ModemManager',
      ];
    case 'start-modemmanager':
      return ['Start it yourself as root: sudo systemctl unmask --runtime ModemManager; sudo systemctl start ModemManager', 'Or restart the computer: the stop lasted only until the next boot.'];
    case 'set-raw-ip':
      return [
        `As root: sudo ip link set dev ${req.iface} down; echo ${req.mode} | sudo tee /sys/class/net/${req.iface}/qmi/raw_ip; sudo ip link set dev ${req.iface} up`,
        'Or change the modem instead of the kernel: set its data format (WDA Set Data Format) to match; that needs no root.',
      ];
    case 'link-up':
    case 'link-down':
      return [`As root: sudo ip link set dev ${req.iface} ${req.verb === 'link-up' ? 'up' : 'down'}`];
    case 'install-mm-ignore-rule':
      return [
        'Inhibit the modem in ModemManager instead (modem-doctor free DEVICE --inhibit): no file is written, it ends when Modem Doctor lets go.',
        `Write the rule yourself as root, in /etc/udev/rules.d/77-mm-ignore-${hex4(req.vid)}-${hex4(req.pid)}.rules: ` +
          `ACTION=="add|change|move|bind", SUBSYSTEMS=="usb", ATTRS{idVendor}=="${hex4(req.vid)}", ATTRS{idProduct}=="${hex4(req.pid)}", ENV{ID_MM_DEVICE_IGNORE}="1"`,
      ];
    case 'remove-mm-ignore-rule':
    case 'remove-port-permissions':
      return [`Delete the file yourself as root: sudo rm /etc/udev/rules.d/*modem-doctor*-${hex4(req.vid)}-${hex4(req.pid)}.rules; sudo udevadm control --reload`];
    case 'set-port-permissions':
      return [
        'Join the group that already owns the ports (ls -l shows it), e.g. sudo usermod -aG dialout $USER, then log out and in.',
        'Or run Modem Doctor as root.',
      ];
  }
}

export function defaultHelperPath(): string {
  return fs.existsSync(INSTALLED_HELPER_PATH) ? INSTALLED_HELPER_PATH : CHECKOUT_HELPER_PATH;
}

interface Finished { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

const MAX_OUTPUT = 64 * 1024;

function runProgram(file: string, args: string[], env: NodeJS.ProcessEnv | undefined, timeoutMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGTERM'); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { if (stdout.length < MAX_OUTPUT) stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < MAX_OUTPUT) stderr += d.toString('utf8'); });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      else resolve({ status, signal, stdout, stderr });
    });
  });
}

const HELPER_CODES: readonly HelperErrorCode[] = ['busy', 'not-found', 'missing-tool', 'failed', 'refused', 'not-root'];

/** The helper's one JSON line, checked field by field; undefined when it is not there. */
function parseAnswer(stdout: string): Record<string, unknown> | undefined {
  const line = stdout.trim();
  if (!line.startsWith('{') || line.includes('\n')) return undefined;
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const o = v as Record<string, unknown>;
    return typeof o.ok === 'boolean' && typeof o.message === 'string' ? o : undefined;
  } catch {
    return undefined;
  }
}

/** Runs one verb of the privileged helper. Resolves with what it did; rejects with a HelperError. */
export async function runHelperVerb(req: HelperRequest, opts: HelperClientOptions = {}): Promise<HelperResult> {
  const argv = helperArgv(req);
  const helper = opts.helperPath ?? defaultHelperPath();
  const asRoot = opts.asRoot ?? process.geteuid?.() === 0;
  const via: HelperResult['via'] = asRoot ? 'direct' : 'pkexec';
  const timeoutMs = opts.timeoutMs ?? 120_000;
  let done: Finished;
  try {
    done = asRoot
      ? await runProgram(opts.nodePath ?? process.execPath, [helper, ...argv], opts.env ?? process.env, timeoutMs)
      : await runProgram(opts.pkexecPath ?? 'pkexec', [helper, ...argv], opts.env ?? process.env, timeoutMs);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ETIMEDOUT') throw new HelperError('timeout', req.verb, `The helper did not finish ${req.verb} within ${timeoutMs / 1000} s (a password dialog left open?).`, alternativesFor(req));
    if (code === 'ENOENT' && !asRoot) {
      throw new HelperError('no-pkexec', req.verb, 'pkexec is not installed (Debian package pkexec), so Modem Doctor cannot ask for an administrator.', alternativesFor(req));
    }
    throw new HelperError('failed', req.verb, `Could not start the helper (${helper}): ${String(code ?? e)}.`, alternativesFor(req));
  }
  const answer = parseAnswer(done.stdout);
  if (!answer) {
    const said = done.stderr.trim().split('\n')[0]?.slice(0, 200);
    if (via === 'pkexec' && done.status === 126) {
      throw new HelperError('dismissed', req.verb, `The administrator password dialog was closed, so nothing was changed (${req.verb}).`, alternativesFor(req));
    }
    if (via === 'pkexec' && done.status === 127) {
      throw new HelperError('not-authorized', req.verb,
        `polkit did not allow the helper to ${req.verb} (wrong password, not an administrator, or no authentication agent to ask)` +
        `${said ? `: pkexec said "${said}"` : ''}. Nothing was changed.`, alternativesFor(req));
    }
    throw new HelperError('bad-answer', req.verb, `The helper gave no answer for ${req.verb} (exit ${done.status ?? done.signal})${said ? `: ${said}` : ''}.`, alternativesFor(req));
  }
  if (answer.ok !== true) {
    const code = HELPER_CODES.includes(answer.code as HelperErrorCode) ? (answer.code as HelperErrorCode) : 'failed';
    // A refusal or a busy link is fixed by asking differently, not by another way round.
    const others = code === 'refused' || code === 'busy' ? [] : alternativesFor(req);
    throw new HelperError(code, req.verb, answer.message as string, others);
  }
  return {
    verb: req.verb,
    changed: answer.changed === true,
    message: answer.message as string,
    ...(typeof answer.file === 'string' ? { file: answer.file } : {}),
    ...(typeof answer.warning === 'string' ? { warning: answer.warning } : {}),
    via,
  };
}
