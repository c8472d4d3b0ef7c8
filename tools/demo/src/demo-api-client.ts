import type { DevTokenIssuer } from '../../../apps/server/src';
import { Semaphore } from './semaphore';

/** Who sends a request: what its bearer token says (README "Signing in"). */
export interface Caller {
  actor: string;
  role: 'intake' | 'unit' | 'discipline' | 'dashboard' | 'admin';
  unitId?: string;
}

export const INTAKE: Caller = { actor: 'intake-demo', role: 'intake' };
export const DISCIPLINE: Caller = { actor: 'jjjc-demo', role: 'discipline' };
export const APPRAISAL_OFFICE: Caller = { actor: 'appraisal-office-demo', role: 'admin' };
export const unitCaller = (unitId: string): Caller => ({ actor: `${unitId}-handler`, role: 'unit', unitId });

/** What every command answers. */
export interface CommandResponse {
  id: string;
  version: number;
  position: string | null;
}

/** A request the API refused or failed: the demo stops on the first one and shows it. */
export class DemoRequestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly caller: Caller,
    readonly status: number,
    readonly body: unknown,
    readonly requestBody?: unknown,
  ) {
    super(`${method} ${path} as ${caller.role}${caller.unitId ? ` (${caller.unitId})` : ''} → ${status}`);
    this.name = 'DemoRequestError';
  }

  /** The problem+json `code`, if the API sent one. */
  get code(): string | undefined {
    const body = this.body as { code?: unknown } | null;
    return typeof body?.code === 'string' ? body.code : undefined;
  }
}

/** How a story sends a command: at its own instant, and tied to its case (X-Correlation-Id). */
export interface Sent {
  at: number;
  correlation?: string;
}

/**
 * What the stories send during the simulated year: commands (POST) and case views (GET), by the
 * API's paths, over HTTP (DemoApiClient) or in process (InProcessApi, in-process-api.ts).
 */
export interface DemoApi {
  /** Requests answered with a 2xx (in process: commands and reads answered). */
  readonly requests: number;
  post<T = CommandResponse>(path: string, body: unknown, caller: Caller, sent: Sent): Promise<T>;
  get<T>(path: string, caller: Caller): Promise<T>;
}

/**
 * The API over real HTTP with Node's own fetch: every command goes through routing, sign-in,
 * validation, roles and problem+json exactly as for any client (supertest is a devDependency,
 * and the production script must not need it). Each caller signs in with a token from `issuer`,
 * made once per caller. A small semaphore bounds the requests in flight.
 */
export class DemoApiClient implements DemoApi {
  /** Requests answered with a 2xx. */
  requests = 0;
  private readonly limit: Semaphore;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly baseUrl: string,
    private readonly issuer: DevTokenIssuer,
    private readonly correlationPrefix: string,
    maxInFlight = 8,
  ) {
    this.limit = new Semaphore(maxInFlight);
  }

  /**
   * POST a command; `correlation` ties all requests of one case together in the event metadata.
   * Over HTTP the API's clock decides `at`: the simulation has it at the story's instant already
   * (pacing `slots`).
   */
  post<T = CommandResponse>(path: string, body: unknown, caller: Caller, sent?: Sent): Promise<T> {
    return this.send<T>('POST', path, caller, body, sent?.correlation);
  }

  get<T>(path: string, caller: Caller): Promise<T> {
    return this.send<T>('GET', path, caller);
  }

  /** GET that answers null on 404 instead of failing. */
  async find<T>(path: string, caller: Caller): Promise<T | null> {
    try {
      return await this.get<T>(path, caller);
    } catch (error) {
      if (error instanceof DemoRequestError && error.status === 404) return null;
      throw error;
    }
  }

  private async send<T>(method: string, path: string, caller: Caller, body?: unknown, correlation?: string): Promise<T> {
    await this.limit.acquire();
    try {
      const headers: Record<string, string> = { Authorization: `Bearer ${await this.tokenOf(caller)}` };
      if (correlation) headers['X-Correlation-Id'] = `${this.correlationPrefix}${correlation}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      const parsed = parseJson(text);
      if (!response.ok) throw new DemoRequestError(method, path, caller, response.status, parsed, body);
      this.requests++;
      return parsed as T;
    } finally {
      this.limit.release();
    }
  }

  /** The caller's token, valid for a day of real time: longer than any demo run. */
  private tokenOf(caller: Caller): Promise<string> {
    const key = `${caller.actor}/${caller.role}/${caller.unitId ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = this.issuer.issue({ role: caller.role, unitId: caller.unitId, subject: caller.actor, ttlSeconds: 24 * 3600 });
      this.tokens.set(key, token);
    }
    return token;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
