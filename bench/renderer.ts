// The wizard: its built JS and CSS gzipped (what a browser downloads), and the time from asking
// Chromium (Debian's, through playwright-core) for the page `modem-doctor serve` prints to the
// wizard's first render (its "Modem Doctor" heading on screen), in a fresh browser context each
// time (nothing cached); the median of several.

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServe } from '../test/e2e/support/serve.ts';
import { childrenNamed, registerGroup } from './processes.ts';

const DIST = path.join(path.dirname(import.meta.dirname), 'renderer', 'dist');
export const CHROMIUM = '/usr/bin/chromium';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export function rendererGzipBytes(): { bytes: number; files: number } {
  if (!fs.existsSync(DIST)) throw new Error('renderer/dist is not built (npm run build:renderer)');
  const assets = files(DIST).filter((f) => /\.(js|css)$/.test(f));
  return { bytes: assets.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f)).length, 0), files: assets.length };
}

export function renderSkipReason(): string | undefined {
  if (!fs.existsSync(CHROMIUM)) return `Chromium is not installed (${CHROMIUM})`;
  if (!fs.existsSync(path.join(DIST, 'index.html'))) return 'renderer/dist is not built';
  return undefined;
}

export async function firstRender(runs: number): Promise<{ ms: number[] }> {
  const served = await startServe();
  try {
    const args = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const browser = await chromium.launch({ executablePath: CHROMIUM, args, timeout: 60_000 });
    // Playwright starts Chromium in a process group of its own: watched like ours.
    for (const pid of childrenNamed('chrom')) registerGroup(pid);
    try {
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        try {
          const page = await context.newPage();
          const t = performance.now();
          await page.goto(served.url);
          await page.getByRole('heading', { name: 'Modem Doctor' }).waitFor({ timeout: 30_000 });
          ms.push(performance.now() - t);
        } finally {
          await context.close();
        }
      }
      return { ms };
    } finally {
      await browser.close();
    }
  } finally {
    await served.stop();
  }
}
