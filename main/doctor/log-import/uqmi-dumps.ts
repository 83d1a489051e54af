// Finds the values uqmi printed in a log. uqmi prints JSON through libubox's blobmsg (uqmi
// commands-wds.c cmd_wds_get_current_settings_cb: "pdp-type", "ip-family", "mtu", then an
// "ipv4" table with "ip", "dns1", "dns2", "gateway", "subnet"; commands-nas.c for Get Serving
// System: "registration", "plmn_mcc", "plmn_mnc", "plmn_description"). Indented over many lines
// or on one line, possibly behind syslog prefixes: we scan tokens, not a whole JSON document,
// so a truncated paste still yields what it shows.

import { messageOf } from './log-lines.ts';
import type { LogLine } from './observation.ts';

export type DumpKey = 'mtu' | 'plmn_mcc' | 'plmn_mnc' | 'ipv4.ip' | 'ipv4.gateway' | 'ipv4.subnet' | 'ipv4.dns1' | 'ipv4.dns2';

export interface DumpValue {
  value: string | number;
  line: LogLine;
}

/** One printed reply: the values of one uqmi call (a repeated key starts the next). */
export type UqmiDump = Partial<Record<DumpKey, DumpValue>>;

const TOP_KEYS = new Set(['mtu', 'plmn_mcc', 'plmn_mnc']);
const IPV4_KEYS = new Set(['ip', 'gateway', 'subnet', 'dns1', 'dns2']);
const TOKEN = /"([\w-]+)"\s*:\s*(\{|"[^"]*"|-?\d+|true|false)|(\})/g;

export function findUqmiDumps(lines: readonly LogLine[]): UqmiDump[] {
  const dumps: UqmiDump[] = [];
  let current: UqmiDump = {};
  const section: string[] = [];
  const flush = () => { if (Object.keys(current).length > 0) dumps.push(current); current = {}; };

  for (const line of lines) {
    const msg = messageOf(line.text);
    if (msg === '{' && section.length === 0) flush();
    for (const m of msg.matchAll(TOKEN)) {
      if (m[3] === '}') { section.pop(); continue; }
      const key = m[1] as string;
      const raw = m[2] as string;
      if (raw === '{') { section.push(key); continue; }
      const inIpv4 = section[section.length - 1] === 'ipv4';
      let dumpKey: DumpKey | undefined;
      if (section.length === 0 && TOP_KEYS.has(key)) dumpKey = key as DumpKey;
      else if (inIpv4 && IPV4_KEYS.has(key)) dumpKey = `ipv4.${key}` as DumpKey;
      if (!dumpKey) continue;
      const value = raw.startsWith('"') ? raw.slice(1, -1) : Number(raw);
      if (current[dumpKey]) flush();
      current[dumpKey] = { value, line };
    }
    // An object that never closed (truncated paste) must not swallow the rest of the log.
    if (section.length > 8) section.length = 0;
  }
  flush();
  return dumps;
}
