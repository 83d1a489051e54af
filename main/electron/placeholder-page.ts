// What the window shows until renderer/ is built: how to build it. No script (the CSP allows
// only the app's own files, and this page needs none).

export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Modem Doctor</title></head>
<body style="font:16px/1.5 system-ui,sans-serif;margin:2rem">
<h1>Modem Doctor</h1>
<p>The wizard is not built in this checkout yet: run <code>npm run build:renderer</code> and start again,
or use <code>npx modem-doctor serve</code> and the command line.</p>
</body></html>
`;
