/**
 * The rule every admin publication follows: a calendar year (calendar/calendar-publication.ts), the
 * time limits (calendar/time-limit-publication.ts) and a year's appraisal scheme
 * (appraisal/scheme/appraisal-scheme.publication.ts).
 *
 * - A publication replaces what it publishes whole: its event carries the full content, never a change.
 * - The same content again (a retried PUT) records nothing: it is already in force.
 * - Each recorded publication carries the next revision of its stream (1, 2, …); the revision names
 *   the version in force (`admin@3`, `time-limits@3`, `appraisal-scheme-2026@3`).
 *
 * Each decider checks its own command and hands the checked content to `publish`.
 */

import type { Decision, StreamDeciderShape } from './decider';

/** A publication event: the whole content and the stream's revision it was recorded as. */
export type Publication<Type extends string, Content> = { type: Type; data: Content & { revision: number } };

/** What `publish` needs to know of the stream: its revision so far, and what is in force now. */
export interface PublishedSoFar<Content> {
  /** Publications on the stream so far (0 = none). */
  revision: number;
  /** The publication in force for what is published now; null or undefined if there is none. */
  current: (Content & { revision: number }) | null | undefined;
}

/** The publication of `content`, or nothing when that very content is already in force. */
export function publish<Type extends string, Content extends object>(
  type: Type,
  content: Content,
  stream: PublishedSoFar<Content>,
): Publication<Type, Content>[] {
  if (stream.current && sameContent(stream.current, content)) return [];
  return [{ type, data: { ...content, revision: stream.revision + 1 } }];
}

/**
 * The state of a stream on which each publication replaces the one before (the time limits, a year's
 * appraisal scheme): how many so far and the latest.
 */
export interface LatestPublication<Data extends { revision: number }> {
  /** Publications so far (0 = none). */
  revision: number;
  /** The latest publication (null = none: the built-in default is in force). */
  current: Data | null;
}

/** The decider of such a stream: its own `decide` (validation, then `publish`) and schema versions. */
export function latestPublicationDecider<Command, Event extends { type: string; data: { revision: number } }>(
  decide: (command: Command, state: LatestPublication<Event['data']>) => Decision<Event>,
  schemaVersions: Readonly<Record<Event['type'], number>>,
): StreamDeciderShape<Command, Event, LatestPublication<Event['data']>> {
  return {
    initialState: () => ({ revision: 0, current: null }),
    decide,
    evolve: (_state, event) => ({ revision: event.data.revision, current: event.data }),
    schemaVersion: (type) => schemaVersions[type],
  };
}

/** Equal content, whatever the key order (a stored event may come back with its keys reordered, as jsonb does). */
function sameContent<Content extends object>(current: Content & { revision: number }, content: Content): boolean {
  const { revision: _revision, ...inForce } = current;
  return canonicalJson(inForce) === canonicalJson(content);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
