// A fix another program is applying right now, in Chromium: its undo record says 'applying' and
// names a process that still runs (pid and start time), as `modem-doctor fix` leaves it while it
// changes the modem. The record is planted through UndoStore, from the engine's own plan for this
// modem, in the state folder `serve` reads. The wizard must say so, as `undo --list` does, and
// offer neither Finish nor Undo (either would pull the change from under that program); an intent
// sent anyway is refused. Once that program is gone, the next check shows the fix cut short, with
// both ways out.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { ApiReply } from '../../main/api/contract.ts';
import { processStartTicks } from '../../main/system/device-holders.ts';
import { openStep, record, skipReason } from './support/browser.ts';
import { plantApplyingSetApn } from './support/applying-record.ts';
import { servedWizard } from './support/served-wizard.ts';
import { sendFromPage } from './support/page-api.ts';
import { diagnose, startVirtual } from './support/wizard.ts';

const skip = skipReason();

test('a fix another program is applying right now: the wizard names its process and offers no Finish or Undo (refused if sent); once it is gone, the fix is cut short with both', { skip, timeout: 300_000 }, async (t) => {
  // The other program, alive for the whole first half of the test; ended when the test ends.
  const other = spawn('sleep', ['300'], { stdio: 'ignore' });
  const gone = once(other, 'exit');
  t.after(async () => {
    if (other.exitCode === null && other.signalCode === null) other.kill('SIGKILL');
    await gone;
  });
  const startTicks = processStartTicks(other.pid!);
  assert.ok(startTicks !== undefined, 'the other program has a start time in /proc');

  const { served, page } = await servedWizard(t);
  await startVirtual(page, 'seed');
  await diagnose(page);

  // The record `fix set-apn` writes before it changes anything, marked with the other program.
  const { store, actionId: id, options } = await plantApplyingSetApn(page, served.stateDir, { pid: other.pid!, startTicks });
  assert.deepEqual(store.cutShort(), [], 'a record whose process runs is not cut short');

  // The next look at the modem finds it: being applied, by that process, nothing to press.
  await diagnose(page);
  await openStep(page, 'apn', 'APN');
  const elsewhere = page.locator('li[data-status="applying-elsewhere"]');
  await elsewhere.waitFor();
  const words = await elsewhere.innerText();
  assert.match(words, new RegExp(`being applied now by another program \\(process ${other.pid}\\): wait for it to finish, then check again\\.`), words);
  assert.match(words, /APN of profile 1: \(none\) → internet\.wind/, words);
  assert.equal(await elsewhere.getByRole('button').count(), 0, 'neither Finish nor Undo');
  assert.equal(await page.locator('li[data-status="cut-short"]').count(), 0);
  await record(page, 'applying-elsewhere-1-shown');

  // An intent sent anyway (another door, an old page) is refused with the process named; nothing changed.
  const refused = (r: ApiReply): void => {
    assert.ok(!r.ok && r.error.code === 'refused' && r.error.message.includes(`being applied now by another program (process ${other.pid})`), JSON.stringify(r));
  };
  refused(await sendFromPage(page, { type: 'undo', actionId: id }));
  refused(await sendFromPage(page, { type: 'plan-fix', fix: 'set-apn', finding: 'apn-missing', options }));
  assert.equal(store.load(id).status, 'applying');

  // The other program dies mid-change: checked again, the wizard offers to finish or undo it.
  other.kill('SIGKILL');
  await gone;
  await diagnose(page);
  await openStep(page, 'apn', 'APN');
  const cut = page.locator('li[data-status="cut-short"]');
  await cut.waitFor();
  assert.match(await cut.innerText(), /cut short while applying .*: the change may be half made\. Finish it, or undo it\./);
  assert.equal(await cut.getByRole('button', { name: 'Finish' }).count(), 1);
  assert.equal(await cut.getByRole('button', { name: 'Undo' }).count(), 1);
  assert.equal(await elsewhere.count(), 0);
  await record(page, 'applying-elsewhere-2-cut-short');
});
