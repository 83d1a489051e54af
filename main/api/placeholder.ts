// The page `serve` shows until the wizard (renderer/) is built: it says how to build it, and shows
// the session state live over the same WebSocket API the wizard uses, so the door can be tried.

export const PLACEHOLDER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Modem Doctor</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/__placeholder.css"></head>
<body><main>
<h1>Modem Doctor</h1>
<p>The wizard is not built in this checkout yet (<code>renderer/dist/</code> is missing): run
<code>npm run build:renderer</code>, or use the command line. Below, the engine's session as it
changes, over the API the wizard uses.</p>
<p><button id="diagnose" type="button">Diagnose</button> <button id="virtual" type="button">Start the virtual modem</button></p>
<p id="status" role="status">Connecting…</p>
<pre id="state" aria-label="Session state"></pre>
</main><script src="/__placeholder.js"></script></body></html>
`;

export const PLACEHOLDER_CSS = `body{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem;color:#222;background:#fff}
@media (prefers-color-scheme:dark){body{color:#eee;background:#1b1b1b}}
pre{font-size:12px;overflow:auto;max-height:70vh;border:1px solid #8884;padding:.5rem}
`;

export const PLACEHOLDER_JS = `'use strict';
(function () {
  var token = new URLSearchParams(location.search).get('token') || '';
  var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api?token=' + encodeURIComponent(token));
  var status = document.getElementById('status');
  var out = document.getElementById('state');
  var next = 1;
  function send(intent) { ws.send(JSON.stringify({ id: next++, intent: intent })); }
  ws.onopen = function () { status.textContent = 'Connected.'; };
  ws.onclose = function () { status.textContent = 'Disconnected (is modem-doctor serve still running?).'; };
  ws.onmessage = function (ev) {
    var m = JSON.parse(ev.data);
    if (m.kind === 'state') out.textContent = JSON.stringify(m.state, null, 2);
    else if (m.kind === 'reply' && !m.reply.ok) status.textContent = m.reply.error.message;
  };
  document.getElementById('diagnose').onclick = function () { send({ type: 'diagnose' }); };
  document.getElementById('virtual').onclick = function () { send({ type: 'start-virtual-modem' }); };
})();
`;
