// The SIM behind its PIN and behind its PUK, in Chromium: attempts left shown, a wrong PIN
// counted, the last attempt refused until confirmed a second time, and the PUK path.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openStep, record, skipReason } from './support/browser.ts';
import { servedWizard } from './support/served-wizard.ts';
import { diagnose, idle, startVirtual } from './support/wizard.ts';

const skip = skipReason();

async function submitSecrets(page: Page, values: Record<string, string>): Promise<void> {
  const card = page.locator('article[data-finding^="sim-p"]');
  await card.locator('button[data-fix="unlock-sim"]').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  for (const [id, v] of Object.entries(values)) await dialog.locator(`#secret-${id}`).fill(v);
}

async function apply(page: Page): Promise<void> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 90_000 });
  await idle(page);
}

test('sim-pin: attempts shown, a wrong PIN counted, the last attempt needs a second confirmation', { skip, timeout: 300_000 }, async (t) => {
  const { page } = await servedWizard(t);

  await startVirtual(page, 'sim-pin');
  await diagnose(page);
  await openStep(page, 'sim', 'SIM');
  assert.equal(await page.getByTestId('sim-state').innerText(), 'locked: waiting for its PIN');
  assert.equal(await page.getByTestId('pin-left').innerText(), '3');
  await record(page, 'sim-pin-1-locked');

  // A wrong PIN: refused by the SIM, one attempt fewer, shown.
  await submitSecrets(page, { pin: '0000' });
  assert.match(await page.getByTestId('attempts-left').innerText(), /3 PIN attempts left/);
  await record(page, 'sim-pin-2-dialog');
  await apply(page);
  await page.getByTestId('pin-left').filter({ hasText: '2' }).waitFor({ timeout: 60_000 });
  assert.match(await page.locator('[data-action="unlock-sim"]').first().innerText(), /failed|refused/);
  await record(page, 'sim-pin-3-wrong-pin');

  // Another wrong PIN leaves one: now Apply waits for the second confirmation.
  await submitSecrets(page, { pin: '1111' });
  await apply(page);
  await page.getByTestId('pin-left').filter({ hasText: '1' }).waitFor({ timeout: 60_000 });
  await submitSecrets(page, { pin: '1234' });
  const dialog = page.getByRole('dialog');
  assert.match(await dialog.getByTestId('attempts-left').innerText(), /1 PIN attempt left/);
  assert.equal(await dialog.getByRole('button', { name: 'Apply' }).isDisabled(), true, 'the last attempt is refused without the confirmation');
  await record(page, 'sim-pin-4-last-attempt');
  await dialog.getByLabel(/This is the last attempt/).check();
  await apply(page);
  await page.getByTestId('sim-state').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
  await record(page, 'sim-pin-5-unlocked');
});

test('sim-puk: the PUK and a new PIN unlock the SIM', { skip, timeout: 300_000 }, async (t) => {
  const { page } = await servedWizard(t);

  await startVirtual(page, 'sim-puk');
  await diagnose(page);
  await openStep(page, 'sim', 'SIM');
  assert.equal(await page.getByTestId('sim-state').innerText(), 'locked: waiting for its PUK');
  assert.equal(await page.getByTestId('puk-left').innerText(), '10');
  await record(page, 'sim-puk-1-locked');

  await submitSecrets(page, { puk: '12345678', 'new-pin': '4321' });
  assert.match(await page.getByTestId('attempts-left').innerText(), /10 PUK attempts left/);
  await record(page, 'sim-puk-2-dialog');
  await apply(page);
  await page.getByTestId('sim-state').filter({ hasText: 'ready' }).waitFor({ timeout: 60_000 });
  await record(page, 'sim-puk-3-unlocked');
});
