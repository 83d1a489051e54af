// libqmi's qmicli through a real qmi-proxy (qmicli -p), which opens the PTY itself.
import { after, before, describe } from 'node:test';
import { defineQmicliCases } from './qmicli-cases.ts';
import { ownQmiProxy, type OwnedProxy } from '../support/own-qmi-proxy.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';

describe('qmicli through qmi-proxy', { skip: skipUnlessRoot('libqmi\'s qmi-proxy refuses to start without root') }, () => {
  let proxy: OwnedProxy | undefined;
  before(async () => { proxy = await ownQmiProxy(); });
  after(async () => { await proxy?.release(); });
  defineQmicliCases('proxy');
});
