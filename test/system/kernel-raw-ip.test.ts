import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { readRawIp, writeRawIp, rawIpWriteError, explainRawIpBusy } from '../../main/system/kernel-raw-ip.ts';
import { KernelError } from '../../main/system/kernel-errors.ts';
import { makeSysfsFixture } from './sysfs-fixture.ts';

// flags 0x1003 = IFF_UP|IFF_BROADCAST|IFF_MULTICAST (up); 0x1002 the same without IFF_UP (down).
const sys = makeSysfsFixture([
  { name: 'wwan0', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1002', operstate: 'down' },
  { name: 'wwan1', driver: 'qmi_wwan', rawIp: 'Y', flags: '0x1003', operstate: 'unknown', type: 65534 },
  { name: 'usb0', driver: 'cdc_ether', flags: '0x1003', operstate: 'up' },
  { name: 'wwan2', driver: 'qmi_wwan', rawIp: 'N', operstate: 'down' },
]);
after(() => sys.remove());
const opts = { sysfsRoot: sys.root };

test('raw_ip reads Y or N from a qmi_wwan interface, nothing from another driver', async () => {
  assert.equal(await readRawIp('wwan0', opts), 'N');
  assert.equal(await readRawIp('wwan1', opts), 'Y');
  assert.equal(await readRawIp('usb0', opts), undefined);
  assert.equal(await readRawIp('nosuch0', opts), undefined);
});

test('raw_ip is written while the link is down, and reads back', async () => {
  const change = await writeRawIp('wwan0', 'Y', opts);
  assert.deepEqual(change, { iface: 'wwan0', previous: 'N', current: 'Y', changed: true });
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan0'), 'utf8').trim(), 'Y');
  const back = await writeRawIp('wwan0', 'N', opts);
  assert.equal(back.current, 'N');
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan0'), 'utf8').trim(), 'N');
});

test('writing the value it already has changes nothing, even while up', async () => {
  const change = await writeRawIp('wwan1', 'Y', opts);
  assert.equal(change.changed, false);
});

test('a change while the link is up is refused as EBUSY, explained, and the file is left alone', async () => {
  await assert.rejects(writeRawIp('wwan1', 'N', opts), (e: unknown) => {
    assert.ok(e instanceof KernelError);
    assert.equal(e.code, 'busy');
    assert.equal(e.errno, 'EBUSY');
    assert.match(e.message, /wwan1 because the interface is up/);
    assert.match(e.message, /ip link set dev wwan1 down/);
    return true;
  });
  assert.equal(fs.readFileSync(sys.rawIpFile('wwan1'), 'utf8').trim(), 'Y');
});

test('without a flags attribute (a testbed), the write is tried and succeeds when the kernel lets it', async () => {
  assert.equal((await writeRawIp('wwan2', 'Y', opts)).current, 'Y');
});

test('an interface without raw_ip is named as not qmi_wwan; bad names never reach the file system', async () => {
  await assert.rejects(writeRawIp('usb0', 'Y', opts), (e: unknown) => e instanceof KernelError && e.code === 'not-found' && /not driven by qmi_wwan/.test(e.message));
  for (const name of ['../wwan0', 'wwan0/qmi', '', 'a'.repeat(16), 'wwan0; rm -rf /']) {
    await assert.rejects(readRawIp(name, opts), (e: unknown) => e instanceof KernelError && e.code === 'bad-name', name);
  }
  await assert.rejects(writeRawIp('wwan0', 'yes' as 'Y', opts), (e: unknown) => e instanceof KernelError && e.code === 'invalid');
});

test('a raw_ip file holding something else than Y or N is a typed error, not a guess', async () => {
  fs.writeFileSync(sys.rawIpFile('wwan2'), 'maybe\n');
  await assert.rejects(readRawIp('wwan2', opts), (e: unknown) => e instanceof KernelError && e.code === 'bad-output' && /expected Y or N/.test(e.message));
});

test('each errno the kernel can return for a raw_ip write becomes words', () => {
  const table: [string, string, RegExp][] = [
    ['EBUSY', 'busy', /interface is up/],
    ['EACCES', 'permission', /needs root/],
    ['EPERM', 'permission', /privileged helper/],
    ['ENOENT', 'not-found', /not driven by qmi_wwan/],
    ['EINVAL', 'invalid', /refused the raw_ip value/],
    ['EIO', 'io', /EIO/],
  ];
  for (const [errno, code, words] of table) {
    const e = rawIpWriteError('wwan0', { code: errno });
    assert.equal(e.code, code, errno);
    assert.equal(e.errno, errno);
    assert.match(e.message, words, errno);
  }
  assert.equal(rawIpWriteError('wwan0', { code: 'EBUSY' }).message, explainRawIpBusy('wwan0'));
});
