// The udev properties written into the simulator's umockdev description are the ones
// ModemManager's own rules would set for that modem: checked against the rules files the
// installed modemmanager package ships (/lib/udev/rules.d/77-mm-*.rules, 80-mm-candidate.rules).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { PROFILES } from '../../main/simulator/profiles/index.ts';
import { udevTags } from '../../main/simulator/udev-tags.ts';
import { umockdevDescription } from '../../main/simulator/umockdev.ts';
import { buildScenario } from '../../main/simulator/scenarios.ts';

const RULES = '/lib/udev/rules.d';
const skip = fs.existsSync(`${RULES}/80-mm-candidate.rules`) ? false : 'ModemManager\'s udev rules are not installed (Debian package modemmanager)';

/** Every `ENV{ID_MM_PORT_...}="1"` a 77-mm-*.rules line sets for VID:PID on a tty with .MM_USBIFNUM == n. */
function hintsFromRules(vid: string, pid: string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const f of fs.readdirSync(RULES).filter((n) => /^77-mm-.*\.rules$/.test(n))) {
    for (const line of fs.readFileSync(`${RULES}/${f}`, 'utf8').split('\n')) {
      if (!line.includes(`ATTRS{idVendor}=="${vid}"`) || !line.includes(`ATTRS{idProduct}=="${pid}"`)) continue;
      const ifnum = /ENV\{\.MM_USBIFNUM\}=="(\d+)"/.exec(line);
      const set = /ENV\{(ID_MM_PORT_[A-Z_]+)\}="1"/.exec(line);
      if (!ifnum || !set || !line.includes('SUBSYSTEM=="tty"')) continue;
      const n = Number(ifnum[1]);
      out.set(n, [...(out.get(n) ?? []), set[1]!]);
    }
  }
  return out;
}

for (const p of Object.values(PROFILES)) {
  test(`${p.id}: the port hints are those of ModemManager's rules for ${p.vid.toString(16)}:${p.pid.toString(16)}`, { skip }, () => {
    const vid = p.vid.toString(16).padStart(4, '0');
    const pid = p.pid.toString(16).padStart(4, '0');
    const fromRules = hintsFromRules(vid, pid);
    assert.ok(fromRules.size > 0, `the installed rules have hints for ${vid}:${pid}`);
    for (const i of p.layout(p.composition.defaultValue).interfaces) {
      const ours = udevTags(p.vid, p.pid, 'tty', i.number).filter((t) => t !== 'E: ID_MM_CANDIDATE=1').map((t) => t.slice(3, -2));
      assert.deepEqual(ours, fromRules.get(i.number) ?? [], `interface ${i.number}`);
    }
  });
}

test('every tty, cdc-wdm and net record of a description is an MM candidate, as 80-mm-candidate.rules makes it', () => {
  const p = PROFILES.ec25!;
  const text = umockdevDescription(p, buildScenario('healthy', p, 0).state);
  const records = text.split('\n\n').filter((r) => /E: SUBSYSTEM=(tty|usbmisc|net)\n/.test(r));
  assert.equal(records.length, 6, 'ttyUSB0-3, cdc-wdm0, wwan0');
  for (const r of records) assert.match(r, /^E: ID_MM_CANDIDATE=1$/m, r);
  assert.match(text, /ttyUSB2\n[^]*?E: ID_MM_PORT_TYPE_AT_PRIMARY=1/);
});
