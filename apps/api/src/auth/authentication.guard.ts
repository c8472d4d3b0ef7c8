import { HttpException, Injectable, ServiceUnavailableException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { signIn } from '../common/request-context';
import { routeAccess } from '../common/roles.guard';
import { AuthenticationFailed, IdentityProviderUnavailable } from './authentication-failure';
import { TokenVerifier } from './token-verifier';

/** RFC 6750 §2.1: `Bearer` and a b64token; anything longer than this is not one of ours. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const MAX_TOKEN_LENGTH = 8192;
const REALM = 'complaint-cases';

/**
 * The first global guard: every route except those marked @Public() needs `Authorization: Bearer
 * <token>` with a token the TokenVerifier accepts, else 401 problem+json with a stable code and
 * `WWW-Authenticate: Bearer` (RFC 6750 §3). The verified caller is recorded on the request, where
 * @Caller() and @Sender() read it; RolesGuard then checks the route's roles.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(private readonly verifier: TokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (routeAccess(context.getHandler(), context.getClass()).public) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    try {
      signIn(request, await this.verifier.verify(bearerToken(request)));
      return true;
    } catch (error) {
      if (error instanceof AuthenticationFailed) throw unauthorized(error, response);
      if (error instanceof IdentityProviderUnavailable) {
        throw new ServiceUnavailableException({ code: 'IDENTITY_PROVIDER_UNAVAILABLE', message: error.message, retryAfterSeconds: 5 });
      }
      throw error;
    }
  }
}

function bearerToken(request: Request): string {
  const header = request.headers.authorization;
  if (!header) throw new AuthenticationFailed('UNAUTHENTICATED', 'Sign in: send Authorization: Bearer <token>');
  // Node keeps the first of two Authorization headers and drops the other unseen: which identity
  // was meant is not ours to guess.
  if (request.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'authorization').length > 1) {
    throw new AuthenticationFailed('TOKEN_INVALID', 'Send one Authorization header, not several');
  }
  const match = header.length <= MAX_TOKEN_LENGTH + 16 ? BEARER.exec(header) : null;
  if (!match) throw new AuthenticationFailed('TOKEN_INVALID', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

function unauthorized(failure: AuthenticationFailed, response: Response): HttpException {
  // A request without credentials gets the bare challenge; a refused token also says why (RFC 6750 §3.1).
  const challenge =
    failure.code === 'UNAUTHENTICATED'
      ? `Bearer realm="${REALM}"`
      : `Bearer realm="${REALM}", error="invalid_token", error_description="${failure.message.replace(/["\\]/g, "'")}"`;
  response.setHeader('WWW-Authenticate', challenge);
  return new HttpException({ code: failure.code, message: failure.message }, 401);
}
