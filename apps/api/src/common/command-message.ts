import { Command } from '@nestjs/cqrs';
import type { CommandSender } from './command-sender';
import type { RequestContext } from './request-context';

/**
 * A domain command as a caller sends it on the CommandBus: without `at` (the handler reads the
 * clock) and without the fields its handler adds (`Added`: the rules in force, ids it assigns).
 * Distributes over a union, so each command keeps its own fields.
 */
export type CallerCommand<C, Added extends PropertyKey = never> = C extends unknown ? Omit<C, 'at' | Added> : never;

/** What a command on one stream answers: the stream's new version and the global position of its last event. */
export interface CommandResult {
  version: number;
  /** A decimal string: positions exceed 2^53. Null only when nothing was ever appended. */
  position: string | null;
}

/**
 * A caller's command on the CommandBus, as a command route sends it: what is asked (`request`), and
 * who sends it on which conditions (If-Match, Idempotency-Key). Each aggregate's message extends it
 * to name its handler (`@CommandHandler(ItsMessage)`) and its result.
 */
export abstract class SentCommand<Request, Result> extends Command<Result> {
  constructor(
    readonly request: Request,
    readonly sender: CommandSender,
  ) {
    super();
  }
}

/**
 * An admin's publication on the CommandBus (the calendar, the time limits, an appraisal scheme): the
 * domain command without `at`, who publishes, and the revision the admin saw (If-Match, optional:
 * without it the publication replaces whatever is in force; see publication-revision.ts).
 */
export abstract class PublicationMessage<C, Result> extends Command<Result> {
  constructor(
    readonly request: CallerCommand<C>,
    readonly caller: RequestContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
