// Whether the desktop window can open here: Electron's binary installed next to the code (npm ci
// skips its download when ELECTRON_SKIP_BINARY_DOWNLOAD is set, as this project's .npmrc does in
// CI and sandboxes) and a display to open it on. Plain file checks: nothing imports electron.

import fs from 'node:fs';
import path from 'node:path';

export interface ElectronCheck {
  /** The binary to run, when there is one. */
  binary?: string;
  /** Why the window cannot open, in words, when it cannot. */
  reason?: string;
}

export function electronBinary(root: string, env: NodeJS.ProcessEnv = process.env): ElectronCheck {
  const pkg = path.join(root, 'node_modules', 'electron');
  if (!fs.existsSync(path.join(pkg, 'package.json'))) return { reason: 'Electron is not installed (run npm ci)' };
  // electron/index.js reads path.txt, written once the binary is downloaded and unpacked.
  let rel: string;
  try { rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim(); } catch {
    return { reason: "Electron's binary was not downloaded (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1)" };
  }
  const binary = path.join(pkg, 'dist', rel);
  if (!fs.existsSync(binary)) return { reason: `Electron's binary is missing (${binary})` };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { binary, reason: 'there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)' };
  return { binary };
}
