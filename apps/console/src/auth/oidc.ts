import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** What GET /api/v1/sign-in says about the provider. */
export interface OidcSettings {
  issuer: string;
  clientId: string | null;
  scope: string;
  claims: { roles: string; unit: string };
}

export const OIDC_CALLBACK_PATH = '/signed-in';

/**
 * Sign-in at the OIDC provider: authorization code with PKCE (oidc-client-ts does the discovery, the
 * code verifier and the token exchange). The console is a public client: no secret in the browser.
 * Its state lives in sessionStorage, like the session. The API verifies the access token.
 */
export function userManager(settings: OidcSettings): UserManager {
  if (!settings.clientId) throw new Error('服务器未配置控制台的 OIDC 客户端（OIDC_CONSOLE_CLIENT_ID）');
  return new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: `${window.location.origin}${OIDC_CALLBACK_PATH}`,
    post_logout_redirect_uri: `${window.location.origin}/sign-in`,
    response_type: 'code',
    scope: settings.scope,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
  });
}
