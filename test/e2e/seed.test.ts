// The first report, end to end in Chromium: the virtual EC25 in its `seed` scenario (raw-ip modem,
// 802.3 kernel, no APN for 222/88, autoconnect holding a bearer) from detection through the three
// fixes to a passing connect test and an exported report, every step on screen and checked.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openStep, record, skipReason } from './support/browser.ts';
import { servedWizard } from './support/served-wizard.ts';
import { applyOfferedFix, diagnose, idle } from './support/wizard.ts';

const skip = skipReason();

test('seed: detect, SIM, network, the three fixes, a passing connect test and an exported report', { skip, timeout: 300_000 }, async (t) => {
  const { wizard: w, page } = await servedWizard(t, ['--virtual']);

  // 1. Detect: the virtual EC25 is there before anything is opened.
  await page.getByText('Virtual Quectel EC25 (seed)').first().waitFor();
  await page.getByRole('cell', { name: '2c7c:0125' }).or(page.getByText('2c7c:0125 (Quectel)')).first().waitFor();
  await record(page, 'seed-0-found');
  await diagnose(page);
  assert.match(await page.locator('dl.facts').first().innerText(), /Quectel/);
  await record(page, 'seed-1-detect');

  // 2. Conflicts: nobody else holds the virtual modem's ports.
  await openStep(page, 'conflicts', 'Conflicts');
  assert.match(await page.locator('main').innerText(), /ModemManager/);
  await record(page, 'seed-2-conflicts');

  // 3. SIM: ready, identity masked.
  await openStep(page, 'sim', 'SIM');
  assert.equal(await page.getByTestId('sim-state').innerText(), 'ready');
  assert.match(await page.getByTestId('imsi').innerText(), /^•+\d{4}$/);
  await record(page, 'seed-3-sim');

  // 4. Network: registered on 222/88, the signal chart drawn by uPlot.
  await openStep(page, 'network', 'Network');
  assert.equal(await page.getByTestId('registration').innerText(), 'registered');
  assert.match(await page.getByTestId('operator').innerText(), /222\/88/);
  await page.locator('.uplot canvas').first().waitFor();
  await record(page, 'seed-4-network');

  // 5. APN: missing; the database's choices are offered; the fix sets one.
  await openStep(page, 'apn', 'APN');
  await page.locator('article[data-finding="apn-missing"]').waitFor();
  assert.ok(await page.locator('fieldset input[type="radio"][name="apn"]').count() >= 2, 'APN choices from the provider database');
  await record(page, 'seed-5-apn');
  await applyOfferedFix(page, 'apn-missing', { expectChange: /APN/, secrets: { 'apn-password': 'Wind' }, screenshot: (p) => record(p, 'seed-5-apn-plan') });
  assert.match(await page.locator('[data-action="set-apn"]').innerText(), /applied/);

  // 6. Data format: the kernel's 802.3 against the modem's raw-ip, and the autoconnect bearer.
  await openStep(page, 'data-format', 'Data format');
  await page.locator('article[data-finding="data-format-mismatch"]').waitFor();
  await page.locator('article[data-finding="autoconnect-holds-bearer"]').waitFor();
  await record(page, 'seed-6-data-format');
  await applyOfferedFix(page, 'autoconnect-holds-bearer');
  await applyOfferedFix(page, 'data-format-mismatch');
  assert.equal(await page.getByTestId('df-kernel').innerText(), await page.getByTestId('df-modem').innerText());
  await record(page, 'seed-6-data-format-fixed');

  // 7. Connect test: passes, with the settings the network gave.
  await openStep(page, 'connect', 'Connect test');
  await page.getByTestId('connect-test').click();
  await idle(page);
  const result = page.getByTestId('connect-result');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-passed'), 'true', await result.innerText());
  await record(page, 'seed-7-connect');

  // 8. Report: the JSON download parses, has the modem and the three fixes, identities masked.
  await openStep(page, 'report', 'Report');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
  const text = await readFile((await download.path())!, 'utf8');
  const report = JSON.parse(text) as Record<string, unknown>;
  assert.ok(report && typeof report === 'object');
  for (const fix of ['set-apn', 'align-data-format', 'disable-autoconnect']) assert.ok(text.includes(fix), `the report names ${fix}`);
  assert.ok(!/\b\d{15}\b/.test(text), 'no full IMEI or IMSI in a redacted report');
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await record(page, 'seed-8-report');

  // Undo from the list of changes: the autoconnect setting goes back, and the list says so.
  const autoconnect = page.locator('[data-action="disable-autoconnect"]').first();
  await autoconnect.getByRole('button', { name: 'Undo' }).click();
  await idle(page);
  await page.locator('[data-action="disable-autoconnect"][data-status="undone"]').waitFor();
  await record(page, 'seed-9-undone');

  // The same page in the dark: still readable (axe checks the contrast again).
  await page.emulateMedia({ colorScheme: 'dark' });
  await openStep(page, 'network', 'Network');
  await record(page, 'seed-10-network-dark');

  // No page error (a CSP violation would show here).
  assert.deepEqual(w.errors, []);
});
