import { BadRequestException, createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';

/** The roles (docs/glossary.md#roles). `system` is for the deadline scheduler and seeding, never for HTTP callers. */
export const ROLES = ['intake', 'unit', 'discipline', 'dashboard', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as recorded in every event's metadata. Actor, role and unit come from the bearer
 * token the authentication guard verified (apps/api/src/auth/, README "Signing in"), never from
 * anything else the caller sends; the correlation id from X-Correlation-Id, or a new one.
 */
export interface RequestContext {
  actorId: string;
  role: Role;
  /** The unit a unit user acts for; null for every other role. */
  unitId: string | null;
  correlationId: string;
}

/** What a verified token says about its caller. */
export type AuthenticatedCaller = Omit<RequestContext, 'correlationId'>;

const signedIn = new WeakMap<Request, AuthenticatedCaller>();

/** Records the caller of a request once its token is verified (the authentication guard only). */
export function signIn(request: Request, caller: AuthenticatedCaller): void {
  signedIn.set(request, caller);
}

/** The verified caller of a request; undefined on a public route or before the guard ran. */
export function authenticatedCaller(request: Request): AuthenticatedCaller | undefined {
  return signedIn.get(request);
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export function readRequestContext(request: Request): RequestContext {
  const caller = authenticatedCaller(request);
  // Only a route marked @Public() runs without a verified caller, and such a route has no caller to ask for.
  if (!caller) throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: 'This request is not signed in' });
  const given = request.headers['x-correlation-id'];
  const correlationId = (Array.isArray(given) ? given[0] : given)?.trim() || randomUUID();
  if (!ID.test(correlationId)) {
    const message = 'X-Correlation-Id has invalid characters (letters, digits, . _ : @ -; at most 128)';
    throw new BadRequestException({ code: 'INVALID_CORRELATION_ID', message, errors: [{ field: 'X-Correlation-Id', message }] });
  }
  return { ...caller, correlationId };
}

/** Injects the caller's RequestContext into a route handler. */
export const Caller = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  readRequestContext(ctx.switchToHttp().getRequest<Request>()),
);
