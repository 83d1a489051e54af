// The session: one state, pushed on every change with a growing version, steps from the real
// rules, one long task at a time, hotplug, secrets used once and found nowhere afterwards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Session, SessionError } from '../../main/doctor/session.ts';
import { TRANSCRIPT_LIMIT, type SessionState } from '../../main/doctor/session-state.ts';
import { TestEngine, EC25_TARGET } from './session-fixture.ts';
import { waitFor } from '../support/wait.ts';

async function started(engine = new TestEngine(), opts = {}) {
  const session = new Session(engine, { presenceIntervalMs: 0, ...opts });
  const seen: SessionState[] = [];
  session.subscribe((s) => seen.push(s));
  await session.start();
  return { session, engine, seen };
}

test('start lists the modem, selects the only one; every push has a higher version and survives JSON', async () => {
  const { session, seen } = await started();
  const s = session.state();
  assert.equal(s.selected, '1-1');
  assert.equal(s.modems[0]!.label, 'Quectel EC25 (2c7c:0125)');
  assert.deepEqual(s.steps.map((x) => x.status), Array(8).fill('pending'));
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i]!.version > seen[i - 1]!.version);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
  await session.dispose();
});

test('diagnose of the seed scenario: progress while it runs, then the steps the findings block', async () => {
  const { session, engine, seen } = await started();
  let release!: () => void;
  engine.gate = new Promise((r) => { release = r; });
  const running = session.diagnose();
  await waitFor(() => session.state().busy?.step === 'SIM', 2000, 'progress pushed');
  assert.equal(session.state().busy?.fraction, 0.25);
  assert.ok(seen.some((s) => s.steps.every((x) => x.status === 'running')));
  // One long task at a time: a second one is refused, naming the first.
  await assert.rejects(session.diagnose(), (e: unknown) => e instanceof SessionError && e.code === 'busy' && /diagnose/.test(e.message));
  release();
  const { findings } = await running;
  const s = session.state();
  assert.equal(s.busy, null);
  assert.deepEqual(findings.map((f) => f.id).sort(), ['apn-missing', 'autoconnect-holds-bearer', 'data-format-mismatch']);
  const step = (id: string) => s.steps.find((x) => x.id === id)!;
  assert.equal(step('sim').status, 'ok');
  assert.match(step('sim').summary!, /SIM ready/);
  assert.equal(step('apn').status, 'blocked');
  assert.deepEqual(step('apn').findings, ['apn-missing']);
  assert.equal(step('data-format').status, 'blocked');
  assert.deepEqual([...step('data-format').findings].sort(), ['autoconnect-holds-bearer', 'data-format-mismatch']);
  assert.equal(step('connect').status, 'skipped');
  assert.equal(s.modems[0]!.worst?.severity, 'error');
  assert.equal(s.modems[0]!.findingCount, 3);
  await session.dispose();
});

test('a locked SIM blocks the SIM step and the network is skipped, not passed', async () => {
  const engine = new TestEngine();
  engine.scenario = 'sim-pin';
  const { session } = await started(engine);
  await session.diagnose();
  const s = session.state();
  const sim = s.steps.find((x) => x.id === 'sim')!;
  assert.equal(sim.status, 'blocked');
  assert.match(sim.summary!, /3 attempts left/);
  assert.equal(s.steps.find((x) => x.id === 'network')!.status, 'skipped');
  assert.equal(s.steps.find((x) => x.id === 'connect')!.status, 'skipped');
  assert.equal(s.steps.find((x) => x.id === 'data-format')!.status, 'ok');
  await session.dispose();
});

test('the PIN reaches the fix once and is nowhere in any state pushed, nor in an error that quoted it', async () => {
  const engine = new TestEngine();
  engine.scenario = 'sim-pin';
  const { session, seen } = await started(engine);
  await session.diagnose();
  await session.planFix({ fix: 'unlock-sim', finding: 'sim-pin-required' });
  assert.equal(session.state().plan?.plan.fix, 'unlock-sim');
  await assert.rejects(session.applyFix({ fix: 'unlock-sim' }), (e: unknown) => e instanceof SessionError && e.code === 'missing-secret' && /PIN/.test(e.message));
  engine.applyError = 'the modem refused PIN 4711 (wrong PIN)';
  await assert.rejects(session.applyFix({ fix: 'unlock-sim', secrets: { pin: '4711' } }), (e: unknown) => e instanceof Error && !e.message.includes('4711') && /•••/.test(e.message));
  engine.applyError = null;
  const entry = await session.applyFix({ fix: 'unlock-sim', finding: 'sim-pin-required', secrets: { pin: '4711' } });
  assert.equal(entry.status, 'applied');
  assert.deepEqual(engine.secretsSeen, ['4711', '4711']);
  // Applied, then the session looked at the modem again: the plan is gone, the SIM step passes.
  const s = session.state();
  assert.equal(s.plan, null);
  assert.equal(s.steps.find((x) => x.id === 'sim')!.status, 'ok');
  for (const snap of seen) assert.ok(!JSON.stringify(snap).includes('4711'), `state v${snap.version} holds the PIN`);
  assert.ok(!JSON.stringify(session.state()).includes('4711'));
  await session.dispose();
});

test('the connect step shows the data path: lease and gateway RTT when packets pass; blocked, saying why, when the interface stays silent', async () => {
  const { session, engine } = await started();
  await session.diagnose();
  engine.connectExtra = { dataPath: {
    iface: 'wwan0', ok: true, lease: 'dropped',
    dhcp: { ok: true, client: 'busybox udhcpc 1.35.0', address: '10.23.154.198', prefixLength: 30, dns: ['10.4.21.25'], durationMs: 140 },
    ping: { target: '10.23.154.197', ok: true, rttMs: 5.1 }, dns: { server: '10.4.21.25', name: 'example.com', ok: true, addresses: ['192.0.2.1'], durationMs: 3 },
  } };
  await session.connectTest(false);
  let step = session.state().steps.find((x) => x.id === 'connect')!;
  assert.equal(step.status, 'ok');
  assert.equal(step.summary, '10.23.154.198, MTU 1500; lease, gateway 5.1 ms, DNS answers');
  const last = session.state().actions.at(-1)!;
  assert.equal((last.outcome?.dataPath as { ping: { rttMs: number } }).ping.rttMs, 5.1);
  engine.connectExtra = { dataPath: {
    iface: 'wwan0', ok: false, lease: 'none', counters: { txPackets: 12, rxPackets: 0 },
    dhcp: { ok: false, client: 'busybox udhcpc', reason: 'no-lease', message: 'No DHCP answer' },
    silence: { suggests: 'data-format-mismatch', message: 'wwan0: TX 12 packets, RX 0: the modem is dropping what the kernel sends — data formats disagree' },
  } };
  await session.connectTest(false);
  step = session.state().steps.find((x) => x.id === 'connect')!;
  assert.equal(step.status, 'blocked');
  assert.equal(step.summary, '10.23.154.198, MTU 1500; no lease: TX without RX (data formats disagree)');
  // Not tried (not root, or no such interface here): the step judges the settings alone.
  engine.connectExtra = { dataPath: { iface: 'wwan0', ok: false, skipped: 'the data path was not tried: there is no network interface wwan0 here' } };
  await session.connectTest(false);
  step = session.state().steps.find((x) => x.id === 'connect')!;
  assert.equal(step.status, 'ok');
  assert.equal(step.summary, '10.23.154.198, MTU 1500');
  await session.dispose();
});

test('apply, connect test and undo are actions with their status; the connect step passes on a good test', async () => {
  const { session, engine } = await started();
  await session.diagnose();
  const a = await session.applyFix({ fix: 'set-apn', finding: 'apn-missing', options: { apn: 'internet.it' } });
  assert.equal(a.undo?.actionId, 'a-set-apn');
  const c = await session.connectTest(false);
  assert.equal(c.fix, 'connect-test');
  let s = session.state();
  assert.equal(s.steps.find((x) => x.id === 'connect')!.status, 'ok');
  assert.match(s.steps.find((x) => x.id === 'connect')!.summary!, /10\.23\.154\.198, MTU 1500/);
  await session.undo('a-set-apn');
  assert.deepEqual(engine.undone, ['a-set-apn']);
  s = session.state();
  assert.equal(s.actions.find((x) => x.id === 'a-set-apn')!.status, 'undone');
  // Undo looked again: the seed's findings are back.
  assert.ok(s.findings.some((f) => f.id === 'apn-missing'));
  await assert.rejects(session.undo('nope'), (e: unknown) => e instanceof SessionError && e.code === 'not-found');
  await session.dispose();
});

test('hotplug: an unplugged selected modem stays listed as absent, diagnose says so, and it comes back', async () => {
  const { session, engine } = await started();
  await session.diagnose();
  engine.modems = [];
  engine.hotplug!();
  await waitFor(() => session.state().modems[0]?.present === false, 2000, 'modem marked absent');
  assert.equal(session.state().selected, '1-1');
  await assert.rejects(session.diagnose(), (e: unknown) => e instanceof SessionError && e.code === 'no-modem' && /not plugged in/.test(e.message));
  engine.modems = [{ target: EC25_TARGET, label: 'Quectel EC25 (2c7c:0125)', problems: [] }];
  engine.hotplug!();
  await waitFor(() => session.state().modems[0]?.present === true, 2000, 'modem back');
  // What was known of it is still shown.
  assert.ok(session.state().findings.length > 0);
  await session.dispose();
});

test('several modems: none is picked for the user; selecting an unknown one is refused', async () => {
  const engine = new TestEngine();
  engine.modems.push({ target: { ...EC25_TARGET, id: '1-2' }, label: 'second', problems: [] });
  const { session } = await started(engine);
  assert.equal(session.state().selected, null);
  await assert.rejects(session.diagnose(), (e: unknown) => e instanceof SessionError && e.code === 'no-modem');
  assert.throws(() => session.selectModem('9-9'), (e: unknown) => e instanceof SessionError && e.code === 'not-found');
  session.selectModem('1-2');
  assert.equal(session.state().selected, '1-2');
  await session.dispose();
});

test('the transcript in the state is bounded, saying how many older exchanges were left out', async () => {
  const engine = new TestEngine();
  engine.transcriptLength = TRANSCRIPT_LIMIT + 25;
  const { session } = await started(engine);
  await session.diagnose();
  const s = session.state();
  assert.equal(s.transcript.length, TRANSCRIPT_LIMIT);
  assert.equal(s.transcriptDropped, 25);
  assert.equal(s.transcript[0]!.seq, 26);
  await session.dispose();
});

test('the virtual modem starts only through the function the door hands in, is selected, and stops with the session', async () => {
  const engine = new TestEngine();
  engine.modems = [];
  const stopped: string[] = [];
  const { session } = await started(engine, {
    startVirtualModem: async (o: { scenario: string; profile: string }) => ({
      target: { id: 'virtual:1', qmi: '/tmp/x/qmi', at: ['/tmp/x/at0'] }, label: `virtual ${o.profile} (${o.scenario})`,
      stop: async () => { stopped.push('virtual:1'); },
    }),
  });
  assert.equal(session.state().virtualModem, 'available');
  await session.startVirtualModem({});
  const s = session.state();
  assert.equal(s.virtualModem, 'running');
  assert.equal(s.selected, 'virtual:1');
  assert.equal(s.modems[0]!.label, 'virtual ec25 (seed)');
  // Discovery does not list it; a refresh keeps it.
  await session.refreshModems();
  assert.equal(session.state().modems.length, 1);
  await session.dispose();
  assert.deepEqual(stopped, ['virtual:1']);

  const none = new Session(engine, { presenceIntervalMs: 0 });
  await assert.rejects(none.startVirtualModem({}), (e: unknown) => e instanceof SessionError && e.code === 'unavailable');
});

test('a virtual modem whose ports vanish is marked absent by the presence check', async () => {
  const engine = new TestEngine();
  engine.modems = [];
  const { session } = await started(engine, {
    presenceIntervalMs: 10,
    startVirtualModem: async () => ({ target: { id: 'virtual:1', at: ['/tmp/x'] }, label: 'v', stop: async () => undefined }),
  });
  await session.startVirtualModem({ scenario: 'unplug' });
  engine.present = false;
  await waitFor(() => session.state().modems[0]!.present === false, 2000, 'absent');
  engine.present = true;
  await waitFor(() => session.state().modems[0]!.present === true, 2000, 'present again');
  await session.dispose();
});

test('a virtual modem plugged back in (replug-virtual-modem): refused while present; after an unplug the door\'s replug brings it back at once, and the modem shown is checked anew', async () => {
  const engine = new TestEngine();
  engine.modems = [];
  let diagnoses = 0;
  const diagnose = engine.diagnose.bind(engine);
  engine.diagnose = async (...a: Parameters<TestEngine['diagnose']>) => { diagnoses++; return diagnose(...a); };
  const replugged: string[] = [];
  const { session } = await started(engine, {
    presenceIntervalMs: 10,
    startVirtualModem: async () => ({
      target: { id: 'virtual:1', at: ['/tmp/x'] }, label: 'v', stop: async () => undefined,
      replug: async () => { replugged.push('virtual:1'); engine.present = true; },
    }),
  });
  await session.startVirtualModem({ scenario: 'unplug' });
  await assert.rejects(session.replugVirtualModem('virtual:1'), (e: unknown) => e instanceof SessionError && e.code === 'refused' && /plugged in already/.test(e.message));
  await assert.rejects(session.replugVirtualModem('virtual:9'), (e: unknown) => e instanceof SessionError && e.code === 'not-found');
  engine.present = false;
  await waitFor(() => session.state().modems[0]!.present === false, 2000, 'absent');
  assert.equal(diagnoses, 0);
  await session.replugVirtualModem('virtual:1');
  assert.deepEqual(replugged, ['virtual:1']);
  assert.equal(session.state().modems[0]!.present, true, 'present as soon as the replug returns');
  await waitFor(() => session.state().diagnosedAt !== null && session.state().busy === null, 2000, 'checked anew');
  assert.equal(diagnoses, 1);
  await session.dispose();
});

test('a real modem plugged back in (hotplug) is checked anew when it is the one shown and nothing runs', async () => {
  const { session, engine } = await started();
  let diagnoses = 0;
  const diagnose = engine.diagnose.bind(engine);
  engine.diagnose = async (...a: Parameters<TestEngine['diagnose']>) => { diagnoses++; return diagnose(...a); };
  await session.diagnose();
  engine.modems = [];
  engine.hotplug!();
  await waitFor(() => session.state().modems[0]?.present === false, 2000, 'modem marked absent');
  engine.scenario = 'healthy';
  engine.modems = [{ target: EC25_TARGET, label: 'Quectel EC25 (2c7c:0125)', problems: [] }];
  engine.hotplug!();
  await waitFor(() => diagnoses === 2 && session.state().busy === null, 2000, 'checked anew');
  assert.deepEqual(session.state().findings, [], 'what it says now, not what it said before the unplug');
  await session.dispose();
});

test('export-report names the file and type; nothing to report before a diagnosis', async () => {
  const { session } = await started();
  await assert.rejects(session.exportReport('json', false), (e: unknown) => e instanceof SessionError && e.code === 'refused');
  await session.diagnose();
  const r = await session.exportReport('html', false);
  assert.match(r.filename, /^modem-doctor-report-\d{8}T\d{6}\.html$/);
  assert.equal(r.mimeType, 'text/html');
  assert.deepEqual(JSON.parse(r.content).findings.sort(), ['apn-missing', 'autoconnect-holds-bearer', 'data-format-mismatch']);
  await session.dispose();
});
