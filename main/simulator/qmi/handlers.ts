// Every service the virtual modem answers, with its handler table keyed like the declarations.

import type { ServiceDecl } from '../../qmi/schema.ts';
import { CTL, DMS, LOC, NAS, UIM, WDA, WDS } from '../../qmi/services/index.ts';
import type { HandlerTable, QmiContext } from './context.ts';
import { CTL_HANDLERS } from './ctl.ts';
import { DMS_HANDLERS } from './dms.ts';
import { LOC_HANDLERS } from './loc.ts';
import { NAS_HANDLERS } from './nas.ts';
import type { Reply, Values } from './reply.ts';
import { SIERRA_DMS_HANDLERS } from './sierra-dms.ts';
import { UIM_HANDLERS } from './uim.ts';
import { WDA_HANDLERS } from './wda.ts';
import { WDS_HANDLERS } from './wds.ts';

/** A handler as the QMI face calls it: with the request decoded by the message's declaration. */
export type DecodedRequestHandler = (req: Values, ctx: QmiContext) => Reply;

export interface ServiceHandlers {
  service: ServiceDecl;
  handlers: Readonly<Partial<Record<string, DecodedRequestHandler>>>;
}

/** Pairs a service with its typed table. The one place the types are set aside: the face decodes
 *  each request with this same service's declaration before calling, and encodes the reply with
 *  it, so the values are what the table's types say (mandatory TLVs are checked on decode). */
function serve<S extends ServiceDecl>(service: S, handlers: HandlerTable<S>): ServiceHandlers {
  return { service, handlers: handlers as Readonly<Partial<Record<string, DecodedRequestHandler>>> };
}

export const SERVICE_HANDLERS: readonly ServiceHandlers[] = [
  serve(CTL, CTL_HANDLERS),
  serve(DMS, { ...DMS_HANDLERS, ...SIERRA_DMS_HANDLERS }),
  serve(NAS, NAS_HANDLERS),
  serve(WDS, WDS_HANDLERS),
  serve(UIM, UIM_HANDLERS),
  serve(WDA, WDA_HANDLERS),
  serve(LOC, LOC_HANDLERS),
];
