// libqmi's qmicli through a real qmi-proxy (qmicli -p), which opens the PTY itself.
import { after, before } from 'node:test';
import { defineQmicliCases } from './qmicli-cases.ts';
import { startProxy } from './qmicli-support.ts';

let proxy: Awaited<ReturnType<typeof startProxy>>;
before(async () => { proxy = await startProxy(); });
after(async () => { await proxy.stop(); });

defineQmicliCases('proxy');
