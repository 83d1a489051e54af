// The DIAG port of a Qualcomm-based modem: it answers QCDM frames (ModemManager sends Version
// Info to every port its udev rules tag ID_MM_PORT_TYPE_QCDM, and waits 3 s twice for an answer
// that a silent port never gives) and ignores everything else, such as AT text, which carries no
// frame flag. Version Info is answered; any other command gets the modem's "bad command" reply.

import type { ModemProfile } from './profiles/index.ts';
import type { PortHost } from './port-host.ts';
import { DIAG_CMD_BAD_CMD, DIAG_CMD_VERSION_INFO, QcdmFrameSplitter, decodeQcdmFrame, encodeQcdmFrame, versionInfoResponse } from './qcdm.ts';

/** A fixed build date, so that what the port says does not depend on when the test ran. */
const FIRMWARE_BUILT = new Date(Date.UTC(2019, 4, 21, 10, 38, 29));

export class DiagFace {
  private readonly host: PortHost;
  private readonly profile: ModemProfile;
  private readonly splitter = new QcdmFrameSplitter();
  private closed = false;

  constructor(host: PortHost, profile: ModemProfile) {
    this.host = host;
    this.profile = profile;
    host.onData((chunk) => this.onData(chunk));
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    for (const escaped of this.splitter.push(chunk)) {
      const frame = decodeQcdmFrame(escaped);
      if (!frame.ok) continue; // a real DIAG port drops a frame that fails its CRC
      const answer = frame.payload[0] === DIAG_CMD_VERSION_INFO
        ? versionInfoResponse({ compiled: FIRMWARE_BUILT, model: this.profile.model })
        : Buffer.concat([Buffer.from([DIAG_CMD_BAD_CMD]), frame.payload]);
      this.host.reply(encodeQcdmFrame(answer));
    }
  }

  close(): void {
    this.closed = true;
  }
}
