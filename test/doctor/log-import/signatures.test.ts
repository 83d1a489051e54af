// Log signatures from real lines users posted (each block cites where it comes from); lines we
// wrote ourselves are marked "constructed".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importLog } from '../../../main/doctor/log-import/import-log.ts';
import type { DriverBindingDetails, StorageModeDetails } from '../../../main/doctor/log-import/usb-observations.ts';
import type { DhcpNoReplyDetails } from '../../../main/doctor/log-import/dhcp-no-reply.ts';
import type { NmeaOnAtPortDetails } from '../../../main/doctor/log-import/nmea-on-at-port.ts';
import type { QmiPortHeldDetails } from '../../../main/doctor/log-import/qmi-port-held.ts';
import type { LogObservation, ObservationId } from '../../../main/doctor/log-import/observation.ts';

const only = <D extends object>(text: string, id: ObservationId): LogObservation<D> | undefined =>
  importLog(text).observations.find((o) => o.id === id) as LogObservation<D> | undefined;
const ids = (text: string): string[] => importLog(text).observations.map((o) => o.id);

// OpenStick/OpenStick#92 (qmicli on a modem another reader holds).
const QMICLI_ISTREAM = `# qmicli -d /dev/wwan0qmi0 --dms-get-operating-mode
[24 Dec 2025, 01:06:35] -Warning ** Error reading from istream: Resource temporarily unavailable
error: couldn't create client for the 'dms' service: CID allocation failed in the CTL client: endpoint hangup`;

// the-modem-distro/pinephone_modem_sdk#9 (ModemManager's own journal lines).
const MM_JOURNAL = `jun 06 05:58:16 mobian ModemManager[519]: [/dev/cdc-wdm0] Allocating new client ID...
jun 06 05:58:16 mobian ModemManager[519]: [/dev/cdc-wdm0] Registered 'dms' (version 1.0) client with ID '1'`;

test('qmicli "Error reading from istream: Resource temporarily unavailable": the port is held', () => {
  const o = only<QmiPortHeldDetails>(QMICLI_ISTREAM, 'qmi-port-held');
  assert.ok(o);
  assert.equal(o.finding, 'port-busy');
  assert.equal(o.details.device, '/dev/wwan0qmi0');
  assert.equal(o.details.modemManagerSeen, false);
  assert.deepEqual(o.evidence.map((l) => l.n), [2, 3]);
  assert.match(o.summary, /usually that is ModemManager/i);
  // With ModemManager's lines in the same log (two real excerpts pasted together: constructed
  // combination), the finding names it.
  const both = only<QmiPortHeldDetails>(`${MM_JOURNAL}\n${QMICLI_ISTREAM}`, 'qmi-port-held');
  assert.equal(both?.finding, 'modemmanager-holds-device');
  assert.equal(both?.details.modemManagerSeen, true);
  assert.ok(both?.evidence.some((l) => l.text.includes('ModemManager[519]')));
  // ModemManager alone talking to its modem is not a problem.
  assert.deepEqual(ids(MM_JOURNAL), []);
});

// oofnikj/iptmon#5: busybox udhcpc's own lines.
const UDHCPC = `udhcpc: started, v1.30.1
udhcpc: sending discover
udhcpc: sending discover
udhcpc: sending discover
udhcpc: no lease, failing`;
// Constructed: net-tools ifconfig for a raw-ip wwan0 that sent but received nothing.
const IFCONFIG_RX0 = `wwan0: flags=4305<UP,POINTOPOINT,RUNNING,NOARP,MULTICAST>  mtu 1500
        unspec 00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00  txqueuelen 1000  (UNSPEC)
        RX packets 0  bytes 0 (0.0 B)
        RX errors 0  dropped 0  overruns 0  frame 0
        TX packets 12  bytes 3936 (3.8 KiB)
        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0`;
// Constructed: the same from \`ip -s link\`.
const IP_S_RX0 = `5: wwan0: <POINTOPOINT,MULTICAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UNKNOWN mode DEFAULT group default qlen 1000
    link/none
    RX:  bytes packets errors dropped  missed   mcast
             0       0      0       0       0       0
    TX:  bytes packets errors dropped carrier collsns
          3936      12      0       0       0       0`;

test('udhcpc discovers while wwan0 receives nothing: data format mismatch', () => {
  for (const counters of [IFCONFIG_RX0, IP_S_RX0]) {
    const o = only<DhcpNoReplyDetails>(`${UDHCPC}\n${counters}`, 'dhcp-no-reply');
    assert.ok(o);
    assert.equal(o.finding, 'data-format-mismatch');
    assert.equal(o.severity, 'error');
    assert.deepEqual({ ...o.details }, { discovers: 3, interface: 'wwan0', rxPackets: 0, txPackets: 12, strength: 'strong' });
    assert.match(o.summary, /raw-ip vs 802\.3/);
    assert.match(o.summary, /\/sys\/class\/net\/wwan0\/qmi\/raw_ip/);
  }
  // Without counters: a weaker warning that says what would confirm it.
  const weak = only<DhcpNoReplyDetails>(UDHCPC, 'dhcp-no-reply');
  assert.equal(weak?.severity, 'warning');
  assert.equal(weak?.details.strength, 'weak');
  // A lease obtained (constructed line in udhcpc's format) means DHCP works.
  assert.equal(only(`${UDHCPC}\nudhcpc: lease of 10.23.154.198 obtained, lease time 7200`, 'dhcp-no-reply'), undefined);
  // Traffic flowing (RX > 0) with discovers but no "no lease": nothing to report.
  assert.equal(only(`udhcpc: sending discover\n${IFCONFIG_RX0.replace('RX packets 0', 'RX packets 40')}`, 'dhcp-no-reply'), undefined);
});

// Constructed transcript (minicom on an EC25's ttyUSB1); the NMEA sentences follow NMEA 0183's
// GSV/GGA/RMC formats as modems stream them.
const NMEA_SESSION = `Welcome to minicom 2.8  Port /dev/ttyUSB1
AT
$GPGSV,3,1,11,02,45,100,30,05,60,200,35,12,20,300,28,13,10,050,20*7A
$GPGGA,,,,,,0,,,,,,,,*66
AT+CSQ
$GPRMC,,V,,,,,,,,,,N*53
$GPGSV,1,1,00*79`;

test('AT typed into the NMEA port: sentences instead of OK', () => {
  const o = only<NmeaOnAtPortDetails>(NMEA_SESSION, 'nmea-on-at-port');
  assert.ok(o);
  assert.equal(o.finding, 'wrong-at-port');
  assert.equal(o.details.port, '/dev/ttyUSB1');
  assert.deepEqual(o.details.unansweredCommands, ['AT', 'AT+CSQ']);
  assert.equal(o.details.sentences, 4);
  assert.deepEqual(o.evidence.map((l) => l.n), [2, 3, 4, 5, 6, 7]);
  // Kodo-kakaku/luci-app-gpoint#39 (Fibocom): an AT command answered with a sentence and OK.
  assert.equal(only('AT+GTGPS="RMC"\nGTGPS:\n$GPRMC,,V,,,,,,,,,,N*53\n\n\nOK', 'nmea-on-at-port'), undefined);
  // A plain GNSS stream without AT commands is just a GNSS port doing its job.
  assert.equal(only('$GPRMC,,V,,,,,,,,,,N*53\n$GPGSV,1,1,00*79', 'nmea-on-at-port'), undefined);
});

// Ysurac/openmptcprouter#1686 (Huawei E8372 stays a USB stick; OpenWrt logread lines).
const E8372_STORAGE = `Tue Mar 23 14:17:56 2021 kern.info kernel: [  855.891241] usb 2-1: new high-speed USB device number 3 using xhci-hcd
Tue Mar 23 14:17:56 2021 kern.debug kernel: [  856.072190] usb 2-1: no of_node; not parsing pinctrl DT
Tue Mar 23 14:17:56 2021 kern.debug kernel: [  856.078373] usb-storage 2-1:1.0: no of_node; not parsing pinctrl DT
Tue Mar 23 14:17:56 2021 kern.info kernel: [  856.084766] usb-storage 2-1:1.0: USB Mass Storage device detected
Tue Mar 23 14:17:56 2021 kern.info kernel: [  856.091198] scsi host2: usb-storage 2-1:1.0
Tue Mar 23 14:17:57 2021 kern.notice kernel: [  857.112038] scsi 2:0:0:0: CD-ROM            HUAWEI   Mass Storage     2.31 PQ: 0 ANSI: 2`;

// USBGuard/usbguard#156 (usb_modeswitch's journal line, ids redacted by the reporter).
const MODESWITCH_LINE = 'Feb 07 14:05:13 localhost usb_modeswitch[1221]: switch device VENDOR_ID:PRODUCT_ID on 001/028';

test('a modem left in USB storage mode', () => {
  const o = only<StorageModeDetails>(E8372_STORAGE, 'usb-storage-mode');
  assert.ok(o);
  assert.equal(o.finding, 'modem-in-storage-mode');
  assert.equal(o.details.usbPath, '2-1');
  assert.equal(o.details.modeswitchTried, false);
  assert.match(o.summary, /install usb-modeswitch/);
  assert.ok(o.evidence.some((l) => /CD-ROM +HUAWEI +Mass Storage/.test(l.text)));
  const tried = only<StorageModeDetails>(`${E8372_STORAGE}\n${MODESWITCH_LINE}`, 'usb-storage-mode');
  assert.equal(tried?.details.modeswitchTried, true);
  assert.match(tried?.summary ?? '', /usb_modeswitch ran/);
});

// solus-cold-storage/repository#100 (Huawei E398: serial ports AND a storage interface).
const E398 = `[ 3398.803970] usb 2-2: GSM modem (1-port) converter now attached to ttyUSB1
[ 3398.804153] option 2-2:1.2: GSM modem (1-port) converter detected
[ 3398.804573] usb 2-2: GSM modem (1-port) converter now attached to ttyUSB2
[ 3398.804729] usb-storage 2-2:1.3: USB Mass Storage device detected
[ 3398.804919] scsi9 : usb-storage 2-2:1.3
[ 3399.805166] scsi 9:0:0:0: CD-ROM            HUAWEI   Mass Storage     2.31 PQ: 0 ANSI: 2`;

test('a modem with a storage interface beside its serial ports is not in storage mode', () => {
  assert.equal(only(E398, 'usb-storage-mode'), undefined);
  const b = only<DriverBindingDetails>(E398, 'kernel-driver-binding');
  assert.ok(b);
  const dev = b.details.devices.find((d) => d.usbPath === '2-2');
  assert.deepEqual(dev?.interfaces.map((i) => `${i.interface} ${i.driver} ${i.nodes.join(',')}`), ['2 option ttyUSB2', '3 usb-storage ']);
});

// raspberrypi/linux#1880 (Quectel EC21 on a Raspberry Pi).
const EC21 = `[    7.715808] usb 1-1.4: New USB device found, idVendor=2c7c, idProduct=0121
[    7.715819] usb 1-1.4: New USB device strings: Mfr=1, Product=2, SerialNumber=0
[    7.715824] usb 1-1.4: Product: Android
[    7.715827] usb 1-1.4: Manufacturer: Android
[    7.728580] usbcore: registered new interface driver cdc_wdm
[    7.735897] qmi_wwan 1-1.4:1.4: cdc-wdm0: USB WDM device
[    7.737829] qmi_wwan 1-1.4:1.4 wwan0: register 'qmi_wwan' at usb-3f980000.usb-1.4, WWAN/QMI device, ce:db:66:0e:df:26`;

// libqmi-devel, 2015-10 (Sierra MC8805 in its MBIM configuration; journalctl lines).
const MBIM = `Oct 27 10:58:44  kernel: cdc_mbim 1-7:2.12: cdc-wdm0: USB WDM device
Oct 27 10:58:44  kernel: cdc_mbim 1-7:2.12 wwan0: register 'cdc_mbim' at usb-0000:00:14.0-7, CDC MBIM, d2:cc:f3:56:10:30
Oct 27 10:58:44  kernel: usbcore: registered new interface driver cdc_mbim
Oct 27 10:58:44  kernel: cdc_mbim 1-7:2.12 wwp0s20u7c2i12: renamed from wwan0`;

// Ysurac/openmptcprouter#3761 (a device that comes back as RNDIS after a disconnect).
const QMI_THEN_RNDIS = `[  827.954147] usb 3-1.5: new high-speed USB device number 9 using xhci-hcd
[  828.205130] qmi_wwan 3-1.5:1.2: cdc-wdm2: USB WDM device
[  828.206129] qmi_wwan 3-1.5:1.2 wwan2: register 'qmi_wwan' at usb-xhci-hcd.2.auto-1.5, WWAN/QMI device, 86:b7:40:41:94:ba
[  861.964699] usb 3-1.5: USB disconnect, device number 9
[  861.965749] qmi_wwan 3-1.5:1.2 wwan2: unregister 'qmi_wwan' usb-xhci-hcd.2.auto-1.5, WWAN/QMI device
[  862.513116] rndis_host 3-1.5:1.0 usb0: register 'rndis_host' at usb-xhci-hcd.2.auto-1.5, RNDIS device, 02:0c:50:01:33:64`;

// x-wrt/x-wrt#201 (a cdc_ether modem; the reporter's paste wrapped the line, kept as posted).
const CDC_ETHER = '[   17.034391] cdc_ether 2-1:1.0 usb0: register \'cdc_ether\' at usb-1e1c0000.xhci                                                                                         -1, CDC Ethernet Device, fa:28:db:70:7c:18';

// Ysurac/openmptcprouter#1479 (Sierra-style qcserial beside qmi_wwan).
const QCSERIAL = `[   14.452253] qmi_wwan 1-1.4:1.8: cdc-wdm0: USB WDM device
[   14.458029] qmi_wwan 1-1.4:1.8 wwan0: register 'qmi_wwan' at usb-0000:01:00.0-1.4, WWAN/QMI device, e2:e2:65:c5:58:2d
[   14.468958] qcserial 1-1.4:1.0: no of_node; not parsing pinctrl DT
[   14.469746] qcserial 1-1.4:1.0: Qualcomm USB modem converter detected
[   14.476391] qcserial ttyUSB2: no of_node; not parsing pinctrl DT
[   14.476797] usb 1-1.4: Qualcomm USB modem converter now attached to ttyUSB2`;

test('kernel lines: which driver took which interface', () => {
  const eth = only<DriverBindingDetails>(CDC_ETHER, 'kernel-driver-binding');
  assert.deepEqual(eth?.details.devices[0]?.interfaces, [{ configuration: 1, interface: 0, driver: 'cdc_ether', nodes: ['usb0'] }]);
  const qcs = only<DriverBindingDetails>(QCSERIAL, 'kernel-driver-binding');
  assert.deepEqual(qcs?.details.devices[0]?.interfaces.map((i) => `${i.interface} ${i.driver} ${i.nodes.join(',')}`), ['8 qmi_wwan cdc-wdm0,wwan0', '0 qcserial ttyUSB2']);

  const ec21 = only<DriverBindingDetails>(EC21, 'kernel-driver-binding');
  assert.equal(ec21?.severity, 'info');
  assert.deepEqual(ec21?.details.devices, [{
    usbPath: '1-1.4', vidPid: '2c7c:0121', product: 'Android', manufacturer: 'Android', disconnected: false,
    interfaces: [{ configuration: 1, interface: 4, driver: 'qmi_wwan', nodes: ['cdc-wdm0', 'wwan0'] }],
  }]);
  assert.match(ec21?.summary ?? '', /1-1\.4 \(2c7c:0121\): if 4 qmi_wwan → cdc-wdm0, wwan0/);

  const mbim = only<DriverBindingDetails>(MBIM, 'kernel-driver-binding');
  assert.deepEqual(mbim?.details.devices[0]?.interfaces, [{ configuration: 2, interface: 12, driver: 'cdc_mbim', nodes: ['cdc-wdm0', 'wwp0s20u7c2i12'] }]);

  const switched = only<DriverBindingDetails>(QMI_THEN_RNDIS, 'kernel-driver-binding');
  assert.deepEqual(switched?.details.devices.map((d) => [d.disconnected, d.interfaces.map((i) => i.driver)]), [[true, ['qmi_wwan']], [false, ['rndis_host']]]);
});

test('evidence never carries a PIN or an unmasked IMEI/IMSI/ICCID; limits are reported', () => {
  // Constructed AT session on the wrong port, with secrets and identifiers in it.
  const text = 'AT+CPIN="1234"\n$GPGSV,1,1,00*79\nAT+CGSN\n$GPGSV,1,1,00*79\n867698041234567\nICCID: 89390100001234567890';
  const r = importLog(text);
  const all = JSON.stringify(r);
  assert.doesNotMatch(all, /1234"/);
  assert.doesNotMatch(all, /867698041234567/);
  assert.ok(r.observations.some((o) => o.id === 'nmea-on-at-port'));
  const big = importLog('x\n'.repeat(250_000));
  assert.equal(big.truncated, true);
  assert.equal(big.lineCount, 200_000);
});

test('one pasted log with several problems: every observation, errors first, evidence by line number', () => {
  // Constructed paste: OpenWrt logread lines (formats as in openwrt/packages#16630) around real
  // kernel lines (raspberrypi/linux#1880) and udhcpc (oofnikj/iptmon#5).
  const text = [
    ...EC21.split('\n'),
    'Wed Sep 15 00:06:41 2021 daemon.notice netifd: wwan (6268): udhcpc: sending discover',
    'Wed Sep 15 00:06:44 2021 daemon.notice netifd: wwan (6268): udhcpc: sending discover',
    'Wed Sep 15 00:06:47 2021 daemon.notice netifd: wwan (6268): udhcpc: no lease, failing',
    ...QMICLI_ISTREAM.split('\n'),
  ].join('\n');
  const r = importLog(text);
  assert.deepEqual(r.observations.map((o) => `${o.severity} ${o.id}`), ['error qmi-port-held', 'warning dhcp-no-reply', 'info kernel-driver-binding']);
  assert.equal(r.lineCount, 13);
  assert.equal(r.truncated, false);
  assert.deepEqual(r.observations[1]!.evidence.map((l) => l.n), [8, 9, 10]);
});

// xmm7360/xmm7360-pci#227 (`mmcli -m 0` of a Fibocom L850 without a SIM), first rows as posted.
const MMCLI_SIM_MISSING = `➜  ~ mmcli -m 0
  -----------------------------
  General  |              path: /org/freedesktop/ModemManager1/Modem/0
           |         device id: 0aba5cca839ac8b2d833b17c09ffdc538eb681b2
  -----------------------------
  Hardware |      manufacturer: Fibocom
           |             model: L850 LTE Module","L850
           | firmware revision: 18500.5001.00.05.27.30
           |         supported: gsm-umts, lte
           |           current: gsm-umts, lte
           |      equipment id: 015184005031831
  -----------------------------
  System   |            device: /sys/devices/pci0000:00/0000:00:01.5/0000:05:00.0
           |           drivers: iosm
           |            plugin: Intel
           |      primary port: wwan0at1
           |             ports: wwan0 (net), wwan0at1 (at)
  -----------------------------
  Status   |             state: failed
           |     failed reason: sim-missing
           |       power state: low`;

test('mmcli status: ModemManager\'s own verdict becomes the same finding', () => {
  const r = importLog(MMCLI_SIM_MISSING);
  const o = r.observations.find((x) => x.id === 'mmcli-status');
  assert.equal(o?.finding, 'sim-absent');
  assert.deepEqual(o?.evidence.map((l) => l.n), [3, 19, 20]);
  assert.doesNotMatch(JSON.stringify(r), /015184005031831/, 'the IMEI is masked');
  // Constructed: the Status rows of a PIN-locked and a registration-denied modem.
  const head = '  General  |              path: /org/freedesktop/ModemManager1/Modem/1\n';
  const locked = importLog(`${head}  Status   |             lock: sim-pin\n           |            state: locked`).observations;
  assert.deepEqual(locked.map((x) => x.finding), ['sim-pin-required']);
  const denied = importLog(`${head}  Status   |            state: registered\n  3GPP     |     registration: denied`).observations;
  assert.deepEqual(denied.map((x) => x.finding), ['registration-denied']);
  const fine = importLog(`${head}  Status   |            state: connected\n           |      power state: on\n  3GPP     |     registration: home`).observations;
  assert.deepEqual(fine, []);
});
