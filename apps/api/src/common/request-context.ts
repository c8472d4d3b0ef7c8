import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

/** The roles (docs/glossary.md#roles). `system` is for the deadline scheduler and seeding, never for HTTP callers. */
export const ROLES = ['intake', 'unit', 'discipline', 'dashboard', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as recorded in every event's metadata. Until authentication arrives the caller
 * names itself with headers: X-Actor, X-Role, X-Unit (required for the unit role) and optionally
 * X-Correlation-Id.
 */
export interface RequestContext {
  actorId: string;
  role: Role;
  unitId: string | null;
  correlationId: string;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export function readRequestContext(request: Request): RequestContext {
  const actorId = header(request, 'x-actor');
  const role = header(request, 'x-role');
  const unitId = header(request, 'x-unit') ?? null;
  const correlationId = header(request, 'x-correlation-id') ?? randomUUID();
  if (!actorId || !ID.test(actorId)) throw headerError('X-Actor', 'X-Actor must name the caller (letters, digits, . _ : @ -)');
  if (!role || !(ROLES as readonly string[]).includes(role)) throw headerError('X-Role', `X-Role must be one of ${ROLES.join(', ')}`);
  if (role === 'unit' && !unitId) throw headerError('X-Unit', 'X-Unit is required for the unit role');
  if (unitId !== null && !ID.test(unitId)) throw headerError('X-Unit', 'X-Unit is not a unit id');
  if (!ID.test(correlationId)) throw headerError('X-Correlation-Id', 'X-Correlation-Id has invalid characters');
  return { actorId, role: role as Role, unitId, correlationId };
}

/** Injects the caller's RequestContext into a route handler. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  readRequestContext(ctx.switchToHttp().getRequest<Request>()),
);

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}

function headerError(field: string, detail: string): BadRequestException {
  return new BadRequestException({ code: 'INVALID_CALLER_HEADERS', message: detail, errors: [{ field, message: detail }] });
}
