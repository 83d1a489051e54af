// Every port of the target as the system sees it: who holds it (/proc, as fuser does) and
// whether this user may open it (access(2), explained). Read at the same time, never opened.

import { deviceHoldersOf } from '../../system/device-holders.ts';
import { checkPortAccess } from '../../system/permissions.ts';
import type { Fact, PortFacts } from '../facts.ts';
import { targetPorts } from '../targets.ts';
import type { ProbeContext } from './context.ts';

export async function probePorts(ctx: ProbeContext): Promise<Fact<PortFacts[]> | undefined> {
  const ports = targetPorts(ctx.open.target);
  if (ports.length === 0) return undefined;
  // One pass over /proc for every port: the one made while the ports were opened will do.
  const holders = await deviceHoldersOf(ports.map((p) => p.path), ctx.open.openedAt !== undefined ? { since: ctx.open.openedAt } : {});
  const facts = ports.map((p): PortFacts => {
    const access = checkPortAccess(p.path);
    return {
      path: p.path, role: p.role, owners: holders.get(p.path) ?? [],
      access: { ok: access.ok, ...(access.reason ? { reason: access.reason } : {}), ...(access.fix ? { fix: access.fix } : {}) },
    };
  });
  return { value: facts, via: 'proc', evidence: [] };
}
