import {
  CALENDAR_EVENT_SCHEMA_VERSIONS,
  calendarPublicationDecider,
  TIME_LIMIT_EVENT_SCHEMA_VERSIONS,
  timeLimitPublicationDecider,
  type CalendarPublicationCommand,
  type CalendarPublicationEvent,
  type CalendarPublicationState,
  type TimeLimitPublicationCommand,
  type TimeLimitPublicationEvent,
  type TimeLimitPublicationState,
} from '@app/domain';
import type { StreamDecider } from '@app/event-store';

/** The two configuration deciders, with the schema version of each event type they write. */
export const calendarStreamDecider: StreamDecider<CalendarPublicationCommand, CalendarPublicationEvent, CalendarPublicationState> = {
  ...calendarPublicationDecider,
  schemaVersion: (type) => CALENDAR_EVENT_SCHEMA_VERSIONS[type],
};

export const timeLimitStreamDecider: StreamDecider<TimeLimitPublicationCommand, TimeLimitPublicationEvent, TimeLimitPublicationState> = {
  ...timeLimitPublicationDecider,
  schemaVersion: (type) => TIME_LIMIT_EVENT_SCHEMA_VERSIONS[type],
};
