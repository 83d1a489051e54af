// A ModemTarget for a running virtual modem: its PTYs by role, its network interface and the
// sysfs tree it writes, its USB ids; as `modem-doctor diagnose --qmi --at --net --sysfs-root`
// would build it from the JSON line `simulate` prints.

import type { Simulator } from '../../main/simulator/simulator.ts';
import type { ModemTarget } from '../../main/doctor/target.ts';
import { targetFromPorts } from '../../main/doctor/targets.ts';

export function simTarget(sim: Simulator): ModemTarget {
  const p = sim.ports;
  const notAt = [
    ...(p.nmea ? [{ path: p.nmea, role: 'nmea' }] : []),
    ...(p.diag ? [{ path: p.diag, role: 'diag' }] : []),
  ];
  return targetFromPorts({
    ...(p.qmi ? { qmi: p.qmi } : {}),
    at: p.at,
    notAt,
    ...(sim.net ? { net: sim.net } : {}),
    usb: { vid: sim.profile.vid, pid: sim.profile.layout(sim.model.state.usbComposition).pid, model: sim.profile.model },
  }, { sysfsRoot: sim.sysfs.root });
}
