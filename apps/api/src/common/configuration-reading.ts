import { DomainError } from '@app/domain';
import { StreamMoved, type StreamVersion } from '@app/event-store';

/**
 * What one attempt at a command read of the configuration streams (units, calendar, time limits),
 * and how. `held`: the copies this process holds are taken as they are, with no round trip.
 * `checked`: each stream is first checked against the log (ConfigurationStreams.read). Either way
 * the command's append confirms the versions read in its own statement (AppendOptions.decidedOn):
 * a stream checked can still move before the append (a unit retired at that moment), and a command
 * that gives a unit work must not be recorded after its retirement (docs/rules.md#unit-registry).
 */
export class ConfigurationReading {
  private readonly versions = new Map<string, number>();
  private tookHeld = false;

  private constructor(readonly mode: 'held' | 'checked') {}

  static held(): ConfigurationReading {
    return new ConfigurationReading('held');
  }

  static checked(): ConfigurationReading {
    return new ConfigurationReading('checked');
  }

  /** A stream read for the command, at `version`; `held`: taken as held, not checked against the log. */
  record(streamId: string, version: number, held: boolean): void {
    if (!this.versions.has(streamId)) this.versions.set(streamId, version);
    this.tookHeld ||= held;
  }

  /** What the append must confirm: every stream read, at the version read. */
  readonly decidedOn = (): StreamVersion[] => [...this.versions].map(([streamId, version]) => ({ streamId, version }));

  /**
   * The attempt ended in what no append confirmed, having taken some stream as held: the answer
   * may rest on a copy that is no longer the log's, and the command must be tried again on
   * configuration checked first. A stream moved since (the append refused), a refusal, a decision
   * of no events.
   */
  unconfirmed(error: unknown): boolean {
    if (error instanceof StreamMoved) return true;
    return this.tookHeld && (error instanceof DomainError || error instanceof NothingAppended);
  }
}

/** A command decided on configuration taken as held appended nothing, so no append confirmed it. */
export class NothingAppended extends Error {
  constructor() {
    super('The command appended nothing on configuration held: decide it again on configuration checked');
    this.name = 'NothingAppended';
  }
}

/**
 * Runs a command on the configuration as this process holds it, its append confirming the versions
 * it was completed from: a filing or a dispatch in one round trip instead of two. An attempt whose
 * answer no append confirmed (ConfigurationReading.unconfirmed) runs again on configuration checked
 * against the log first, so no answer rests on a stale copy: a unit retired or a policy published
 * through another API instance decides the very next command here, as before.
 */
export async function onHeldConfiguration<T>(attempt: (configuration: ConfigurationReading) => Promise<T>): Promise<T> {
  const held = ConfigurationReading.held();
  try {
    return await attempt(held);
  } catch (error) {
    if (!held.unconfirmed(error)) throw error;
  }
  return attempt(ConfigurationReading.checked());
}
