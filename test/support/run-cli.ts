// Runs the real `modem-doctor` launcher as a user would, with stdin, and collects its output.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { secretsInCliOutput } from './cli-secret-guard.ts';

export const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'modem-doctor.mjs');

export interface CliRun { code: number | null; stdout: string; stderr: string }

/**
 * Rejects when the launcher does not finish within timeoutMs (it is killed then), and when its
 * output carries a secret or an unmasked identity (cli-secret-guard.ts): every command the tests
 * run is scanned.
 */
export function runCli(args: string[], input?: string | Buffer, timeoutMs = 20000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`modem-doctor ${args.join(' ')} did not finish in ${timeoutMs} ms`)); }, timeoutMs);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    // 'close', not 'exit': only then has all of stdout and stderr been read.
    child.on('close', (code) => {
      clearTimeout(timer);
      const leaks = secretsInCliOutput(args, input, `${stdout}\n${stderr}`);
      if (leaks.length) reject(new Error(`modem-doctor ${args.join(' ')} printed what it must not:\n${leaks.join('\n')}`));
      else resolve({ code, stdout, stderr });
    });
    // A command that exits without reading stdin makes this write fail with EPIPE: not a test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}
