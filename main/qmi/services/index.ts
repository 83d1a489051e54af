// Every declared QMI service. The codec, the client and the simulator look messages up here.

import type { ServiceDecl } from '../schema.ts';
import { CTL } from './ctl.ts';
import { DMS } from './dms.ts';

export { CTL, DMS };

export const SERVICES: readonly ServiceDecl[] = [CTL, DMS];
