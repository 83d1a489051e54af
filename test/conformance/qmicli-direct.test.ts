// libqmi's qmicli straight on the simulator's QMI PTY (--device-open-qmi: a PTY is no usbmisc).
import { defineQmicliCases } from './qmicli-cases.ts';

defineQmicliCases('direct');
