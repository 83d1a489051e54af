// The start every wizard test shares: `serve` in its own process group, real Chromium on its
// URL, both ended when the test ends (also when it fails).

import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { openWizard, type Opened } from './browser.ts';
import { startServe, type Served, type ServeOptions } from './serve.ts';

export async function servedWizard(t: TestContext, args: string[] = [], opts: ServeOptions = {}): Promise<{ served: Served; wizard: Opened; page: Page }> {
  const served = await startServe(args, opts);
  t.after(() => served.stop());
  const wizard = await openWizard(served.url);
  t.after(() => wizard.close());
  return { served, wizard, page: wizard.page };
}
