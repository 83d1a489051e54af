// Stand-ins for systemctl, ip and udevadm, put first on the helper's PATH so its verbs can be
// tested as root without touching the machine. Each is a small /bin/sh script (quick to start,
// unlike another Node) that records its argv, NUL-separated, one call per line, and answers as
// told: an exit status and a stderr text for calls that contain a given word, success otherwise.

import fs from 'node:fs';
import path from 'node:path';

export interface FakeAnswer {
  /** Matches when any argument equals this word. */
  when: string;
  status: number;
  stderr?: string;
}

export interface FakeTools {
  bin: string;
  /** Every call so far, in order: [tool, ...args]. */
  calls(): string[][];
  clearCalls(): void;
  /** How a tool answers from now on (replaces earlier answers for it). */
  answer(tool: string, answers: FakeAnswer[]): void;
}

export const FAKED = ['systemctl', 'ip', 'udevadm'] as const;

// Answers live in answers/<tool>/<word>/{status,stderr}; arguments holding a "/" never match.
// With a sysfs fixture, the fake `ip link set dev X up|down` also sets IFF_UP in X's flags, as
// the kernel would, so the helper's EBUSY check sees the link change.
const SCRIPT = (tool: string, log: string, answers: string, sysfsRoot: string | undefined): string => `#!/bin/sh
{ printf '%s\\0' '${tool}' "$@"; printf '\\n'; } >> '${log}'
${tool === 'ip' && sysfsRoot ? `if [ "$1 $2 $3" = "link set dev" ] && [ -f '${sysfsRoot}/class/net/'"$4"/flags ]; then
  case "$5" in up) echo 0x1003 > '${sysfsRoot}/class/net/'"$4"/flags ;; down) echo 0x1002 > '${sysfsRoot}/class/net/'"$4"/flags ;; esac
fi` : ''}
for a in "$@"; do
  case "$a" in */*|.|..|'') continue ;; esac
  d='${answers}/${tool}/'"$a"
  if [ -f "$d/status" ]; then cat "$d/stderr" >&2; exit "$(cat "$d/status")"; fi
done
exit 0
`;

export function makeFakeTools(dir: string, tools: readonly string[] = FAKED, sysfsRoot?: string): FakeTools {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const log = path.join(dir, 'calls.log');
  const answers = path.join(dir, 'answers');
  for (const tool of tools) fs.writeFileSync(path.join(bin, tool), SCRIPT(tool, log, answers, sysfsRoot), { mode: 0o755 });
  return {
    bin,
    calls: () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\0').slice(0, -1)) : []),
    clearCalls: () => fs.rmSync(log, { force: true }),
    answer: (tool, list) => {
      fs.rmSync(path.join(answers, tool), { recursive: true, force: true });
      for (const a of list) {
        const d = path.join(answers, tool, a.when);
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(path.join(d, 'status'), String(a.status));
        fs.writeFileSync(path.join(d, 'stderr'), a.stderr ?? '');
      }
    },
  };
}
