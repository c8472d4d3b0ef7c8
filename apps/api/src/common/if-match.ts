import { BadRequestException } from '@nestjs/common';

/**
 * `If-Match: "<version>"` → the stream version the caller last saw (undefined without the header).
 * Weak tags and lists are refused: a command is conditional on exactly one version. So is a header
 * sent empty: a client whose saved ETag is blank asked for a condition, and would otherwise have its
 * command applied to whatever version the stream is at.
 */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^"(0|[1-9]\d{0,9})"$/.exec(value.trim());
  if (!match) {
    const message = 'If-Match must be one strong entity tag, the ETag a read answered (a version or a revision), e.g. "3"';
    throw new BadRequestException({ code: 'INVALID_IF_MATCH', message, errors: [{ field: 'If-Match', message }] });
  }
  return Number(match[1]);
}
