import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { idempotencyKeyOf } from './idempotency/idempotency.interceptor';
import { parseIfMatch } from './if-match';

/** The conditions a caller puts on a command: If-Match (expected version) and Idempotency-Key. */
export interface CommandConditions {
  expectedVersion?: number;
  idempotencyKey?: string;
}

export const Conditions = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandConditions => {
  const request = ctx.switchToHttp().getRequest<Request>();
  return { expectedVersion: parseIfMatch(request.header('if-match')), idempotencyKey: idempotencyKeyOf(request) };
});
