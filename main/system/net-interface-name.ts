// The kernel's own rule for a network interface name (net/core/dev.c, dev_valid_name()): not
// empty, shorter than IFNAMSIZ (16, so at most 15 bytes), not "." or "..", and no '/', ':' or
// whitespace. A name that passes can be put into a /sys/class/net/<name>/... path without
// escaping that folder, and handed to `ip` as one argument. We also refuse a leading '-' so the
// name can never be read as an option by a tool, although the kernel itself would allow it.

export const IFNAMSIZ = 16;

/** undefined when the name is acceptable; otherwise why it is not, in words. */
export function interfaceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'an interface name cannot be empty';
  if (Buffer.byteLength(name, 'utf8') >= IFNAMSIZ) return `an interface name has at most ${IFNAMSIZ - 1} bytes (the kernel's IFNAMSIZ is ${IFNAMSIZ})`;
  if (name === '.' || name === '..') return `"${name}" is not an interface name`;
  // isspace() in the kernel: space, \t, \n, \v, \f, \r.
  if (/[/:\s]/.test(name)) return 'an interface name cannot contain "/", ":" or white space';
  if (name.startsWith('-')) return 'an interface name starting with "-" would be read as an option';
  return undefined;
}

export function isValidInterfaceName(name: string): boolean {
  return interfaceNameProblem(name) === undefined;
}
