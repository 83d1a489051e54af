// The kernel side of a virtual modem as a umockdev description (umockdev's record format):
// a USB device with its descriptors, interfaces bound to drivers, tty / usbmisc / net children.
// Under `umockdev-run -d FILE` the /dev nodes are umockdev's own PTYs; umockdevRunArgv repoints
// them at the simulator's PTYs before running a command.

import type { InterfaceSpec, ModemProfile, UsbLayout } from './profiles/index.ts';
import type { DataFormatState, ModemState } from './state.ts';
import { udevTags } from './udev-tags.ts';

const ROOT = '/devices/pci0000:00/0000:00:14.0/usb1';

/** Where modem `index` of a fleet sits: root hub port index + 1 (1-1 for the first), its devnum after the hub's. */
function usbPlace(index: number): { name: string; path: string; devnum: number } {
  const name = `1-${index + 1}`;
  return { name, path: `${ROOT}/${name}`, devnum: 2 + index };
}

/** One /dev node of the description and the interface it belongs to. */
export interface DeviceNode {
  /** Kernel name: ttyUSB2, cdc-wdm0. */
  name: string;
  interfaceNumber: number;
  role: InterfaceSpec['role'];
}

/** Kernel names for a layout: ttyUSB0.. in interface order, cdc-wdm0.. for QMI/MBIM control. */
export function deviceNodes(layout: UsbLayout): DeviceNode[] {
  let tty = 0;
  let wdm = 0;
  const out: DeviceNode[] = [];
  for (const i of layout.interfaces) {
    if (i.driver === 'option' || i.driver === 'qcserial') out.push({ name: `ttyUSB${tty++}`, interfaceNumber: i.number, role: i.role });
    else if (i.driver === 'qmi_wwan' || (i.driver === 'cdc_mbim' && i.role === 'net-control')) {
      out.push({ name: `cdc-wdm${wdm++}`, interfaceNumber: i.number, role: i.role });
    }
  }
  return out;
}

function descriptors(p: ModemProfile, layout: UsbLayout): string {
  const bytes: number[] = [];
  const le16 = (v: number): number[] => [v & 0xff, v >> 8];
  let epIn = 0x81;
  let epOut = 0x01;
  const body: number[] = [];
  for (const i of layout.interfaces) {
    body.push(9, 4, i.number, 0, i.endpoints, i.cls, i.subclass, i.protocol, 0);
    if (i.endpoints !== 2) body.push(7, 5, epIn++, 3, ...le16(8), 9); // interrupt IN (notifications)
    if (i.endpoints >= 2) {
      body.push(7, 5, epIn++, 2, ...le16(512), 0);
      body.push(7, 5, epOut++, 2, ...le16(512), 0);
    }
  }
  const dev = [18, 1, ...le16(0x0200), 0, 0, 0, 64, ...le16(p.vid), ...le16(layout.pid), ...le16(p.bcdDevice), 1, 2, 3, 1];
  const cfg = [9, 2, ...le16(9 + body.length), layout.interfaces.length, 1, 0, 0xa0, 250];
  bytes.push(...dev, ...cfg, ...body);
  return Buffer.from(bytes).toString('hex');
}

const h2 = (n: number): string => n.toString(16).padStart(2, '0');
const h4 = (n: number): string => n.toString(16).padStart(4, '0');

function netRecord(intfPath: string, name: string, i: InterfaceSpec, df: DataFormatState, stats: ModemState['stats'], index: number, modem: number, tags: string[]): string {
  const qmi = i.driver === 'qmi_wwan';
  const rawIp = qmi && df.kernelRawIp;
  return [
    `P: ${intfPath}/net/${name}`,
    'E: SUBSYSTEM=net',
    ...(qmi ? ['E: DEVTYPE=wwan'] : []),
    `E: INTERFACE=${name}`,
    ...tags,
    `E: IFINDEX=${3 + index}`,
    // Locally administered, distinct per modem of a fleet and per interface.
    `A: address=02:50:f3:${h2((modem >> 8) & 0xff)}:${h2(modem & 0xff)}:${h2(index + 1)}`,
    'A: mtu=1500',
    'A: operstate=down',
    // ARPHRD_NONE in raw-ip mode, ARPHRD_ETHER otherwise (the kernel's qmi_wwan.c, qmi_wwan_netdev_setup).
    `A: type=${rawIp ? 65534 : 1}`,
    `A: statistics/rx_bytes=${stats.rxBytes}`,
    `A: statistics/tx_bytes=${stats.txBytes}`,
    `A: statistics/rx_packets=${stats.rxPackets}`,
    `A: statistics/tx_packets=${stats.txPackets}`,
    ...(qmi ? [`A: qmi/raw_ip=${df.kernelRawIp ? 'Y' : 'N'}`] : []),
    '',
  ].join('\n');
}

/** The whole description for a profile in its current composition and kernel state; `index` places modem N of a fleet. */
export function umockdevDescription(p: ModemProfile, state: ModemState, index = 0): string {
  const layout = p.layout(state.usbComposition);
  const place = usbPlace(index);
  const devnum = String(place.devnum).padStart(3, '0');
  const recs: string[] = [];
  recs.push([`P: ${ROOT}`, 'N: bus/usb/001/001', 'E: SUBSYSTEM=usb', 'E: DEVTYPE=usb_device', 'E: DRIVER=usb', 'E: BUSNUM=001',
    'E: DEVNUM=001', 'A: idVendor=1d6b', 'A: idProduct=0002', 'A: busnum=1', 'A: devnum=1', 'A: speed=480', ''].join('\n'));
  recs.push([
    `P: ${place.path}`, `N: bus/usb/001/${devnum}`, `E: DEVNAME=/dev/bus/usb/001/${devnum}`, 'E: SUBSYSTEM=usb', 'E: DEVTYPE=usb_device',
    'E: DRIVER=usb', `E: PRODUCT=${p.vid.toString(16)}/${layout.pid.toString(16)}/${p.bcdDevice.toString(16)}`,
    'E: BUSNUM=001', `E: DEVNUM=${devnum}`, 'E: MAJOR=189', `E: MINOR=${place.devnum - 1}`,
    `A: idVendor=${h4(p.vid)}`, `A: idProduct=${h4(layout.pid)}`, `A: bcdDevice=${h4(p.bcdDevice)}`, 'A: bcdUSB=0200',
    // node-usb (usb@3) lists a device only with these four (found running it under umockdev-run).
    'A: bDeviceClass=00', 'A: bDeviceSubClass=00', 'A: bDeviceProtocol=00', 'A: version= 2.00',
    'A: bMaxPacketSize0=64', 'A: bNumConfigurations=1', `A: bNumInterfaces= ${layout.interfaces.length}`, 'A: bConfigurationValue=1',
    'A: busnum=1', `A: devnum=${place.devnum}`, `A: devpath=${index + 1}`, `A: manufacturer=${p.usbManufacturer}`, `A: product=${p.usbProduct}`,
    `A: serial=${state.identity.usbSerial}`, 'A: speed=480', `A: dev=189:${place.devnum - 1}`, `H: descriptors=${descriptors(p, layout)}`, '',
  ].join('\n'));
  const nodes = deviceNodes(layout);
  // What udev's rules (ModemManager's among them) would have added to each node's record.
  const tags = (subsystem: 'tty' | 'usbmisc' | 'net', ifnum: number): string[] => udevTags(p.vid, layout.pid, subsystem, ifnum);
  let netIndex = 0;
  for (const i of layout.interfaces) {
    const intfName = `${place.name}:1.${i.number}`;
    const ip = `${place.path}/${intfName}`;
    recs.push([
      `P: ${ip}`, 'E: SUBSYSTEM=usb', 'E: DEVTYPE=usb_interface', `E: DRIVER=${i.driver}`,
      `E: INTERFACE=${i.cls}/${i.subclass}/${i.protocol}`, `A: bInterfaceNumber=${h2(i.number)}`, `A: bInterfaceClass=${h2(i.cls)}`,
      `A: bInterfaceSubClass=${h2(i.subclass)}`, `A: bInterfaceProtocol=${h2(i.protocol)}`, `A: bNumEndpoints=${h2(i.endpoints)}`,
      `L: driver=../../../../../../bus/usb/drivers/${i.driver}`, '',
    ].join('\n'));
    const node = nodes.find((n) => n.interfaceNumber === i.number);
    if (node?.name.startsWith('ttyUSB')) {
      const minor = Number(node.name.slice(6));
      recs.push([`P: ${ip}/${node.name}/tty/${node.name}`, `N: ${node.name}`, 'L: device=../../..', 'E: SUBSYSTEM=tty',
        `E: DEVNAME=/dev/${node.name}`, 'E: MAJOR=188', `E: MINOR=${minor}`, ...tags('tty', i.number), `A: dev=188:${minor}`, ''].join('\n'));
    } else if (node?.name.startsWith('cdc-wdm')) {
      const minor = 176 + Number(node.name.slice(7));
      // libqmi reads /sys/class/usbmisc/cdc-wdmN/device/driver to pick QMI over MBIM (found running
      // qmicli under umockdev-run: without it the port is refused).
      recs.push([`P: ${ip}/usbmisc/${node.name}`, `N: ${node.name}`, `L: device=../../../${intfName}`, 'E: SUBSYSTEM=usbmisc',
        `E: DEVNAME=/dev/${node.name}`, 'E: MAJOR=180', `E: MINOR=${minor}`, ...tags('usbmisc', i.number), `A: dev=180:${minor}`, ''].join('\n'));
    }
    if (i.netName) recs.push(netRecord(ip, i.netName, i, state.dataFormat, state.stats, netIndex++, index, tags('net', i.number)));
  }
  return recs.join('\n');
}

/** Drivers whose /sys/bus/usb/drivers/<name> must exist for libqmi's realpath() of the driver
 *  link (found running qmicli under umockdev-run). */
export function driversOf(layout: UsbLayout): string[] {
  return [...new Set(layout.interfaces.map((i) => i.driver))];
}

// Fixed script: arguments arrive as positional parameters, never spliced into the text.
const LINK_SCRIPT = [
  'd="$UMOCKDEV_DIR"',
  'while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do',
  '  case "$1" in',
  '    driver=*) mkdir -p "$d/sys/bus/usb/drivers/${1#driver=}" ;;',
  '    *) ln -sfn "${1#*=}" "$d/dev/${1%%=*}" ;;',
  '  esac',
  '  shift',
  'done',
  'shift',
  'exec "$@"',
].join('\n');

/**
 * argv that runs `command` under umockdev-run with this description, its /dev nodes pointing at
 * the given PTYs (node name -> pty path) and the drivers' sysfs directories present.
 */
export function umockdevRunArgv(descriptionPath: string, links: Readonly<Record<string, string>>, drivers: readonly string[], command: readonly string[]): string[] {
  const pairs = Object.entries(links).map(([name, target]) => {
    if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw new Error(`not a device node name: ${name}`);
    return `${name}=${target}`;
  });
  return ['umockdev-run', '-d', descriptionPath, '--', 'sh', '-c', LINK_SCRIPT, 'sh',
    ...drivers.map((d) => `driver=${d}`), ...pairs, '--', ...command];
}
