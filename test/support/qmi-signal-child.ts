// Child process for the SIGTERM test: opens a client, takes a client id, says "ready", waits.
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { DMS } from '../../main/qmi/services/index.ts';

const c = await openQmiPort({ device: process.argv[2]! });
await c.request(DMS, DMS.messages.getIds);
process.stdout.write('ready\n');
setInterval(() => { /* stay alive until signalled */ }, 1000);
