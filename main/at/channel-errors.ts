// The typed errors of the AT channel: each says what happened to which command and what to do.

import { CodedError } from '../errors/coded-error.ts';

export type AtChannelErrorCode = 'timeout' | 'restart' | 'closed' | 'port-lost' | 'write-failed' | 'invalid-command';

export class AtChannelError extends CodedError<AtChannelErrorCode> {
  override name = 'AtChannelError';
  /** The command concerned (masked), or '' when the error is about the channel. */
  readonly command: string;
  constructor(code: AtChannelErrorCode, command: string, message: string) {
    super(code, message);
    this.command = command;
  }
}

/** Why a command got no final result, judged from what did arrive. */
export type TimeoutCause = 'silent' | 'nmea' | 'binary' | 'partial';

export class AtTimeoutError extends AtChannelError {
  readonly timeoutMs: number;
  readonly likelyCause: TimeoutCause;
  /** Bytes received while the command was in flight. */
  readonly receivedBytes: number;
  /** What arrived, masked and cut to a readable length. */
  readonly received: string;
  constructor(command: string, timeoutMs: number, likelyCause: TimeoutCause, receivedBytes: number, received: string, message: string) {
    super('timeout', command, message);
    this.name = 'AtTimeoutError';
    this.timeoutMs = timeoutMs;
    this.likelyCause = likelyCause;
    this.receivedBytes = receivedBytes;
    this.received = received;
  }
}

export class AtRestartError extends AtChannelError {
  /** The line that showed the restart ("RDY", "+CFUN: 1"...). */
  readonly line: string;
  constructor(command: string, line: string) {
    super('restart', command,
      `the modem restarted ("${line}") while ${command} was in flight: it was not answered; ` +
      'send it again once the modem is ready (echo is back on and settings such as AT+CMEE are reset)');
    this.name = 'AtRestartError';
    this.line = line;
  }
}
