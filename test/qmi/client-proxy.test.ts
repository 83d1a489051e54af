// The QMI client through libqmi's real qmi-proxy (Debian package libqmi-proxy): the proxy is
// started on demand exactly as libqmi's clients do, opens our PTY itself, and relays.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import type { QmiDecoded } from '../../main/evidence/exchange.ts';
import { DMS } from '../../main/qmi/services/index.ts';
import { startResponder, type Responder } from '../support/qmi-responder.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { withOwnQmiProxy } from '../support/own-qmi-proxy.ts';

let dir: string;
let r: Responder;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-proxy-'));
  r = await startResponder(path.join(dir, 'cdc-wdm0'));
});
after(async () => {
  await r.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('through qmi-proxy: proxy open, no Sync (other programs share the device), request, release',
  { skip: skipUnlessRoot('libqmi\'s qmi-proxy refuses to start without root') }, () => withOwnQmiProxy(async () => {
  const c = await openQmiPort({ device: r.path, proxy: true, releaseOnSignals: false });
  const reply = await c.request(DMS, DMS.messages.getIds);
  assert.equal(reply.ok, true);
  assert.match(reply.fields.imei ?? '', /^35000000000\d{4}$/);
  assert.equal(r.stats.syncs, 0, 'a Sync through the proxy would drop ModemManager\'s client ids');
  assert.equal(r.stats.allocated.length, 1);
  assert.equal((c.log.all()[0]?.decoded as QmiDecoded | undefined)?.message, 'Internal Proxy Open');
  await c.close();
  // The proxy forwards our Release CID to the device.
  const end = Date.now() + 3000;
  while (r.stats.released.length < 1 && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
  assert.deepEqual(r.stats.released, r.stats.allocated);
}, { startedByClient: true }));
