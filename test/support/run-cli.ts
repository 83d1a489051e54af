// Runs the real `modem-doctor` launcher as a user would, with stdin, and collects its output.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'modem-doctor.mjs');

export function runCli(args: string[], input?: string, timeoutMs = 20000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`modem-doctor ${args.join(' ')} did not finish in ${timeoutMs} ms`)); }, timeoutMs);
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}
