import { Inject, Injectable } from '@nestjs/common';
import { isDomainError } from '@app/domain';
import {
  AggregateCache,
  decideAndAppend,
  decideAndAppendRetrying,
  EVENT_STORE,
  eventMetadata,
  type DecideOptions,
  type DecideResult,
  type DomainEvent,
  type EventStore,
  type StreamDecider,
  type StreamVersion,
} from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import type { CallerCommand, CommandResult } from './command-message';
import type { CommandSender } from './command-sender';
import { NothingAppended, type ConfigurationReading } from './configuration-reading';
import { eventIdsFor } from './idempotency/idempotent-ids';
import { publicationMoved, type PublicationCondition } from './publication-revision';
import type { RequestContext } from './request-context';

/**
 * The one way the API's command handlers write: stamp the command with now (`at`), then load →
 * decide → append on one stream (libs/event-store aggregate-stream.ts) with the caller and `at` in
 * every event's metadata. The rules are the decider's; what a command needs looked up first (units,
 * the deadline rules in force, new ids) is its handler's, so a handler reads top to bottom as its own
 * look-ups and one call here.
 */
@Injectable()
export class CommandWriter {
  /**
   * The states of the streams this process last wrote to (AggregateCache): a command is decided on
   * the state held, and the append's version check confirms it (or the tail is read and the command
   * decided again). One per CommandWriter, and each feature module has its own: a stream another
   * module's writer appended to is read again by this one's next command (its append is refused
   * once). Every answer is still the log's.
   */
  private readonly held = new AggregateCache();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A caller's command on `streamId`: If-Match is the version expected (anything else:
   * WrongExpectedVersion, before deciding; on a stream that does not exist, the decider's refusal
   * there, its 404, comes first), and with an Idempotency-Key the event ids are the same on
   * every retry, so a retry finds the first attempt's events instead of appending them again.
   * `command` may still be looked up (a promise): it is completed while the stream is read.
   * `alongside`: rows of the handler's that must be committed with the events or not at all
   * (`alongsideStatement`: the same rows as one statement, written in the append's round trip).
   * `newStream`: the handler has just made the stream's id, so there is nothing to read (filing
   * without an Idempotency-Key; see DecideOptions.newStream).
   * `configuration`: how the command's configuration was read (onHeldConfiguration); taken as held,
   * the append confirms its versions, and a decision of no events, which no append confirms, throws
   * NothingAppended for the command to be decided again on configuration checked.
   * `decidedOn`: other streams the command was completed from, which the append must find at these
   * versions (StreamMoved otherwise, nothing written): a unit name's stream after its claim (UnitNames).
   * `decidedOnLog`: what the command found absent from the global log, which the append must still
   * not find after the position read (StreamMoved otherwise): a retiring unit's holdings (UnitHoldings).
   * `absentAtPath`: the codes of the decider's refusals that say a thing the path names inside the
   * stream is absent (MEASURE_NOT_FOUND on `/findings/{id}/measures/{mid}/…`): with If-Match they
   * still come before VERSION_MISMATCH (DecideOptions.refusedWhateverVersion), as the 404 of a
   * stream that does not exist does.
   */
  async append<C extends { at: string }, E extends DomainEvent, S>(
    streamId: string,
    decider: StreamDecider<C, E, S>,
    command: CallerCommand<C> | Promise<CallerCommand<C>>,
    { caller, conditions }: CommandSender,
    {
      alongside,
      alongsideStatement,
      newStream,
      configuration,
      decidedOn,
      decidedOnLog,
      absentAtPath,
    }: Pick<DecideOptions, 'alongside' | 'alongsideStatement' | 'newStream' | 'decidedOnLog'> & {
      configuration?: ConfigurationReading;
      decidedOn?: readonly StreamVersion[];
      absentAtPath?: readonly string[];
    } = {},
  ): Promise<CommandResult> {
    const at = this.now();
    const decided = command instanceof Promise ? command.then((c) => stamped(c, at)) : stamped(command, at);
    const options: DecideOptions = {
      metadata: eventMetadata(caller, at),
      expectedVersion: conditions.expectedVersion,
      refusedWhateverVersion: absentAtPath && ((refusal) => isDomainError(refusal) && absentAtPath.includes(refusal.code)),
      eventIdFor: eventIdsFor(caller, conditions.idempotencyKey),
      alongside,
      alongsideStatement,
      newStream,
      cache: this.held,
      decidedOn: decidedOn ? () => [...(configuration?.decidedOn() ?? []), ...decidedOn] : configuration?.decidedOn,
      decidedOnLog,
    };
    // Without If-Match the caller did not ask for the version it saw: a writer landing between the
    // read and the append (another colleague, the deadline scheduler's DeadlinePassed) has the
    // command decided once more on the stream as it then stands, whether it was decided on a held
    // state or on the stream read (an Idempotency-Key's, which must find an earlier attempt there).
    const once = options.expectedVersion === undefined && !newStream;
    const { events, replayed, version, position } = once
      ? await decideAndAppendRetrying(this.store, streamId, decider, decided, options, 2)
      : await decideAndAppend(this.store, streamId, decider, decided, options);
    if (configuration?.mode === 'held' && events.length === 0 && !replayed) throw new NothingAppended();
    return { version, position: position?.toString() ?? null };
  }

  /**
   * An admin's publication on `streamId`. It replaces what it publishes whole, so without If-Match
   * one landing in between is simply decided again on top of it (decideAndAppendRetrying). With
   * If-Match (`condition.expected`, publication-revision.ts) the publication in force must still be
   * the one the admin saw: checked in the decision, which the append confirms at the stream version
   * it was decided on, so a publication landing in between has it decided again and refused 412
   * (two PUTs with the same If-Match: one publishes). The same publication again appends nothing;
   * the result then carries the stream as it stands, from which the handler answers the publication in force.
   */
  publish<C extends { at: string }, E extends DomainEvent, S>(
    streamId: string,
    decider: StreamDecider<C, E, S>,
    command: CallerCommand<C>,
    caller: RequestContext,
    condition?: PublicationCondition<S>,
  ): Promise<DecideResult<E>> {
    const at = this.now();
    return decideAndAppendRetrying(this.store, streamId, conditional(decider, condition), stamped(command, at), {
      metadata: eventMetadata(caller, at),
    });
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

/** `decider`, refusing (412) before its own rules when the publication in force is not the revision expected. */
function conditional<C, E extends DomainEvent, S>(
  decider: StreamDecider<C, E, S>,
  condition?: PublicationCondition<S>,
): StreamDecider<C, E, S> {
  const expected = condition?.expected;
  if (expected === undefined) return decider;
  return {
    ...decider,
    decide(command, state) {
      const current = condition!.revisionOf(state);
      // Thrown, not returned: a decision's refusal is a broken rule (422), this the caller's stale view.
      if (current !== expected) throw publicationMoved(expected, current);
      return decider.decide(command, state);
    },
  };
}

/** The caller's command as the decider takes it: with `at`. */
function stamped<C extends { at: string }>(command: CallerCommand<C>, at: string): C {
  // CallerCommand<C> is C without `at`; TypeScript cannot see through the conditional type that adding it back gives C.
  return { ...command, at } as unknown as C;
}
