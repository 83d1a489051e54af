// Handler tables that must NOT compile: each `@ts-expect-error` marks a mistake the typed
// handler table catches. `npm test`'s tsc fails if one of them starts compiling (the directive
// is then unused), and handler-types.test.ts checks each fails for the reason named beside it.

import type { DMS, NAS, WDS } from '../../../main/qmi/services/index.ts';
import type { HandlerTable } from '../../../main/simulator/qmi/context.ts';
import { failure, success } from '../../../main/simulator/qmi/reply.ts';

export const misspelledMessage: HandlerTable<typeof WDS> = {
  // @ts-expect-error reason: 'startNetwrok' does not exist
  startNetwrok: () => success(),
};

export const misspelledResponseField: HandlerTable<typeof DMS> = {
  // @ts-expect-error reason: 'manufactuer' does not exist
  getManufacturer: () => success({ manufactuer: 'Quectel' }),
};

export const wrongResponseFieldType: HandlerTable<typeof DMS> = {
  // @ts-expect-error reason: Type 'number' is not assignable to type 'string'
  getModel: () => success({ model: 7455 }),
};

export const wrongEnumName: HandlerTable<typeof WDS> = {
  // @ts-expect-error reason: "connceted"
  getPacketServiceStatus: () => success({ connectionStatus: 'connceted' }),
};

export const misspelledRequestField: HandlerTable<typeof WDS> = {
  // @ts-expect-error reason: Property 'apnName' does not exist
  startNetwork: (req) => success({ packetDataHandle: req.apnName.length }),
};

export const wrongFieldOnFailure: HandlerTable<typeof NAS> = {
  // @ts-expect-error reason: 'signalStrenght' does not exist
  getSignalStrength: () => failure('no-network-found', { signalStrenght: { strength: -65, radioInterface: 'lte' } }),
};
