// A log instead of a modem, in Chromium: with nothing plugged in the wizard says so (and offers the
// virtual modem); a qmicli log pasted on the Report step is read by the doctor, and its finding
// shows the log lines it rests on. The same text from a file gives the same finding.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStep, record, skipReason } from './support/browser.ts';
import { servedWizard } from './support/served-wizard.ts';
import { idle } from './support/wizard.ts';

const skip = skipReason();

// qmicli on a port another reader holds (as reported in OpenStick/OpenStick#92).
const QMICLI_HELD = `# qmicli -d /dev/wwan0qmi0 --dms-get-operating-mode
[24 Dec 2025, 01:06:35] -Warning ** Error reading from istream: Resource temporarily unavailable
error: couldn't create client for the 'dms' service: CID allocation failed in the CTL client: endpoint hangup`;

test('no modem, then a pasted and a dropped log: the port-busy finding with its lines', { skip, timeout: 240_000 }, async (t) => {
  const { wizard: w, page } = await servedWizard(t);

  // Nothing plugged in: said plainly, the virtual modem offered.
  const none = page.getByTestId('no-modem');
  await none.waitFor();
  assert.match(await none.innerText(), /No modem found/);
  await page.getByTestId('start-virtual').waitFor();
  await record(page, 'no-modem-detect');

  // Pasted.
  await openStep(page, 'report', 'Report');
  await page.getByRole('textbox', { name: 'Log text' }).fill(QMICLI_HELD);
  await page.getByTestId('import-log').click();
  await idle(page);
  const card = page.locator('article[data-finding="port-busy"]');
  await card.waitFor();
  assert.match(await page.getByText(/The log shows \(3 lines/).innerText(), /3 lines/);
  await card.getByText(/^Evidence/).click();
  const evidence = await card.locator('.evidence').innerText();
  assert.match(evidence, /2: \[24 Dec 2025, 01:06:35\] -Warning \*\* Error reading from istream/);
  await record(page, 'log-import-pasted');

  // From a file (the file input; dropping a file takes the same path).
  await page.getByRole('textbox', { name: 'Log text' }).fill('');
  await page.locator('#log-file').setInputFiles({ name: 'qmicli.log', mimeType: 'text/plain', buffer: Buffer.from(`${QMICLI_HELD}\n`) });
  await page.getByText('qmicli.log loaded').waitFor();
  assert.equal((await page.getByRole('textbox', { name: 'Log text' }).inputValue()).trim(), QMICLI_HELD);
  await page.getByTestId('import-log').click();
  await idle(page);
  await page.locator('article[data-finding="port-busy"]').waitFor();
  await record(page, 'log-import-file');
  assert.deepEqual(w.errors, []);
});
