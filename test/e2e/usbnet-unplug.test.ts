// Slow and sudden changes, in Chromium: a USB mode switch (the modem resets; the progress says
// what is being waited for) and an unplug mid-wizard (a clear state on every step, then the same
// modem plugged back in: the simulator's replug, through the virtual modem's replug intent).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStep, record, screen, skipReason } from './support/browser.ts';
import { servedWizard } from './support/served-wizard.ts';
import { diagnose, idle, startVirtual } from './support/wizard.ts';

const skip = skipReason();

test('wrong-usbnet: switching the USB mode shows the reset progress and ends with QMI', { skip, timeout: 300_000 }, async (t) => {
  const { page } = await servedWizard(t);

  await startVirtual(page, 'wrong-usbnet');
  await diagnose(page);
  await openStep(page, 'data-format', 'Data format');
  const card = page.locator('article[data-finding="usbnet-mode-wrong"]');
  await card.waitFor();
  // A modem without QMI: its USB mode is read over AT.
  assert.match(await page.getByTestId('usb-mode').innerText(), /no QMI/);
  await record(page, 'usbnet-1-wrong');

  await card.locator('button[data-fix="set-usbnet-mode"]').click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /reset/i);
  await record(page, 'usbnet-2-plan');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  // The reset: the progress line names what it waits for while the modem is away.
  const busy = page.getByTestId('busy').locator('.busy');
  await busy.waitFor({ timeout: 30_000 });
  assert.match(await busy.innerText(), /set-usbnet-mode|usb|reset|wait/i);
  await screen(page, 'usbnet-3-resetting');
  await idle(page, 120_000);
  await card.waitFor({ state: 'detached', timeout: 60_000 });
  // The new diagnosis may land a moment after the card goes: wait for the words, not the first paint.
  await page.getByTestId('usb-mode').filter({ hasText: /has QMI/ }).waitFor({ timeout: 60_000 });
  await record(page, 'usbnet-4-qmi');
});

test('unplug mid-wizard: every step says the modem is gone; plugged back in (the simulator\'s replug), the wizard shows it again, checks it anew and carries on', { skip, timeout: 300_000 }, async (t) => {
  const { page } = await servedWizard(t);

  await startVirtual(page, 'unplug');
  const label = await page.getByTestId('modem-label').innerText();
  // Mid-wizard: on the SIM step when the ports vanish (5 s after the start).
  await openStep(page, 'sim', 'SIM');
  const gone = page.getByTestId('unplugged');
  await gone.waitFor({ timeout: 60_000 });
  assert.match(await gone.innerText(), /The modem was unplugged/);
  assert.match(await gone.innerText(), /Plug it back in/);
  assert.match(await page.locator('header').innerText(), /unplugged/);
  await record(page, 'unplug-1-gone');
  await openStep(page, 'detect', 'Detect');
  assert.ok(await page.getByTestId('unplugged').isVisible(), 'said on every step');
  assert.equal(await page.getByTestId('diagnose').isDisabled(), true);

  // Plugged back in: the same modem's ports come back at the same paths (Simulator.replug).
  await page.getByTestId('replug-virtual').click();
  await gone.waitFor({ state: 'detached', timeout: 30_000 });
  assert.doesNotMatch(await page.locator('header').innerText(), /unplugged/);
  assert.equal(await page.getByTestId('modem-label').innerText(), label, 'the same modem, not a new one');
  // Checked anew by itself, and the wizard carries on from there.
  await page.getByTestId('diagnose').filter({ hasText: 'Check again' }).waitFor({ timeout: 90_000 });
  await idle(page);
  assert.equal(await page.getByTestId('diagnose').isDisabled(), false);
  await record(page, 'unplug-2-back');
  await openStep(page, 'sim', 'SIM');
  assert.equal(await page.getByTestId('sim-state').innerText(), 'ready');
  await openStep(page, 'network', 'Network');
  assert.match(await page.getByTestId('registration').innerText(), /registered/);
  await record(page, 'unplug-3-carried-on');
  // And again on demand: the modem answers a new diagnosis after its replug.
  await diagnose(page);
});
