import { ServiceUnavailableException } from '@nestjs/common';

/** The stable code of an identity whose data key no configured master key unwraps. */
export const COMPLAINANT_KEY_UNAVAILABLE = 'COMPLAINANT_KEY_UNAVAILABLE';

/**
 * Retry-After, as every 503 here says when to come back: a key is configured by an operator and
 * the API restarted with it, minutes rather than seconds; asking sooner only gets this again.
 */
const KEY_RETRY_AFTER_SECONDS = 300;

/**
 * A sealed person (a complainant, a finding's raiser) whose data key is wrapped by a master key this
 * process is not given (the key file lost, or COMPLAINANT_MASTER_KEYS naming others). Not a client's
 * mistake and not a crash: 503, until an operator configures that key; everything else works
 * without it (docs/rules.md#what-is-kept-and-where). The answer says what to do; which key is
 * missing is the operator's to know, so it is in the message the log records (the problem filter
 * logs a 5xx at error, once), not in the response.
 */
export class MasterKeyUnavailable extends ServiceUnavailableException {
  constructor(label: string, ref: string, masterKeyId: string) {
    super({
      code: COMPLAINANT_KEY_UNAVAILABLE,
      message: 'This identity cannot be read until the master key that sealed it is configured; ask the administrator',
      retryAfterSeconds: KEY_RETRY_AFTER_SECONDS,
    });
    this.message = `${label} ${ref} is wrapped by master key "${masterKeyId}", which is not configured`;
  }
}
