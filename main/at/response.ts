// Split the raw text of one AT exchange (as read from the port, or from a log) into: echo, the
// information lines that answer the command, the final result, URCs and noise. The rules are the
// line sorter's (line-sorter.ts), the same the live channel applies.

import type { FinalResult } from './final-result.ts';
import { AtLineSorter, type SorterOptions } from './line-sorter.ts';
import type { Urc } from './urc.ts';
import { MAX_LINE_BYTES } from './line-assembler.ts';

export interface AtResponse {
  command: string;
  /** true when the modem echoed the command line (ATE1). */
  echo: boolean;
  /** Information text lines that belong to this command, in order. */
  lines: string[];
  /** null when the text ended before a final result code. */
  final: FinalResult | null;
  urcs: Urc[];
  /** Lines that are neither the answer, a URC, nor the final result (noise included). */
  garbage: string[];
  /** Lines of an earlier command's late reply (only with SorterOptions.late). */
  late?: string[];
}

/**
 * Split raw port text into lines: \r\n, lone \r (echo end) and lone \n all end a line, and a
 * line longer than the channel's line buffer is cut where the channel cuts it (LineAssembler).
 */
export function splitLines(raw: string): string[] {
  const out: string[] = [];
  for (const l of raw.split(/\r\n|\r|\n/)) {
    for (let i = 0; i < l.length; i += MAX_LINE_BYTES) {
      const piece = l.length <= MAX_LINE_BYTES ? l : l.slice(i, i + MAX_LINE_BYTES);
      if (piece.trim().length > 0) out.push(piece);
    }
  }
  return out;
}

export function splitResponse(command: string, raw: string, options: SorterOptions = {}): AtResponse {
  const sorter = new AtLineSorter(command, options);
  for (const line of splitLines(raw)) {
    const sorted = sorter.push(line);
    // Offline there is nobody to type the text a `> ` prompt asks for: the prompt ends the exchange.
    if (sorted.role === 'final' && sorted.final?.kind === 'prompt' && sorter.final === null) sorter.end(sorted.final, sorted.line);
  }
  sorter.settle();
  const res: AtResponse = {
    command, echo: sorter.echo, lines: sorter.lines, final: sorter.final, urcs: sorter.urcs, garbage: sorter.garbage,
  };
  if (sorter.late.length > 0) res.late = sorter.late;
  return res;
}
