// The window's only bridge to the engine: window.modemDoctor with send(intent) and onState(listener),
// nothing else (no ipcRenderer, no Node). A sandboxed preload is a CommonJS script, hence .cts.

// CommonJS under verbatimModuleSyntax and erasable syntax: a plain require, typed by Electron's own definitions.
const electron = require('electron') as typeof import('electron');
import type { IpcRendererEvent } from 'electron';
import type { ApiReply, DoctorApi, Intent, IpcChannels, SessionState } from '../main/api/contract.ts';

const { contextBridge, ipcRenderer } = electron;
const CH: IpcChannels = { intent: 'modem-doctor:intent', state: 'modem-doctor:state', subscribe: 'modem-doctor:subscribe' };

const api: DoctorApi = {
  send: (intent: Intent): Promise<ApiReply> => ipcRenderer.invoke(CH.intent, intent) as Promise<ApiReply>,
  onState: (listener: (state: SessionState) => void): (() => void) => {
    const handler = (_e: IpcRendererEvent, state: SessionState): void => listener(state);
    ipcRenderer.on(CH.state, handler);
    ipcRenderer.send(CH.subscribe);
    return () => { ipcRenderer.removeListener(CH.state, handler); };
  },
};

contextBridge.exposeInMainWorld('modemDoctor', api);
