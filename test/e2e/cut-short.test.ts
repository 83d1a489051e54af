// A fix cut short in Chromium: its process was killed while it changed the modem, so its undo
// record still says 'applying'. The record is planted as the fix runner writes it before it
// changes anything (through UndoStore, from the engine's own plan for this modem, in the state
// folder `serve` reads, marked with a process that was then killed), as such a process leaves it. The wizard must say it was
// cut short, as the CLI does, and offer both ways out: Finish (the fix planned and applied again,
// taking the record over) and Undo.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { processStartTicks } from '../../main/system/device-holders.ts';
import { openStep, record, skipReason } from './support/browser.ts';
import { plantApplyingSetApn } from './support/applying-record.ts';
import { servedWizard } from './support/served-wizard.ts';
import { diagnose, idle, startVirtual } from './support/wizard.ts';

const skip = skipReason();

test('a fix cut short while applying: the wizard says so and offers Finish and Undo; Finish completes the fix and takes the record over, whose undo goes back to before', { skip, timeout: 300_000 }, async (t) => {
  const { served, page } = await servedWizard(t);

  await startVirtual(page, 'seed');
  await diagnose(page);

  // The record a `set-apn` killed mid-apply leaves: saved, status 'applying', before any change,
  // marked with the applying process, which was killed: its pid and start time name a process
  // that is gone.
  const victim = spawn('sleep', ['60'], { stdio: 'ignore' });
  const applyingIn = { pid: victim.pid!, startTicks: processStartTicks(victim.pid!)! };
  assert.ok(applyingIn.startTicks !== undefined);
  victim.kill('SIGKILL');
  await once(victim, 'exit');
  const { store, actionId: cutId } = await plantApplyingSetApn(page, served.stateDir, applyingIn, new Date(Date.now() - 60_000));
  assert.deepEqual(store.cutShort().map((r) => r.actionId), [cutId]);

  // The next look at the modem finds the record.
  await diagnose(page);
  await openStep(page, 'apn', 'APN');
  const cut = page.locator('li[data-status="cut-short"]');
  await cut.waitFor();
  const words = await cut.innerText();
  assert.match(words, /cut short while applying .*: the change may be half made\. Finish it, or undo it\./, words);
  assert.match(words, /APN of profile 1: \(none\) → internet\.wind/, words);
  assert.equal(await cut.getByRole('button', { name: 'Finish' }).count(), 1);
  assert.equal(await cut.getByRole('button', { name: 'Undo' }).count(), 1);
  assert.doesNotMatch(words, /applied earlier/);
  await record(page, 'cut-short-1-offered');

  // Finish: the fix planned again (the plan to read), applied; the finding goes.
  await cut.getByRole('button', { name: 'Finish' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /APN of profile 1/);
  await record(page, 'cut-short-2-finish-plan');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 90_000 });
  await idle(page);
  await page.locator('article[data-finding="apn-missing"]').waitFor({ state: 'detached', timeout: 90_000 });
  await cut.waitFor({ state: 'detached' });
  const applied = page.locator('li[data-action="set-apn"][data-status="applied"]');
  await applied.waitFor();
  assert.match(await applied.innerText(), /applied at/);
  // The finished run took the cut-short record over: one record, not cut short, naming it.
  assert.deepEqual(store.cutShort(), []);
  const left = store.undoable().filter((r) => r.fix === 'set-apn');
  assert.equal(left.length, 1);
  assert.deepEqual(left[0]!.finishes, [cutId]);
  await record(page, 'cut-short-3-finished');

  // Its undo goes back to before the first (cut-short) run: no APN, the finding back.
  await applied.getByRole('button', { name: 'Undo' }).click();
  await idle(page);
  await page.locator('article[data-finding="apn-missing"]').waitFor({ timeout: 90_000 });
  await page.locator('li[data-action="set-apn"][data-status="undone"]').waitFor();
});
