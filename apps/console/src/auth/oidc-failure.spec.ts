import { oidcFailure } from './oidc-failure';

/** What oidc-client-ts throws for a provider's error answer (its ErrorResponse, told apart by `name`). */
function providerError(error: string): Error {
  return Object.assign(new Error(error), { name: 'ErrorResponse', error });
}

describe('why a sign-in at the provider failed, in Chinese', () => {
  it('names what the provider answered', () => {
    expect(oidcFailure(providerError('invalid_grant'))).toBe('认证服务拒绝了登录（invalid_grant）');
    expect(oidcFailure(providerError('access_denied'))).toBe('已在认证页面取消登录');
  });

  it('says a return the tab did not ask for (or used twice) is stale', () => {
    expect(oidcFailure(new Error('No matching state found in storage'))).toBe('登录请求已失效（不是本页发起或已用过），请重新登录');
  });

  it("keeps the console's own messages", () => {
    expect(oidcFailure(new Error('这个令牌没有本系统的角色'))).toBe('这个令牌没有本系统的角色');
  });
});
