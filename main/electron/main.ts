// The desktop window: the only code (with preload/) that imports electron. The renderer is
// sandboxed, context-isolated, without Node; it loads only the built wizard from the app's own
// scheme with a strict CSP; it cannot navigate away, open windows, attach webviews or get any
// permission. Its one way out is the API: IPC from our window's main frame, relayed to the engine
// (a Node child, engine-child.ts), where the dispatcher validates every intent.
// Compiled to out/ (tsconfig.electron.json) because Electron does not run TypeScript.

import { app, BrowserWindow, ipcMain, protocol, session, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { ApiReply, IpcChannels } from '../api/contract.ts';
import { contentSecurityPolicy } from '../api/csp.ts';
import { startEngineChild, type EngineChild } from './engine-child.ts';
import { PLACEHOLDER_PAGE } from './placeholder-page.ts';

const CH: IpcChannels = { intent: 'modem-doctor:intent', state: 'modem-doctor:state', subscribe: 'modem-doctor:subscribe' };
const SCHEME = 'modem-doctor';
const ORIGIN = `${SCHEME}://app`;

/** The project root: out/main/electron/main.js is three levels below it. */
const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const RENDERER = path.join(ROOT, 'renderer', 'dist');
const PRELOAD = path.join(ROOT, 'out', 'preload', 'preload.cjs');

// Before ready: our scheme is a secure, standard origin (so the CSP's 'self' means it).
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

let engine: EngineChild | null = null;
let win: BrowserWindow | null = null;

/** Serves renderer/dist under modem-doctor://app/, never a file outside it. */
async function serveApp(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const headers = { 'content-security-policy': contentSecurityPolicy(), 'x-content-type-options': 'nosniff' };
  if (url.host !== 'app') return new Response('not found', { status: 404, headers });
  const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const file = path.resolve(RENDERER, `.${path.posix.normalize(rel)}`);
  if (!file.startsWith(RENDERER + path.sep) || rel.includes('\0')) return new Response('not found', { status: 404, headers });
  if (!fs.existsSync(file)) {
    if (rel === '/index.html') return new Response(PLACEHOLDER_PAGE, { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
    return new Response('not found', { status: 404, headers });
  }
  const body = await fs.promises.readFile(file);
  return new Response(new Uint8Array(body), { headers: { ...headers, 'content-type': contentType(file) } });
}

function contentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return ({ '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

/** Only our window's main frame, showing our own origin, may talk to the engine. */
function trusted(e: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame;
  if (win === null || frame === null || e.sender !== win.webContents || frame !== win.webContents.mainFrame) return false;
  // URL.origin is "null" for a scheme the URL standard does not know: compare scheme and host.
  const u = new URL(frame.url);
  return u.protocol === `${SCHEME}:` && u.host === 'app';
}

function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
    width: 1200, height: 820, minWidth: 720, minHeight: 520, show: false, title: 'Modem Doctor', autoHideMenuBar: true,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // A middle click would open a link in a new window: the page has no use for it.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => { win = null; });
  await win.loadURL(`${ORIGIN}/index.html`);
}

function wireIpc(e: EngineChild): void {
  ipcMain.handle(CH.intent, async (ev, intent: unknown): Promise<ApiReply> => {
    if (!trusted(ev)) return { ok: false, error: { code: 'invalid-input', message: 'Refused: not from the Modem Doctor window.' } };
    return e.send(intent);
  });
  ipcMain.on(CH.subscribe, (ev) => {
    if (!trusted(ev)) return;
    const s = e.latest();
    if (s) ev.sender.send(CH.state, s);
  });
  e.onState((s) => { if (win && !win.isDestroyed()) win.webContents.send(CH.state, s); });
}

app.on('web-contents-created', (_e, contents) => lockDown(contents));

void app.whenReady().then(async () => {
  // No permission (camera, notifications, serial, USB, geolocation...) for the page, ever.
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.setDevicePermissionHandler(() => false);
  // The CSP on every response the window gets, whatever its source (the app scheme sets it too).
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  protocol.handle(SCHEME, serveApp);
  engine = startEngineChild(ROOT, process.argv.includes('--virtual') ? ['--virtual'] : ['--virtual-if-none']);
  wireIpc(engine);
  await createWindow();
});

app.on('window-all-closed', () => app.quit());
app.on('will-quit', (ev) => {
  if (!engine) return;
  ev.preventDefault();
  const e = engine;
  engine = null;
  void e.stop().finally(() => app.quit());
});
