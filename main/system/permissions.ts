// Can this user open a port, and if not, why and what would fix it. The verdict is access(2)
// with R_OK|W_OK (what open(O_RDWR) will meet, ACLs included); the explanation comes from the
// node's owner, group and mode, and the user's groups (the running process's, and /etc/group's,
// which differ right after `usermod -aG` until the user logs in again).
// stat by path fails under umockdev (the explanation is then left out, the verdict stays).

import fs from 'node:fs';
import os from 'node:os';

export interface PortAccess {
  path: string;
  ok: boolean;
  /** errno code of access(2) when not ok: EACCES, ENOENT, EPERM, EROFS... */
  code?: string;
  owner?: { uid: number; gid: number; group?: string; mode: string };
  /** Why not, in words. */
  reason?: string;
  /** What would fix it, in words. */
  fix?: string;
}

interface GroupEntry { name: string; gid: number; members: string[] }

function readGroups(file = '/etc/group'): GroupEntry[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
    const [name = '', , gid = '', members = ''] = l.split(':');
    return { name, gid: Number(gid), members: members ? members.split(',') : [] };
  });
}

const modeString = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

export interface AccessOptions {
  /** /etc/group by default (a test may point elsewhere). */
  groupFile?: string;
}

/** access(2) for reading and writing, explained when it fails. */
export function checkPortAccess(path: string, opts: AccessOptions = {}): PortAccess {
  try {
    fs.accessSync(path, fs.constants.R_OK | fs.constants.W_OK);
    return { path, ok: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'EACCES';
    if (code === 'ENOENT') {
      return { path, ok: false, code, reason: 'the device node does not exist (unplugged, or its driver is not loaded)', fix: 'plug the modem in again and check that its driver is bound' };
    }
    if (code !== 'EACCES' && code !== 'EPERM') return { path, ok: false, code, reason: `access(2) failed with ${code}` };
    return { path, ok: false, code, ...explainDenied(path, opts) };
  }
}

function explainDenied(path: string, opts: AccessOptions): Pick<PortAccess, 'owner' | 'reason' | 'fix'> {
  let st: fs.Stats;
  try {
    st = fs.statSync(path);
  } catch {
    return { reason: 'this user may not open it for reading and writing', fix: 'run Modem Doctor as a user with access to the port, or give your user access with a udev rule' };
  }
  const groups = readGroups(opts.groupFile);
  const group = groups.find((g) => g.gid === st.gid);
  const owner = { uid: st.uid, gid: st.gid, mode: modeString(st.mode), ...(group ? { group: group.name } : {}) };
  const groupName = group?.name ?? `gid ${st.gid}`;
  const groupCanRw = (st.mode & 0o060) === 0o060;
  const user = safeUserName();
  const inGroupNow = (process.getgroups?.() ?? []).includes(st.gid) || process.getgid?.() === st.gid;
  const listedInGroup = user !== undefined && (group?.members.includes(user) ?? false);
  if (groupCanRw && !inGroupNow && listedInGroup) {
    return {
      owner, reason: `you were added to the group ${groupName} that owns it (mode ${owner.mode}), but this login session started before that`,
      fix: `log out and back in (or start a shell with: newgrp ${groupName})`,
    };
  }
  if (groupCanRw && !inGroupNow) {
    return {
      owner, reason: `it belongs to the group ${groupName} (mode ${owner.mode}) and ${user ?? 'this user'} is not in it`,
      fix: `add yourself to the group: sudo usermod -aG ${groupName} ${user ?? '$USER'}, then log out and back in`,
    };
  }
  return {
    owner, reason: `only its owner (uid ${st.uid}) may open it (mode ${owner.mode}, group ${groupName}): no udev rule gives your user access`,
    fix: 'install a udev rule that gives a group you are in access to the port (e.g. GROUP="dialout", MODE="0660" for this device), or run Modem Doctor as root',
  };
}

function safeUserName(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}
