// The shape of every error Modem Doctor raises on purpose: a code a program switches on (each
// module has its closed set) and a message a person acts on. One base class, so an error of ours
// from any layer is told apart from a bug (TypeError, RangeError) by `instanceof CodedError`, and
// each module's class only names itself and adds what it alone carries.

export class CodedError<C extends string> extends Error {
  readonly code: C;
  constructor(code: C, message: string) {
    super(message);
    this.code = code;
  }
}

/** A message followed by the other ways to the same end, one per line (none: the message alone). */
export function withAlternatives(message: string, alternatives: readonly string[]): string {
  return alternatives.length ? `${message}\nOther ways:\n${alternatives.map((a) => `  - ${a}`).join('\n')}` : message;
}
