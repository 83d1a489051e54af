// `modem-doctor qmi --device PATH [--proxy] SERVICE MESSAGE [--field k=v ...] [--timeout ms]`:
// sends one request and prints the decoded reply as JSON — our own small qmicli, driven entirely
// by the message declarations. Exit 0 on success, 1 when the modem answered with an error,
// 2 on usage errors or when the device could not be reached.

import { parseCommandArgs } from './args.ts';
import { DEFAULT_TIMEOUT_MS, defaultRequestTimeout, QmiClientError, type QmiClient } from '../qmi/client.ts';
import { messageByName, redactedFields, serviceByName } from '../qmi/message-codec.ts';
import { SERVICES } from '../qmi/services/index.ts';
import type { RequestOf, MessageDecl } from '../qmi/schema.ts';
import { TransportError } from '../transport/byte-transport.ts';
import { openQmiPort } from '../system/open-qmi.ts';
import { FieldArgError, parseFieldArgs } from '../qmi/field-input.ts';
import { printJson } from './json-out.ts';
import { withProgress } from './progress.ts';

const USAGE = `usage: modem-doctor qmi --device PATH [--proxy] SERVICE MESSAGE [--field key=value ...] [--timeout ms] [--pretty] [--show-secrets]
       modem-doctor qmi --list SERVICE
  SERVICE: ${SERVICES.map((s) => s.name.toLowerCase()).join(', ')}
  MESSAGE: e.g. get-ids, get-signal-info, get-current-settings (see "--list SERVICE")
  --device PATH, -d PATH  the modem's QMI port (e.g. /dev/cdc-wdm0)
  --proxy, -p             go through libqmi's qmi-proxy (shares the port with ModemManager; needs root)
  --field k=v, -f k=v     a request field, repeatable (names and types from --list)
  --timeout ms            time limit for the request (default by message, e.g. 10 s, 90 s to start a network)
  --pretty                indented JSON
  --show-secrets          show PINs and passwords in the reply instead of [secret]
  --list SERVICE          the service's requests and their fields
  --help, -h              this text
  exit: 0 success, 1 the modem answered with an error or never answered, 2 usage error or the device cannot be opened
  e.g. modem-doctor qmi --device /dev/cdc-wdm0 dms get-ids
       modem-doctor qmi --device /dev/cdc-wdm0 wds start-network --field apn=internet
`;

function fail(message: string, code = 2): number {
  printJson({ error: { message } });
  return code;
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandArgs('qmi', args, {
    device: { type: 'string', short: 'd' }, proxy: { type: 'boolean', short: 'p' },
    field: { type: 'string', multiple: true, short: 'f' }, timeout: { type: 'string' },
    pretty: { type: 'boolean' }, list: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    'show-secrets': { type: 'boolean' },
  }, USAGE);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.list) {
    const svc = serviceByName(values.list);
    if (!svc) return fail(`unknown service "${values.list}"; known: ${SERVICES.map((s) => s.name.toLowerCase()).join(', ')}`);
    for (const [key, m] of Object.entries(svc.messages)) {
      if (m.request) process.stdout.write(`${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).padEnd(32)} 0x${m.id.toString(16).padStart(4, '0')}  ${m.name}  [${Object.keys(m.request).join(', ')}]\n`);
    }
    return 0;
  }
  if (!values.device || positionals.length !== 2) {
    process.stderr.write(USAGE);
    return 2;
  }
  const [serviceName, messageName] = positionals as [string, string];
  const service = serviceByName(serviceName);
  if (!service) return fail(`unknown service "${serviceName}"; known: ${SERVICES.map((s) => s.name.toLowerCase()).join(', ')}`);
  const found = messageByName(service, messageName);
  if (!found || !found.decl.request) {
    return fail(`${service.name} has no request "${messageName}"; try: modem-doctor qmi --list ${service.name.toLowerCase()}`);
  }
  let fields: Record<string, unknown>;
  try {
    fields = parseFieldArgs(found.decl.request, values.field ?? []);
  } catch (e) {
    if (e instanceof FieldArgError) return fail(e.message);
    throw e;
  }
  const timeoutMs = values.timeout ? Number(values.timeout) : undefined;
  if (timeoutMs !== undefined && !(timeoutMs > 0)) return fail(`--timeout must be a positive number of milliseconds`);

  let client: QmiClient | undefined;
  try {
    // Opening waits too (a CTL Sync, or the proxy opening the device): say so when it is slow.
    client = await withProgress(`opening ${values.device}${values.proxy ? ' through qmi-proxy' : ''}`, timeoutMs ?? DEFAULT_TIMEOUT_MS,
      openQmiPort({ device: values.device, proxy: values.proxy ?? false, ...(timeoutMs ? { timeoutMs } : {}) }));
    const reply = await withProgress(`${service.name} ${found.decl.name}`, timeoutMs ?? defaultRequestTimeout(service, found.decl),
      client.request(service, found.decl as MessageDecl, fields as RequestOf<MessageDecl>, timeoutMs ? { timeoutMs } : {}));
    const { message } = reply;
    // Passwords and PINs in replies (profile settings) are hidden unless asked for.
    const fieldsOut = values['show-secrets'] ? message.fields : redactedFields(message);
    printJson({ ...message, fields: fieldsOut, durationMs: Math.round(reply.durationMs * 10) / 10 }, values.pretty ?? false);
    return reply.ok ? 0 : 1;
  } catch (e) {
    // A modem that never answers is a finding (1), like `modem-doctor at`; a device that cannot be
    // opened or used is an I/O error (2).
    if (e instanceof QmiClientError) return fail(e.message, e.code === 'timeout' ? 1 : 2);
    if (e instanceof TransportError) return fail(e.message);
    throw e;
  } finally {
    await client?.close();
  }
}
