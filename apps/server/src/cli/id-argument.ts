/**
 * An id given on a script's command line (`audit -- verify --actor`, `token -- --sub`, `--unit`)
 * takes the rule the API holds ids to (apps/api/src/common/text-fields.ts ID_PATTERN: an actor id
 * recorded in the log is one `GET /audit/events?actorId=` can ask for; a spec holds the two equal).
 * Its own small module, without the API's: the scripts read their arguments before loading it.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** `value` if it is an id; else the mistake, naming the option (exit 64 with the usage). */
export function idArgument(flag: string, value: string): string {
  if (ID_PATTERN.test(value)) return value;
  throw new Error(`${flag} must be letters, digits, . _ : @ - (at most 128, the first a letter or digit), got ${JSON.stringify(value)}`);
}
