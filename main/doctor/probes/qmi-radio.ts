// The radio's operating mode over QMI DMS Get Operating Mode (libqmi data/qmi-service-dms.json):
// online, low-power, offline...; the hardware-restricted TLV says the radio is held off by the
// hardware (a W_DISABLE# line, or a laptop module's FCC lock).

import { DMS } from '../../qmi/services/index.ts';
import type { Fact, OperatingMode, RadioFacts } from '../facts.ts';
import { qmiRead, type ProbeContext } from './context.ts';

const MODES: readonly OperatingMode[] = ['online', 'low-power', 'offline', 'factory-test', 'reset', 'shutting-down',
  'persistent-low-power', 'mode-only-low-power', 'unknown'];

export async function probeQmiRadio(ctx: ProbeContext): Promise<Fact<RadioFacts> | undefined> {
  const r = await qmiRead(ctx, 'qmi-radio', DMS, DMS.messages.getOperatingMode);
  if (!r || r.fields.mode === undefined) return undefined;
  const mode = MODES.find((m) => m === r.fields.mode) ?? 'unknown';
  return {
    value: { mode, ...(r.fields.hardwareRestrictedMode !== undefined ? { hardwareRestricted: r.fields.hardwareRestrictedMode } : {}) },
    via: 'qmi', evidence: [r.request.seq, r.response.seq],
  };
}
