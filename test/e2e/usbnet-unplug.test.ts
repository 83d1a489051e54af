// Slow and sudden changes, in Chromium: a USB mode switch (the modem resets; the progress says
// what is being waited for) and an unplug mid-wizard (a clear state, then a modem again).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServe } from './support/serve.ts';
import { openStep, openWizard, record, screen, skipReason } from './support/browser.ts';
import { diagnose, idle, startVirtual } from './support/wizard.ts';

const skip = skipReason();

test('wrong-usbnet: switching the USB mode shows the reset progress and ends with QMI', { skip, timeout: 300_000 }, async (t) => {
  const served = await startServe();
  t.after(() => served.stop());
  const w = await openWizard(served.url);
  t.after(() => w.close());
  const { page } = w;

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

test('unplug mid-wizard: the wizard says the modem is gone, and carries on with the next one', { skip, timeout: 300_000 }, async (t) => {
  const served = await startServe();
  t.after(() => served.stop());
  const w = await openWizard(served.url);
  t.after(() => w.close());
  const { page } = w;

  await startVirtual(page, 'unplug');
  await openStep(page, 'detect', 'Detect');
  // The ports vanish 5 s after the start.
  const gone = page.getByTestId('unplugged');
  await gone.waitFor({ timeout: 60_000 });
  assert.match(await gone.innerText(), /unplugged/);
  assert.equal(await page.getByTestId('diagnose').isDisabled(), true);
  assert.match(await page.locator('header').innerText(), /unplugged/);
  await record(page, 'unplug-1-gone');

  // A modem again (a virtual one cannot be replugged: a new one is started): the wizard follows.
  await page.locator('#scenario').selectOption('healthy');
  await page.getByTestId('start-virtual').click();
  await idle(page);
  await page.getByTestId('modem-label').filter({ hasText: '(healthy)' }).waitFor({ timeout: 60_000 });
  await diagnose(page);
  await openStep(page, 'sim', 'SIM');
  assert.equal(await page.getByTestId('sim-state').innerText(), 'ready');
  await openStep(page, 'detect', 'Detect');
  await record(page, 'unplug-2-recovered');
});
