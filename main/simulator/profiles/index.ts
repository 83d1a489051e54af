// Every modem profile the simulator can run, by id (the --profile value).

import { EC25 } from './ec25.ts';
import { MC7455 } from './mc7455.ts';
import { SIM7600 } from './sim7600.ts';
import type { ModemProfile } from './types.ts';

export type { ModemProfile, InterfaceSpec, PortRole, UsbLayout, Family } from './types.ts';

export const PROFILES: Readonly<Record<string, ModemProfile>> = { ec25: EC25, mc7455: MC7455, sim7600: SIM7600 };

export function profileById(id: string): ModemProfile | undefined {
  return Object.prototype.hasOwnProperty.call(PROFILES, id) ? PROFILES[id] : undefined;
}
