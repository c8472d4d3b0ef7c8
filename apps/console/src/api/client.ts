import createClient, { type Middleware } from 'openapi-fetch';
import { auth, currentSession, signOut } from '../auth/session';
import { fieldErrorsOf, type FieldErrorContext, type ShownProblem } from '../problems/problem-text';
import type { components, paths } from './schema';

export type Problem = components['schemas']['Problem'];
export type Schemas = components['schemas'];

/**
 * A request the API refused: its problem+json (RFC 9457) with the stable code, shown in the error
 * banner in Chinese (problems/problem-text.ts; the English title and detail are for support).
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ShownProblem,
  ) {
    super(`${problem.title}（${problem.code}）`);
  }
}

/**
 * Sends the signed-in user's own token with every request; a 401 (expired, revoked, refused) ends
 * the session and the router takes the user back to the sign-in page with the reason.
 */
const bearer: Middleware = {
  onRequest({ request }) {
    const session = currentSession();
    if (session) request.headers.set('Authorization', `Bearer ${session.token}`);
    return request;
  },
  onResponse({ response }) {
    if (response.status === 401 && auth.session) signOut('登录已失效，请重新登录');
    return response;
  },
};

/** The typed client of the public API (types generated from its OpenAPI document: npm run console:contract). */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/**
 * The data of an answer, or throws a ProblemError with the API's problem (or a made-up one when the
 * answer is not problem+json, e.g. the network is down).
 */
export async function must<T>(answer: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await answer;
  } catch {
    throw new ProblemError(0, { title: '无法连接服务器', code: 'NETWORK_ERROR' });
  }
  const { data, error, response } = result;
  if (response.ok && data !== undefined) return data;
  const problem = error as Partial<Problem> | undefined;
  throw new ProblemError(response.status, {
    ...problem,
    title: problem?.title ?? `请求失败（HTTP ${response.status}）`,
    code: problem?.code ?? `HTTP_${response.status}`,
    detail: problem?.detail,
    errors: problem?.errors,
    field: problem?.field,
  });
}

/**
 * Whether a command was refused because what it acted on changed meanwhile: 412 (its If-Match is no
 * longer the stream's version) or 409 (a concurrent write won). The screen says so and offers to reload.
 */
export function isConflict(error: unknown): boolean {
  return error instanceof ProblemError && (error.status === 412 || error.status === 409);
}

/**
 * The messages of a refused form in Chinese, by field, for el-form-item's `error` (labels: the form's
 * labels by field, for 「请填写标题」; context: its pickers and the body sent, for 「请选择被投诉单位」);
 * what names no field stays in the banner.
 */
export function fieldErrors(
  error: ProblemError | null,
  labels?: Readonly<Record<string, string>>,
  context?: FieldErrorContext,
): Record<string, string> {
  return fieldErrorsOf(error, labels, context);
}
