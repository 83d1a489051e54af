// libqmi's qmicli through a real qmi-proxy (qmicli -p), which opens the PTY itself.
import { after, before, describe } from 'node:test';
import { defineQmicliCases } from './qmicli-cases.ts';
import { startProxy } from './qmicli-support.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';

describe('qmicli through qmi-proxy', { skip: skipUnlessRoot('libqmi\'s qmi-proxy refuses to start without root') }, () => {
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  before(async () => { proxy = await startProxy(); });
  after(async () => { await proxy.stop(); });
  defineQmicliCases('proxy');
});
