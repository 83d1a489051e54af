// The packaging configuration (build/electron-builder.json) names only files that exist, installs
// the privileged helper where the polkit policy says pkexec may run it, installs the policy and
// the udev rule, and the udev rule is the one the device table gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { udevRules } from '../../build/udev-rules.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'build', 'electron-builder.json'), 'utf8')) as {
  files: string[]; extraResources: { from: string; to: string }[]; extraMetadata: { main: string };
  linux: { target: string[] }; deb: { fpm: string[]; afterInstall: string; afterRemove: string; depends: string[] };
};
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The fixed part of a glob ("main/**" -> "main"), which must exist. */
const stem = (g: string): string => g.split('/').filter((p) => !p.includes('*')).join('/');

test('every file and folder the configuration names is in the checkout (built ones come from build scripts)', () => {
  const built = new Set(['out', 'renderer/dist']);
  for (const g of config.files.filter((f) => !f.startsWith('!'))) {
    const s = stem(g);
    if (built.has(s)) continue;
    assert.ok(fs.existsSync(path.join(ROOT, s)), `${g}: ${s} is missing`);
  }
  for (const r of config.extraResources) assert.ok(fs.existsSync(path.join(ROOT, r.from)), r.from);
  for (const s of [config.deb.afterInstall, config.deb.afterRemove]) {
    assert.ok(fs.statSync(path.join(ROOT, s)).mode & 0o111, `${s} is executable`);
  }
  for (const m of config.deb.fpm) assert.ok(fs.existsSync(path.join(ROOT, m.split('=')[0]!)), m);
  // The main process the package runs is what tsconfig.electron.json compiles main/electron/main.ts to.
  assert.equal(config.extraMetadata.main, 'out/main/electron/main.js');
  assert.ok(fs.existsSync(path.join(ROOT, 'main', 'electron', 'main.ts')));
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.match(pkg.scripts.dist!, /electron-builder(@\S+)? .*--config build\/electron-builder\.json/);
});

test('the .deb installs the helper where the polkit policy lets pkexec run it, the policy, and the udev rule', () => {
  const dest = Object.fromEntries(config.deb.fpm.map((m) => m.split('=') as [string, string]));
  const policy = fs.readFileSync(path.join(ROOT, 'build', 'polkit', 'org.modemdoctor.helper.policy'), 'utf8');
  const execPath = /org\.freedesktop\.policykit\.exec\.path">([^<]+)</.exec(policy)?.[1];
  assert.equal(dest['build/helper/modem-doctor-helper.mjs'], execPath);
  assert.equal(dest['build/polkit/org.modemdoctor.helper.policy'], '/usr/share/polkit-1/actions/org.modemdoctor.helper.policy');
  // uaccess is applied by 73-seat-late.rules: the rule must sort before it.
  assert.match(dest['build/udev/70-modem-doctor.rules']!, /^\/usr\/lib\/udev\/rules\.d\/([0-6]\d|7[0-2])-/);
  assert.match(fs.readFileSync(path.join(ROOT, config.deb.afterInstall), 'utf8'), /chown root:root \/usr\/libexec\/modem-doctor\/modem-doctor-helper/);
  assert.ok(config.deb.depends.some((d) => /nodejs/.test(d)), 'the helper runs on the system Node');
});

test('the udev rule is the device table\'s (regenerate with node build/udev-rules.ts) and names the EC25, MC7455 and SIM7600', () => {
  const rule = fs.readFileSync(path.join(ROOT, 'build', 'udev', '70-modem-doctor.rules'), 'utf8');
  assert.equal(rule, udevRules());
  for (const [vid, pid] of [['2c7c', '0125'], ['1199', '9071'], ['1e0e', '9001']]) {
    assert.match(rule, new RegExp(`^ATTRS\\{idVendor\\}=="${vid}", ATTRS\\{idProduct\\}=="${pid}", TAG\\+="uaccess"$`, 'm'));
  }
  // Only device nodes of modems: nothing grants a whole vendor.
  for (const line of rule.split('\n').filter((l) => l.includes('uaccess'))) assert.match(line, /idProduct/);
});
