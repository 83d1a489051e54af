// Provisioning as the session engine offers it (SessionEngine.provision): one modem, a profile,
// plan only or plan and apply, secrets through a function, progress as it goes. The session runs
// one of these per selected modem, concurrently, for the wizard's fleet view.

import type { FixSystem } from '../fixes/context.ts';
import type { UndoStore } from '../undo-store.ts';
import type { ProvisionOutcome, ProvisionRequest } from './plan-view.ts';
import { applyPlan, planModem, planView, type ProvisionDeps } from './provision.ts';

export function provisionForSession(deps: { store?: UndoStore; system?: FixSystem } & Pick<ProvisionDeps, 'diagnose' | 'connect'> = {}): (req: ProvisionRequest) => Promise<ProvisionOutcome> {
  return async (req) => {
    const base = { ...(deps.diagnose ? { diagnose: deps.diagnose } : {}), ...(deps.connect ? { connect: deps.connect } : {}), ...(deps.system ? { system: deps.system } : {}) };
    const plan = await planModem(req.target, req.profile, { ...base, progress: req.progress });
    if (!req.apply) return { plan: planView(plan) };
    const { after, ...result } = await applyPlan(plan, req.profile, { ...base, progress: req.progress, secrets: req.secrets, ...(deps.store ? { store: deps.store } : {}) });
    return { plan: planView(plan), result, ...(after ? { after: { facts: after.facts, findings: after.findings, transcript: after.transcript } } : {}) };
  };
}
