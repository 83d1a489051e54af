// Test generator: what uqmi prints on an ARMv5 router for given true values. It encodes real
// QMI responses with our codec (WDS Get Current Settings, NAS Get Serving System; layouts from
// libqmi data/qmi-service-wds.json and qmi-service-nas.json), reads each multi-byte field the
// way an ARMv5 core loads it from a 4-aligned frame buffer (armv5-loads.ts), and formats the
// result like uqmi's blobmsg JSON (uqmi commands-wds.c cmd_wds_get_current_settings_cb,
// commands-nas.c cmd_nas_get_serving_system_cb: tab-indented, keys in that order).

import { armv5LoadU16, armv5LoadU32 } from '../../../main/doctor/log-import/armv5-loads.ts';
import { parseFrame } from '../../../main/qmi/frame.ts';
import { encodeMessage } from '../../../main/qmi/message-codec.ts';
import { NAS, WDS } from '../../../main/qmi/services/index.ts';

export interface TrueSettings {
  ip: string;
  gateway: string;
  subnet: string;
  dns1: string;
  dns2: string;
  mtu: number;
  /** Optional strings before the addresses: their lengths move every later field's alignment. */
  profileName?: string;
  apn?: string;
}

export interface TruePlmn {
  mcc: number;
  mnc: number;
  description: string;
  /** 1 or 2 radio interfaces in TLV 0x01: one byte more or less before the PLMN. */
  radioInterfaces?: ('lte' | 'umts')[];
}

export type Reader = 'armv5' | 'aligned';

const ipOf = (v: number): string => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');

export function currentSettingsFrame(s: TrueSettings): Buffer {
  const fields: Record<string, unknown> = {
    pdpType: 'ipv4',
    primaryIpv4DnsAddress: s.dns1,
    secondaryIpv4DnsAddress: s.dns2,
    ipv4Address: s.ip,
    ipv4GatewayAddress: s.gateway,
    ipv4GatewaySubnetMask: s.subnet,
    mtu: s.mtu,
    ipFamily: 'ipv4',
  };
  if (s.profileName !== undefined) fields.profileName = s.profileName;
  if (s.apn !== undefined) fields.apnName = s.apn;
  return encodeMessage(WDS, WDS.messages.getCurrentSettings, 'response', fields as never, { clientId: 1, transactionId: 9, result: { error: 0 } });
}

export function servingSystemFrame(p: TruePlmn): Buffer {
  const fields = {
    servingSystem: { registrationState: 'registered', csAttachState: 'attached', psAttachState: 'attached', selectedNetwork: '3gpp', radioInterfaces: p.radioInterfaces ?? ['lte'] },
    currentPlmn: { mcc: p.mcc, mnc: p.mnc, description: p.description },
    roamingIndicator: 'off',
  };
  return encodeMessage(NAS, NAS.messages.getServingSystem, 'response', fields as never, { clientId: 2, transactionId: 3, result: { error: 0 } });
}

function tlvOffset(frame: Buffer, type: number): number {
  const parsed = parseFrame(frame);
  if (!parsed.ok) throw new Error(`generator built a bad frame: ${parsed.error.message}`);
  const t = parsed.frame.tlvs.find((x) => x.type === type);
  if (!t) throw new Error(`TLV 0x${type.toString(16)} missing`);
  return t.offset;
}

export function readU32(frame: Buffer, type: number, reader: Reader): number {
  const at = tlvOffset(frame, type);
  return reader === 'armv5' ? armv5LoadU32(frame, at) : frame.readUInt32LE(at);
}

/** Address mod 4 of a TLV's value in the frame. */
export const alignmentOf = (frame: Buffer, type: number): number => tlvOffset(frame, type) & 3;

/** uqmi --get-current-settings as printed with the given reader. */
export function uqmiCurrentSettings(s: TrueSettings, reader: Reader): { text: string; printed: Record<string, string | number>; frame: Buffer } {
  const frame = currentSettingsFrame(s);
  const printed = {
    mtu: readU32(frame, 0x29, reader),
    ip: ipOf(readU32(frame, 0x1e, reader)),
    dns1: ipOf(readU32(frame, 0x15, reader)),
    dns2: ipOf(readU32(frame, 0x16, reader)),
    gateway: ipOf(readU32(frame, 0x20, reader)),
    subnet: ipOf(readU32(frame, 0x21, reader)),
  };
  const text = [
    '{',
    '\t"pdp-type": "ipv4",',
    '\t"ip-family": "ipv4",',
    `\t"mtu": ${printed.mtu},`,
    '\t"ipv4": {',
    `\t\t"ip": "${printed.ip}",`,
    `\t\t"dns1": "${printed.dns1}",`,
    `\t\t"dns2": "${printed.dns2}",`,
    `\t\t"gateway": "${printed.gateway}",`,
    `\t\t"subnet": "${printed.subnet}"`,
    '\t},',
    '\t"ipv6": {',
    '\t},',
    '\t"domain-names": {',
    '\t}',
    '}',
  ].join('\n');
  return { text, printed, frame };
}

/** uqmi --get-serving-system as printed with the given reader. */
export function uqmiServingSystem(p: TruePlmn, reader: Reader): { text: string; printed: { mcc: number; mnc: number }; frame: Buffer; plmnOffset: number } {
  const frame = servingSystemFrame(p);
  const at = tlvOffset(frame, 0x12);
  const printed = reader === 'armv5'
    ? { mcc: armv5LoadU16(frame, at), mnc: armv5LoadU16(frame, at + 2) }
    : { mcc: frame.readUInt16LE(at), mnc: frame.readUInt16LE(at + 2) };
  const text = [
    '{',
    '\t"registration": "registered",',
    `\t"plmn_mcc": ${printed.mcc},`,
    `\t"plmn_mnc": ${printed.mnc},`,
    `\t"plmn_description": "${p.description}",`,
    '\t"roaming": false',
    '}',
  ].join('\n');
  return { text, printed, frame, plmnOffset: at };
}

// The report (2018, uqmi on a Linksys EA4500) gave mtu 263644, ip 0.23.154.198 beside gateway
// 10.23.154.197, subnet 0.4.33.252, dns 0.4.21.25 / 0.4.97.25, mcc 56832, mnc 22528. This is
// that output in uqmi's print format (commands-wds.c / commands-nas.c); the layout around the
// numbers is constructed, the numbers are the reported ones.
export const REPORT_2018 = `root@OpenWrt:~# uqmi -d /dev/cdc-wdm0 --get-current-settings
{
	"pdp-type": "ipv4",
	"ip-family": "ipv4",
	"mtu": 263644,
	"ipv4": {
		"ip": "0.23.154.198",
		"dns1": "0.4.21.25",
		"dns2": "0.4.97.25",
		"gateway": "10.23.154.197",
		"subnet": "0.4.33.252"
	},
	"ipv6": {
	},
	"domain-names": {
	}
}
root@OpenWrt:~# uqmi -d /dev/cdc-wdm0 --get-serving-system
{
	"registration": "registered",
	"plmn_mcc": 56832,
	"plmn_mnc": 22528,
	"plmn_description": "I WIND",
	"roaming": false
}`;
