// The record `modem-doctor fix set-apn` saves before it changes anything (status 'applying', the
// applying process's pid and start time), planted in a served wizard's undo store for the seed
// modem's missing APN. The plan is the wizard's own (asked for, then cancelled), so the record is
// the one a real run on this modem would leave.

import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ModemEntry, PendingPlan, SessionState } from '../../../main/api/contract.ts';
import { newActionId, UndoStore } from '../../../main/doctor/undo-store.ts';
import { sendFromPage } from './page-api.ts';

export async function plantApplyingSetApn(page: Page, stateDir: string, applyingIn: { pid: number; startTicks: number }, at = new Date()): Promise<{ store: UndoStore; actionId: string; options: Record<string, string> }> {
  const state = (await sendFromPage(page, { type: 'get-state' }) as { result: SessionState }).result;
  const modem = state.modems.find((m) => m.id === state.selected) as ModemEntry;
  const offer = state.findings.find((f) => f.id === 'apn-missing')?.fixes.find((o) => o.fix === 'set-apn');
  assert.ok(offer, 'the seed modem is offered set-apn for its missing APN');
  const planned = await sendFromPage(page, { type: 'plan-fix', fix: 'set-apn', finding: 'apn-missing', options: offer.options ?? {} });
  assert.ok(planned.ok, JSON.stringify(planned));
  const plan = (planned as { result: PendingPlan }).result.plan;
  assert.ok((await sendFromPage(page, { type: 'cancel-plan' })).ok);
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  const store = new UndoStore({ dir: path.join(stateDir, 'modem-doctor', 'undo') });
  const actionId = newActionId('set-apn', at);
  store.save({
    version: 1, actionId, fix: 'set-apn', status: 'applying', applyingIn, appliedAt: at.toISOString(),
    modem: store.modemIdentity(state.facts?.device?.value.imei, modem.label, modem.target.id),
    changes: plan.changes, restore: plan.restore ?? {}, target: modem.target, finding: 'apn-missing',
  });
  return { store, actionId, options: offer.options ?? {} };
}
