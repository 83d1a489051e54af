// Test set-up through the same API the page uses: a WebSocket opened from inside the served page
// (its origin, its token), sending one intent and returning the reply. Used for what a user does
// outside the wizard (plugging in more modems: here, starting virtual ones).

import type { Page } from 'playwright-core';
import type { ApiReply, Intent } from '../../../main/api/contract.ts';

export async function sendFromPage(page: Page, intent: Intent): Promise<ApiReply> {
  return page.evaluate(async (intentJson: string) => {
    // Runs in the page (this file is typechecked without the DOM library).
    const loc = (globalThis as unknown as { location: { search: string; host: string } }).location;
    const token = new URLSearchParams(loc.search).get('token') ?? '';
    const ws = new WebSocket(`ws://${loc.host}/api?token=${encodeURIComponent(token)}`);
    return await new Promise<ApiReply>((resolve, reject) => {
      const timer = setTimeout(() => { ws.close(); reject(new Error('no reply within 120 s')); }, 120_000);
      ws.onopen = () => ws.send(JSON.stringify({ id: 1, intent: JSON.parse(intentJson) }));
      ws.onmessage = (ev) => {
        const msg = JSON.parse(String(ev.data)) as { kind: string; id?: number; reply?: ApiReply };
        if (msg.kind === 'reply' && msg.id === 1) { clearTimeout(timer); ws.close(); resolve(msg.reply!); }
      };
      ws.onerror = () => { clearTimeout(timer); reject(new Error('WebSocket error')); };
    });
  }, JSON.stringify(intent));
}
