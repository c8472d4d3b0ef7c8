import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { idempotencyKeyOf } from './idempotency/idempotent-answers';
import { parseIfMatch } from './if-match';
import { readRequestContext, type RequestContext } from './request-context';

/** The conditions a caller puts on a command: If-Match (expected version) and Idempotency-Key. */
export interface CommandConditions {
  expectedVersion?: number;
  idempotencyKey?: string;
}

/** Who sends a command and on which conditions: what every command route passes on with its request. */
export interface CommandSender {
  caller: RequestContext;
  conditions: CommandConditions;
}

/**
 * Injects a command route's CommandSender: the caller (from the verified bearer token), If-Match and
 * Idempotency-Key, each refused with a 400 naming the header when malformed.
 */
export const Sender = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandSender => {
  const request = ctx.switchToHttp().getRequest<Request>();
  const caller = readRequestContext(request);
  return { caller, conditions: { expectedVersion: parseIfMatch(request.header('if-match')), idempotencyKey: idempotencyKeyOf(request) } };
});

/**
 * The sender of a command that creates its stream (filing, opening a campaign, raising a finding):
 * If-Match means nothing for what does not exist yet; an Idempotency-Key names the new stream.
 */
export function creating({ caller, conditions: { idempotencyKey } }: CommandSender): CommandSender {
  return { caller, conditions: { idempotencyKey } };
}
