// The fleet view in Chromium: four virtual modems on the shelf, one row each, all selected; the
// profile with an empty APN (the provider database's first suggestion for each SIM) planned, then
// applied to the four at once through the provision intent: per-modem progress, a result table,
// and a new diagnosis of each modem afterwards finds no problem.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { record, skipReason } from './support/browser.ts';
import { servedWizard } from './support/served-wizard.ts';
import { sendFromPage } from './support/page-api.ts';

const skip = skipReason();

test('fleet: four seed modems provisioned at once from one profile (the database\'s APN), each set up, each diagnosis after without a problem', { skip, timeout: 600_000 }, async (t) => {
  const { page } = await servedWizard(t);

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
  // The APN left empty: each modem gets the provider database's first APN for its SIM.
  assert.equal(await page.locator('#fleet-apn').inputValue(), '');
  assert.ok(await page.getByTestId('provision').isDisabled(), 'Apply waits for a plan to read');
  await page.getByTestId('plan-provision').click();
  const plans = page.getByTestId('fleet-plan');
  await plans.waitFor({ timeout: 180_000 });
  const modemPlans = plans.locator('[data-modem]');
  assert.equal(await modemPlans.count(), 4);
  for (const p of await modemPlans.all()) {
    const text = await p.innerText();
    // main/apn/data lists internet.wind first for the virtual SIM's 222/88.
    assert.match(text, /APN profile 1: \(no APN\), ipv4, no login → internet\.wind \(the provider database's first for [^)]+\), pap-chap login Wind/, text);
    assert.match(text, /autoconnect: enabled, holding a data session → disabled/, text);
    assert.match(text, /data format .*: raw-ip \/ 802\.3 → raw-ip \/ raw-ip/, text);
  }
  await record(page, 'fleet-2-plan');

  await page.getByTestId('provision').click();
  // Per-modem progress: every row runs at once (the provision intent), each with its own phase.
  await page.locator('[data-testid="fleet-progress"][data-status="running"]').first().waitFor({ timeout: 60_000 });
  // Modems taken in turn would show one running and the rest waiting.
  const running = await page.locator('[data-testid="fleet-progress"][data-status="running"]').count();
  assert.ok(running >= 2, `only ${running} modem running at a time`);
  await record(page, 'fleet-3-progress');

  const results = page.getByTestId('fleet-results');
  await results.locator('tbody tr').nth(3).waitFor({ timeout: 480_000 });
  const resultRows = results.locator('tbody tr');
  assert.equal(await resultRows.count(), 4);
  for (const row of await resultRows.all()) {
    const text = await row.innerText();
    assert.equal(await row.getAttribute('data-ok'), 'true', text);
    assert.match(text, /✓ set up as the profile says/, text);
    assert.match(text, /autoconnect, data format, APN/, text);
    assert.match(text, /\tnone$/, text);
  }
  await record(page, 'fleet-4-results');
  t.diagnostic(`rows running at the same moment: ${running} of 4`);

  // A new diagnosis of each modem (as the wizard's "Check again" does): no problem left, shown in
  // the shelf's worst-finding column.
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-modem') ?? ''));
  for (const id of ids) {
    assert.ok((await sendFromPage(page, { type: 'select-modem', modemId: id })).ok);
    const d = await sendFromPage(page, { type: 'diagnose' });
    assert.ok(d.ok, JSON.stringify(d));
    const findings = (d as { result: { findings: { id: string; severity: string }[] } }).result.findings;
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.id), [], `modem ${id}`);
  }
  for (const id of ids) {
    const worst = page.locator(`table.fleet tr[data-modem="${id}"] [data-testid="fleet-worst"]`);
    assert.doesNotMatch(await worst.innerText(), /Problem:/);
  }
  await record(page, 'fleet-5-checked-again');
});
