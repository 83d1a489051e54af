// The default engine's own parts: a pasted log judged by the real rules through the session,
// and the modem list from discovery under a umockdev-free empty sysfs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatcher } from '../../main/api/dispatcher.ts';
import { createEngine } from '../../main/doctor/default-engine.ts';
import { Session } from '../../main/doctor/session.ts';

// The 2018 uqmi output from the field (an ARMv5 router's decoder, one byte off).
const UQMI_2018 = `{
	"pdp-type": "ipv4",
	"ip-family": "ipv4",
	"mtu": 263644,
	"ipv4": {
		"ip": "0.23.154.198",
		"gateway": "10.23.154.197",
		"subnet": "255.255.255.252",
		"dns1": "10.4.21.25",
		"dns2": "10.4.97.25"
	}
}
{
	"plmn_mcc": 56832,
	"plmn_mnc": 22528
}`;

test('import-log through the API: the byte shift found, with the true values, and shown in the state', async () => {
  const session = new Session(createEngine({ listModems: async () => [] }), { presenceIntervalMs: 0 });
  await session.start();
  const d = createDispatcher(session);
  const r = await d.dispatch({ type: 'import-log', text: UQMI_2018 });
  assert.ok(r.ok, JSON.stringify(r));
  const s = session.state();
  const f = s.imported?.findings.find((x) => x.id === 'decoder-byte-shift');
  assert.ok(f, JSON.stringify(s.imported?.findings.map((x) => x.id)));
  const tv = (f.values as { trueValues: Record<string, unknown> }).trueValues;
  assert.equal(tv.mtu, 1500);
  assert.equal(tv.ip, '10.23.154.198');
  assert.equal(tv.mcc, 222);
  assert.equal(tv.mnc, 88);
  // Without a modem the report of the log alone is offered: JSON with the finding and its true values.
  const rep = await d.dispatch({ type: 'export-report', format: 'json' });
  assert.ok(rep.ok, JSON.stringify(rep));
  const file = rep.result as { filename: string; mimeType: string; content: string };
  assert.match(file.filename, /\.json$/);
  const parsed = JSON.parse(file.content) as { findings: { id: string }[]; schemaVersion: string };
  assert.deepEqual(parsed.findings.map((f) => f.id), ['decoder-byte-shift']);
  const html = await d.dispatch({ type: 'export-report', format: 'html' });
  assert.ok(html.ok && /<html/i.test((html.result as { content: string }).content));
  await session.dispose();
});

test('diagnose with nothing selected says what to do', async () => {
  const session = new Session(createEngine({ listModems: async () => [] }), { presenceIntervalMs: 0 });
  await session.start();
  const r = await createDispatcher(session).dispatch({ type: 'diagnose' });
  assert.ok(!r.ok && r.error.code === 'no-modem' && /virtual modem/.test(r.error.message));
  await session.dispose();
});

test('the default engine offers provisioning: a profile for a modem that is not listed is refused as not found, not as missing from this build', async () => {
  const session = new Session(createEngine({ listModems: async () => [] }), { presenceIntervalMs: 0 });
  await session.start();
  const r = await createDispatcher(session).dispatch({ type: 'provision', profile: { version: 1, dataFormat: 'raw-ip' }, modemIds: ['1-9'] });
  assert.ok(!r.ok && r.error.code === 'not-found', JSON.stringify(r));
  await session.dispose();
});
