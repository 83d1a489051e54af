// ModemManager holding the modem, in the wizard: a real ModemManager (its own network namespace
// and system bus) probes the virtual EC25; the wizard, served where that modem is (under
// umockdev-run, on that bus), shows the conflict naming ModemManager, frees the modem by
// inhibiting it (ModemManager lists it no more) and gives it back on Undo (listed again).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStep, record, skipReason } from './support/browser.ts';
import { servedWizard } from './support/served-wizard.ts';
import { diagnose, idle } from './support/wizard.ts';
import { skipUnlessModemManagerWorld, startModemManagerWorld } from '../support/modemmanager-harness.ts';

const skip = skipReason() ?? skipUnlessModemManagerWorld();

test('ModemManager holds the EC25: shown as a conflict, freed by inhibiting, given back by Undo', { skip, timeout: 300_000 }, async (t) => {
  const world = await startModemManagerWorld({ profile: 'ec25' });
  t.after(async () => {
    const left = await world.close();
    assert.deepEqual(left, [], 'every process of the ModemManager world ended');
  });
  await world.waitForModem(60_000);

  const { page } = await servedWizard(t, [], { wrap: (argv) => world.sim.umockdevArgv(argv), env: world.env });

  // Detect: the plugged-in EC25 (no virtual one offered first), then its diagnosis.
  await page.getByText('2c7c:0125').first().waitFor({ timeout: 60_000 });
  await diagnose(page);

  // Conflicts: ModemManager named as the one holding the ports, with the way out.
  await openStep(page, 'conflicts', 'Conflicts');
  const card = page.locator('article[data-finding="modemmanager-holds-device"]');
  await card.waitFor();
  assert.match(await card.innerText(), /ModemManager/);
  await record(page, 'mm-1-conflict');

  await card.locator('button[data-fix="free-device"]').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /inhibit/i);
  await record(page, 'mm-2-plan');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 90_000 });
  await idle(page);
  await world.waitForNoModem(30_000);
  await card.waitFor({ state: 'detached', timeout: 60_000 });
  assert.match(await page.locator('[data-action="free-device"]').first().innerText(), /applied/);
  await record(page, 'mm-3-freed');

  // Undo: ModemManager gets the modem back and probes it again.
  await page.locator('[data-action="free-device"]').first().getByRole('button', { name: 'Undo' }).click();
  await idle(page);
  // ModemManager probes it afresh: 10-20 s on a loaded machine.
  await world.waitForModem(120_000);
  await page.locator('[data-action="free-device"][data-status="undone"]').first().waitFor({ timeout: 30_000 });
  await record(page, 'mm-4-given-back');
});
