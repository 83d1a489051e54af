// Runs the privileged helper as a separate process, the way the client does when already root,
// with its test roots moved to fixtures and fake tools first on PATH.

import { spawn } from 'node:child_process';
import path from 'node:path';

export const HELPER = path.join(import.meta.dirname, '..', '..', 'build', 'helper', 'modem-doctor-helper.mjs');

export interface HelperRun {
  status: number | null;
  /** The JSON line it printed on stdout, parsed. */
  result: Record<string, unknown>;
  stdout: string;
  stderr: string;
}

export interface HelperRunOptions {
  sysfsRoot?: string;
  rulesDir?: string;
  /** Folder put first on PATH (the fake tools). */
  bin?: string;
  env?: Record<string, string>;
  uid?: number;
  gid?: number;
  /** A command the helper is run under, e.g. nsenter into a network namespace. */
  wrap?: string[];
}

export function runHelper(args: string[], o: HelperRunOptions = {}): Promise<HelperRun> {
  const env: Record<string, string> = {
    PATH: o.bin ? `${o.bin}:${process.env.PATH ?? ''}` : (process.env.PATH ?? ''),
    ...(o.sysfsRoot ? { MODEM_DOCTOR_SYSFS_ROOT: o.sysfsRoot } : {}),
    ...(o.rulesDir ? { MODEM_DOCTOR_UDEV_RULES_DIR: o.rulesDir } : {}),
    ...o.env,
  };
  return new Promise((resolve, reject) => {
    const argv = [...(o.wrap ?? []), process.execPath, HELPER, ...args];
    const child = spawn(argv[0]!, argv.slice(1), {
      env, stdio: ['ignore', 'pipe', 'pipe'],
      ...(o.uid !== undefined ? { uid: o.uid, gid: o.gid ?? o.uid } : {}),
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`helper ${args.join(' ')} did not finish in 60 s`)); }, 60000);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (status) => {
      clearTimeout(timer);
      let result: Record<string, unknown>;
      try {
        result = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        return reject(new Error(`helper printed no JSON line: ${JSON.stringify(stdout)} / ${stderr}`));
      }
      resolve({ status, result, stdout, stderr });
    });
  });
}
