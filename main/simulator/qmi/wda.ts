// WDA: the modem side of the data format. Set changes the model (a raw-ip-only firmware
// answers raw-ip whatever was asked); the kernel side is separate state.

import type { ResponseOf } from '../../qmi/schema.ts';
import type { WDA } from '../../qmi/services/index.ts';
import type { ModemModel } from '../model.ts';
import type { HandlerTable } from './context.ts';
import { success } from './reply.ts';

function formatValues(m: ModemModel): ResponseOf<typeof WDA.messages.getDataFormat> {
  return {
    qosFormat: false,
    linkLayerProtocol: m.state.dataFormat.linkLayer,
    uplinkDataAggregationProtocol: 'disabled',
    downlinkDataAggregationProtocol: 'disabled',
    ndpSignature: 0,
    downlinkDataAggregationMaxDatagrams: 0,
    downlinkDataAggregationMaxSize: 0,
  };
}

export const WDA_HANDLERS: HandlerTable<typeof WDA> = {
  setDataFormat: (req, c) => {
    const p = req.linkLayerProtocol;
    if (p === 'raw-ip' || p === '802-3') c.model.setLinkLayer(p);
    return success(formatValues(c.model));
  },
  getDataFormat: (_r, c) => success(formatValues(c.model)),
};
