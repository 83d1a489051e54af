#!/usr/bin/env node
// Launcher for `modem-doctor`. The engine is TypeScript run by Node's own type stripping
// (Node >= 22.18). When started by an older Node (Debian 12 ships 20), re-run on the Node 24
// that the project installs as a devDependency, so `npx modem-doctor` works from the checkout.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [major, minor] = process.versions.node.split('.').map(Number);
const canStripTypes = major > 22 || (major === 22 && minor >= 18);

if (canStripTypes) {
  // Node keeps what it compiled (the type-stripped TypeScript too) in its compile cache, in the
  // system's temporary directory: a command's second start skips that work (diagnose from
  // start: about 0.9 s of CPU down to 0.5 s). NODE_DISABLE_COMPILE_CACHE=1 turns it off.
  module.enableCompileCache?.();
  const { main } = await import('../main/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
} else {
  const bundled = path.join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) {
    process.stderr.write(`modem-doctor needs Node 22.18 or newer (this is ${process.version}).\n` +
      'Run `npm ci` in the project folder: it installs a suitable Node next to the code.\n');
    process.exit(2);
  }
  const r = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? (r.signal ? 128 + 15 : 2));
}
