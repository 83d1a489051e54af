// Every declared QMI service. The codec, the client and the simulator look messages up here.

import type { ServiceDecl } from '../schema.ts';
import { CTL } from './ctl.ts';
import { DMS } from './dms.ts';
import { LOC } from './loc.ts';
import { NAS } from './nas.ts';
import { UIM } from './uim.ts';
import { WDA } from './wda.ts';
import { WDS } from './wds.ts';

export { CTL, DMS, LOC, NAS, UIM, WDA, WDS };

export const SERVICES: readonly ServiceDecl[] = [CTL, WDS, DMS, NAS, UIM, WDA, LOC];
