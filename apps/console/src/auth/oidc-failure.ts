/**
 * Why a sign-in at the OIDC provider failed, in Chinese, for the sign-in page's notice. oidc-client-ts
 * throws an `ErrorResponse` for what the provider answered (`error`: access_denied, invalid_grant…)
 * and plain Errors in English for the rest; the console's own errors are already Chinese.
 */
export function oidcFailure(error: unknown): string {
  const { name, message, error: code } = (error ?? {}) as { name?: string; message?: string; error?: string | null };
  if (name === 'ErrorResponse') {
    return code === 'access_denied' ? '已在认证页面取消登录' : `认证服务拒绝了登录（${code ?? message ?? '未说明原因'}）`;
  }
  // The return names a sign-in request this tab did not start, or one already used (a reload, the back button).
  if (message && /no matching state/i.test(message)) return '登录请求已失效（不是本页发起或已用过），请重新登录';
  return message || String(error);
}
