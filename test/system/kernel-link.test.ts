import { test, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { readLinkState } from '../../main/system/kernel-link.ts';
import { netInterfaceDriver, listNetInterfaces } from '../../main/system/kernel-drivers.ts';
import { inspectNetInterface, inspectNetInterfaces } from '../../main/system/kernel.ts';
import { KernelError } from '../../main/system/kernel-errors.ts';
import { makeSysfsFixture } from './sysfs-fixture.ts';

const sys = makeSysfsFixture([
  { name: 'wwan0', driver: 'qmi_wwan', rawIp: 'Y', flags: '0x1091', operstate: 'unknown', type: 65534 },
  { name: 'wwan1', driver: 'qmi_wwan', rawIp: 'N', flags: '0x1002', operstate: 'down' },
  { name: 'wwan2', driver: 'cdc_mbim', operstate: 'dormant' },
  { name: 'tun0', flags: '0x1001', operstate: 'up' },
  { name: 'odd0', flags: 'garbage', operstate: 'down' },
]);
after(() => sys.remove());
const opts = { sysfsRoot: sys.root };

test('link state: IFF_UP from flags, operstate as the kernel says it, ARPHRD type', async () => {
  assert.deepEqual(await readLinkState('wwan0', opts), { name: 'wwan0', adminUp: true, operstate: 'unknown', arphrd: 65534 });
  assert.deepEqual(await readLinkState('wwan1', opts), { name: 'wwan1', adminUp: false, operstate: 'down', arphrd: 1 });
  // No flags attribute: only an operstate of "up" proves it is up.
  assert.equal((await readLinkState('wwan2', opts)).adminUp, undefined);
  assert.equal((await readLinkState('tun0', opts)).adminUp, true);
});

test('link state of a missing interface or with an unreadable flag word is a typed error', async () => {
  await assert.rejects(readLinkState('nosuch0', opts), (e: unknown) => e instanceof KernelError && e.code === 'not-found' && /no network interface called nosuch0/.test(e.message));
  await assert.rejects(readLinkState('odd0', opts), (e: unknown) => e instanceof KernelError && e.code === 'bad-output' && /not a hexadecimal flag word/.test(e.message));
});

test('the driver bound to each interface, none for a virtual one', async () => {
  assert.equal(await netInterfaceDriver('wwan0', opts), 'qmi_wwan');
  assert.equal(await netInterfaceDriver('wwan2', opts), 'cdc_mbim');
  assert.equal(await netInterfaceDriver('tun0', opts), undefined);
  assert.deepEqual(await listNetInterfaces(opts), ['odd0', 'tun0', 'wwan0', 'wwan1', 'wwan2']);
});

test('one reading of an interface: driver, raw_ip, link', async () => {
  assert.deepEqual(await inspectNetInterface('wwan1', opts), {
    name: 'wwan1', driver: 'qmi_wwan', rawIp: 'N', link: { name: 'wwan1', adminUp: false, operstate: 'down', arphrd: 1 },
  });
  const many = await inspectNetInterfaces({ sysfsRoot: makeEmptyLater() });
  assert.deepEqual(many, []);
});

test('the real /sys: loopback is up, has no driver and no raw_ip', async () => {
  const lo = await inspectNetInterface('lo');
  assert.equal(lo.driver, undefined);
  assert.equal(lo.rawIp, undefined);
  assert.equal(lo.link.adminUp, true);
  assert.equal(lo.link.arphrd, 772); // ARPHRD_LOOPBACK, include/uapi/linux/if_arp.h
  assert.ok((await listNetInterfaces()).includes('lo'));
});

function makeEmptyLater(): string {
  const empty = makeSysfsFixture([]);
  after(() => empty.remove());
  return empty.root;
}

test('without a `device` link (as in a umockdev testbed) the driver is found from the class link\'s target', async () => {
  const bare = makeSysfsFixture([{ name: 'wwan0', driver: 'qmi_wwan', rawIp: 'N' }, { name: 'tun0' }]);
  try {
    fs.rmSync(path.join(bare.root, 'class', 'net', 'wwan0', 'device'));
    assert.equal(await netInterfaceDriver('wwan0', { sysfsRoot: bare.root }), 'qmi_wwan');
    assert.equal(await netInterfaceDriver('tun0', { sysfsRoot: bare.root }), undefined);
  } finally {
    bare.remove();
  }
});
