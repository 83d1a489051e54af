// A fix cut short while applying (its process was killed mid-change): the words the CLI uses to
// offer the two ways out, with commands to copy — run the fix again to finish it (the new run
// takes over the record, so undo still goes back to before the first run), or undo it.

import type { UndoRecord } from '../doctor/fix.ts';
import type { ModemTarget } from '../doctor/target.ts';

/** Device options that reach the record's modem again, as the user gave them. */
function deviceArgs(t: ModemTarget | undefined): string[] {
  if (!t) return [];
  if (!t.id.startsWith('qmi:') && !t.id.startsWith('at:')) return ['--device', t.id];
  return [
    ...(t.qmi ? ['--qmi', t.qmi] : []),
    ...t.at.slice(0, 1).flatMap((a) => ['--at', a]),
    ...(t.net ? ['--net', t.net] : []),
    ...(t.sysfsRoot && t.sysfsRoot !== '/sys' ? ['--sysfs-root', t.sysfsRoot] : []),
    ...(t.viaProxy ? ['--proxy'] : []),
  ];
}

/** Quotes an argument for a POSIX shell only when it needs it (the user copies the line). */
const shellWord = (a: string): string => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

export interface CutShortOffer {
  actionId: string;
  fix: string;
  /** The command that runs the fix again to finish it. */
  finish: string;
  /** The command that puts back what it changed. */
  undo: string;
}

export function cutShortOffer(r: UndoRecord): CutShortOffer {
  return {
    actionId: r.actionId,
    fix: r.fix,
    finish: ['modem-doctor', 'fix', r.finding ?? r.fix, '--yes', ...deviceArgs(r.target)].map(shellWord).join(' '),
    undo: `modem-doctor undo ${r.actionId}`,
  };
}

/** Lines for people: what happened and both ways out. */
export function cutShortText(r: UndoRecord, indent = '    '): string {
  const o = cutShortOffer(r);
  return `${indent}finish it: ${o.finish}\n${indent}or undo it: ${o.undo}`;
}
