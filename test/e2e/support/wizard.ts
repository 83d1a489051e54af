// What a user does in the wizard, as steps the tests share: wait for the engine to be idle, apply
// an offered fix through its plan dialog.

import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Waits until no long task runs (the progress slot is empty). */
export async function idle(page: Page, timeout = 90_000): Promise<void> {
  await page.locator('[data-testid="busy"] .busy').waitFor({ state: 'detached', timeout });
}

/** Presses the fix a finding offers, checks the plan shows changes, applies, and waits for the finding to go. */
export async function applyOfferedFix(page: Page, finding: string, opts: { expectChange?: RegExp; screenshot?: (p: Page) => Promise<void>; secrets?: Record<string, string> } = {}): Promise<void> {
  const card = page.locator(`article[data-finding="${finding}"]`);
  await card.waitFor();
  await card.locator('button[data-fix]').first().click();
  const dialog = page.getByRole('dialog');
  // The plan, or the engine's refusal in the error line (then the test fails with its words).
  await dialog.or(page.getByTestId('error-line')).first().waitFor();
  if (!(await dialog.isVisible())) assert.fail(`planning the fix for ${finding} was refused: ${await page.getByTestId('error-line').innerText()}`);
  if (opts.expectChange) assert.match(await dialog.innerText(), opts.expectChange);
  // Secrets the plan asks for (an APN password when the provider's APN has a login).
  for (const [kind, value] of Object.entries(opts.secrets ?? {})) {
    const input = dialog.locator(`#secret-${kind}`);
    if (await input.count() > 0) await input.fill(value);
  }
  if (opts.screenshot) await opts.screenshot(page);
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 90_000 });
  await idle(page);
  await card.waitFor({ state: 'detached', timeout: 90_000 });
}

/** Starts a virtual modem in a scenario from the Detect step, as a user without hardware would. */
export async function startVirtual(page: Page, scenario: string): Promise<void> {
  await page.locator('#scenario').selectOption(scenario);
  await page.getByTestId('start-virtual').click();
  await page.getByText(`(${scenario})`).first().waitFor({ timeout: 60_000 });
  await idle(page);
}

/** Checks the selected modem from the Detect step and waits for the diagnosis; a refusal fails the test. */
export async function diagnose(page: Page): Promise<void> {
  await page.locator('nav [data-step="detect"]').click();
  await page.getByTestId('diagnose').click();
  await idle(page);
  const again = page.getByTestId('diagnose').filter({ hasText: 'Check again' });
  await again.or(page.getByTestId('error-line')).first().waitFor();
  if (await again.isVisible()) return;
  assert.fail(`the diagnosis was refused: ${await page.getByTestId('error-line').innerText()}`);
}
