// Our own QMI client and AT channel against the virtual modem, on its PTYs and through a real
// qmi-proxy: what they read must be the scenario's state, and the failures must be the
// scenario's symptoms.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { QmiClientError } from '../../main/qmi/client.ts';
import { openQmiPort } from '../../main/system/open-qmi.ts';
import { DMS, NAS, WDA, WDS } from '../../main/qmi/services/index.ts';
import { AtChannel } from '../../main/at/channel.ts';
import { withSim } from './support.ts';
import { skipUnlessRoot } from '../support/needs-root.ts';
import { withOwnQmiProxy } from '../support/own-qmi-proxy.ts';

for (const proxy of [false, true]) {
  describe(`QMI client ${proxy ? 'through qmi-proxy' : 'on the PTY'} against the virtual EC25`,
    { skip: proxy && skipUnlessRoot('libqmi\'s qmi-proxy refuses to start without root') }, () => {
    // Through a proxy of the test's own, ended afterwards (a client-started one lingers for minutes).
    const own = (fn: () => Promise<void>) => (): Promise<void> => (proxy ? withOwnQmiProxy(fn) : fn());
    test('healthy: identity, PIN, signal and data format read back as the modem holds them', own(() => withSim('ec25', 'healthy', async (s) => {
      const c = await openQmiPort({ device: s.ports.qmi!, proxy, releaseOnSignals: false });
      try {
        const st = s.model.state;
        const ids = await c.request(DMS, DMS.messages.getIds);
        assert.equal(ids.fields.imei, st.identity.imei);
        const pin = await c.request(DMS, DMS.messages.uimGetPinStatus);
        assert.equal(pin.fields.pin1Status?.verifyRetriesLeft, st.sim.pinLeft);
        const sig = await c.request(NAS, NAS.messages.getSignalInfo);
        assert.equal(sig.fields.lteSignalStrength?.rsrp, st.signal.rsrp);
        const fmt = await c.request(WDA, WDA.messages.getDataFormat);
        assert.equal(fmt.fields.linkLayerProtocol, st.dataFormat.linkLayer);
        const start = await c.request(WDS, WDS.messages.startNetwork, { apn: st.network.validApns[0]! });
        assert.equal(start.ok, true, start.result.errorName);
        const cur = await c.request(WDS, WDS.messages.getCurrentSettings, { requestedSettings: ['ip-address', 'gateway-info', 'mtu'] });
        assert.equal(cur.fields.ipv4Address, s.model.state.connection?.ipv4);
        assert.equal(cur.fields.mtu, s.model.state.connection?.mtu);
        const stop = await c.request(WDS, WDS.messages.stopNetwork, { packetDataHandle: start.fields.packetDataHandle! });
        assert.equal(stop.ok, true);
        assert.equal(s.model.state.connection, null);
      } finally {
        await c.close();
      }
    })));

    test('seed: Start Network says no-effect while autoconnect holds the bearer; stopping it with the global handle frees it', own(() => withSim('ec25', 'seed', async (s) => {
      const c = await openQmiPort({ device: s.ports.qmi!, proxy, releaseOnSignals: false });
      try {
        const first = await c.request(WDS, WDS.messages.startNetwork, { apn: 'internet.it' });
        assert.equal(first.result.errorName, 'no-effect');
        const stop = await c.request(WDS, WDS.messages.stopNetwork, { packetDataHandle: 0xffffffff, disableAutoconnect: true });
        assert.equal(stop.ok, true);
        const auto = await c.request(WDS, WDS.messages.getAutoconnectSettings);
        assert.equal(auto.fields.status, 'disabled');
        const again = await c.request(WDS, WDS.messages.startNetwork, { apn: 'internet.it' });
        assert.equal(again.ok, true, again.result.errorName);
      } finally {
        await c.close();
      }
    })));
  });
}

// ModemManager registers with Set System Selection Preference (automatic) when it finds the modem
// not yet registered as a connect starts; the modem must accept it (a refusal left MM's
// registration "idle" and the connect failed), and stay on its network.
test('Set System Selection Preference: automatic and the serving PLMN are accepted and the modem stays registered; another PLMN is refused', () => withSim('ec25', 'healthy', async (s) => {
  const c = await openQmiPort({ device: s.ports.qmi!, releaseOnSignals: false });
  try {
    const n = s.model.state.network;
    const auto = await c.request(NAS, NAS.messages.setSystemSelectionPreference, { networkSelectionPreference: { mode: 'automatic', mcc: 0, mnc: 0 } });
    assert.equal(auto.ok, true, auto.result.errorName);
    const serving = await c.request(NAS, NAS.messages.setSystemSelectionPreference, { networkSelectionPreference: { mode: 'manual', mcc: n.mcc, mnc: n.mnc } });
    assert.equal(serving.ok, true, serving.result.errorName);
    const other = await c.request(NAS, NAS.messages.setSystemSelectionPreference, { networkSelectionPreference: { mode: 'manual', mcc: 262, mnc: 1 } });
    assert.equal(other.result.errorName, 'invalid-argument');
    const ss = await c.request(NAS, NAS.messages.getServingSystem);
    assert.equal(ss.fields.servingSystem?.registrationState, 'registered');
  } finally {
    await c.close();
  }
}));

test('wrong-apn: Start Network fails with call-failed and the 3GPP reason "unknown APN" (27)', () => withSim('ec25', 'wrong-apn', async (s) => {
  const c = await openQmiPort({ device: s.ports.qmi!, releaseOnSignals: false });
  try {
    const r = await c.request(WDS, WDS.messages.startNetwork, { profileIndex3gpp: 1 });
    assert.equal(r.result.errorName, 'call-failed');
    assert.deepEqual(r.fields.verboseCallEndReason, { type: '3gpp', reason: 27, name: 'unknown-apn' });
  } finally {
    await c.close();
  }
}));

test('unresponsive: the client times out with a message naming the likely causes', () => withSim('ec25', 'unresponsive', async (s) => {
  await assert.rejects(openQmiPort({ device: s.ports.qmi!, timeoutMs: 400, releaseOnSignals: false }), (e: unknown) =>
    e instanceof QmiClientError && e.code === 'timeout' && /ModemManager/.test(e.message));
}));

test('the AT channel and the QMI client see one modem: a PIN entered over AT unlocks QMI', () => withSim('ec25', 'sim-pin', async (s) => {
  const at = await AtChannel.open(s.ports.at[0]!);
  const c = await openQmiPort({ device: s.ports.qmi!, releaseOnSignals: false });
  try {
    const before = await c.request(DMS, DMS.messages.uimGetPinStatus);
    assert.equal(before.fields.pin1Status?.currentStatus, 'enabled-not-verified');
    const r = await at.send(`AT+CPIN="${s.model.state.sim.pin}"`);
    assert.equal(r.final?.kind, 'ok');
    const after = await c.request(DMS, DMS.messages.uimGetPinStatus);
    assert.equal(after.fields.pin1Status?.currentStatus, 'enabled-verified');
    assert.ok(!at.transcript().some((e) => e.raw.includes(s.model.state.sim.pin)), 'the PIN never reaches the transcript');
  } finally {
    await at.close();
    await c.close();
  }
}));
