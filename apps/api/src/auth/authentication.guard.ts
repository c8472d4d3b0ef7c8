import { HttpException, Injectable, ServiceUnavailableException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimitGuard } from '../common/rate-limit.guard';
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
 * @Caller() and @Sender() read it; RateLimitGuard then counts it against its caller and RolesGuard
 * checks the route's roles.
 *
 * A request refused here ends without a caller: it is counted against its IP address
 * (RATE_LIMIT_PER_IP, as a public route's request is), and once the address has spent that, a
 * token this API has not accepted before is answered 429 RATE_LIMITED before its signature is
 * checked, as is a request with no token. Otherwise garbage tokens cost a signature check each and
 * were never limited (3,000 refused in 2 s). A token accepted before, still within its `exp`, is
 * let through to the verifier (which mostly reuses its earlier verification): the valid users
 * behind an address someone floods keep their own budgets. A 503 (the provider's keys cannot be
 * fetched) is not the client's doing and is not counted.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly rateLimit: RateLimitGuard,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (routeAccess(context.getHandler(), context.getClass()).public) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    try {
      const token = bearerToken(request);
      if (!this.verifier.accepted(token)) await this.rateLimit.refuseSpentAddress(context);
      signIn(request, await this.verifier.verify(token));
      return true;
    } catch (error) {
      if (error instanceof AuthenticationFailed) {
        // 429 instead, when this request is one more than the address may send.
        await this.rateLimit.countWithoutCaller(context);
        throw unauthorized(error, response);
      }
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

/**
 * The refusal's words as RFC 6750 §3 lets an error_description hold them: printable ASCII but the
 * double quote and the backslash. Words outside it (a claim's name configured in Chinese, quoted in
 * the message) would make a header Node refuses to send: a 500 where the caller is owed a 401. The
 * body's problem keeps the words whole.
 */
export function challengeText(message: string): string {
  return message.replace(/["\\]/g, "'").replace(/[^\x20-\x7e]/g, '?');
}

function unauthorized(failure: AuthenticationFailed, response: Response): HttpException {
  // A request without credentials gets the bare challenge; a refused token also says why (RFC 6750 §3.1).
  const challenge =
    failure.code === 'UNAUTHENTICATED'
      ? `Bearer realm="${REALM}"`
      : `Bearer realm="${REALM}", error="invalid_token", error_description="${challengeText(failure.message)}"`;
  response.setHeader('WWW-Authenticate', challenge);
  return new HttpException({ code: failure.code, message: failure.message }, 401);
}
