// Every service the virtual modem answers, with its handler table keyed like the declarations.

import { CTL, DMS, NAS, UIM, WDA, WDS } from '../../qmi/services/index.ts';
import type { ServiceDecl } from '../../qmi/schema.ts';
import type { HandlerTable } from './context.ts';
import { CTL_HANDLERS } from './ctl.ts';
import { DMS_HANDLERS } from './dms.ts';
import { NAS_HANDLERS } from './nas.ts';
import { UIM_HANDLERS } from './uim.ts';
import { WDA_HANDLERS } from './wda.ts';
import { WDS_HANDLERS } from './wds.ts';

export const SERVICE_HANDLERS: readonly { service: ServiceDecl; handlers: HandlerTable }[] = [
  { service: CTL, handlers: CTL_HANDLERS },
  { service: DMS, handlers: DMS_HANDLERS },
  { service: NAS, handlers: NAS_HANDLERS },
  { service: WDS, handlers: WDS_HANDLERS },
  { service: UIM, handlers: UIM_HANDLERS },
  { service: WDA, handlers: WDA_HANDLERS },
];
