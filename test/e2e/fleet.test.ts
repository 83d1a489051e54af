// The fleet view in Chromium: four virtual modems on the shelf, one row each, all selected and
// provisioned with one profile, per-modem progress and a result table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './support/serve.ts';
import { openWizard, record, skipReason } from './support/browser.ts';
import { sendFromPage } from './support/page-api.ts';

const skip = skipReason();

test('fleet: four seed modems provisioned at once, each online', { skip, timeout: 600_000 }, async (t) => {
  const served = await startServe();
  t.after(() => served.stop());
  const w = await openWizard(served.url);
  t.after(() => w.close());
  const { page } = w;

  // Four modems plugged in (virtual ones, through the same API the page uses).
  for (let i = 0; i < 4; i++) {
    const r = await sendFromPage(page, { type: 'start-virtual-modem', scenario: 'seed', profile: 'ec25' });
    assert.ok(r.ok, JSON.stringify(r));
  }
  await page.getByRole('button', { name: 'Fleet' }).click();
  const rows = page.locator('table.fleet tbody tr');
  await rows.nth(3).waitFor({ timeout: 120_000 });
  assert.equal(await rows.count(), 4);
  await record(page, 'fleet-1-shelf');

  await page.getByLabel('Select every modem').check();
  await page.locator('#fleet-apn').fill('internet.it');  // the operator's own APN, no login
  await page.getByTestId('provision').click();
  // Per-modem progress: each row says where it is (a phase can pass quickly: any phase counts).
  await page.locator('[data-testid="fleet-progress"]', { hasText: /waiting|selecting|checking|applying|connect test|done|failed|needs attention/ }).nth(3).waitFor({ timeout: 120_000 });
  await record(page, 'fleet-2-progress');

  const results = page.getByTestId('fleet-results');
  await results.locator('tbody tr').nth(3).waitFor({ timeout: 480_000 });
  const okRows = await results.locator('tbody tr[data-ok="true"]').count();
  assert.equal(okRows, 4, await results.innerText());
  for (const row of await results.locator('tbody tr').all()) assert.match(await row.innerText(), /online/);
  await record(page, 'fleet-3-results');
});
