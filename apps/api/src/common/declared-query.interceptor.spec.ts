import { BadRequestException, Body, Param, Query, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { of } from 'rxjs';
import { PageRequestDto } from './page.request.dto';
import { DeclaredQueryInterceptor, declaredQueryOf, undeclaredParameters } from './declared-query.interceptor';

class Routes {
  one(@Param('id') _id: string, @Query('asOf') _asOf: string, @Query('at') _at: string): void {}
  page(@Query() _request: PageRequestDto): void {}
  command(@Param('id') _id: string, @Body() _body: object): void {}
}

/** The context Nest gives an interceptor for a request to `method` of Routes with `query`. */
function requestTo(method: keyof Routes, query: Record<string, unknown>): ExecutionContext {
  return {
    getType: () => 'http',
    getClass: () => Routes,
    getHandler: () => Routes.prototype[method],
    switchToHttp: () => ({ getRequest: () => ({ query }) }),
  } as unknown as ExecutionContext;
}

describe('the query parameters a route declares', () => {
  it('are the names of its @Query(name) parameters, the DTO of a whole @Query(), or none', () => {
    expect(declaredQueryOf(Routes, 'one')).toEqual(new Set(['asOf', 'at']));
    expect(declaredQueryOf(Routes, 'page')).toBe('dto');
    expect(declaredQueryOf(Routes, 'command')).toEqual(new Set());
  });

  it('leave the others undeclared, in the order sent; a DTO judges its own', () => {
    expect(undeclaredParameters({ asof: 'x', asOf: 'y', b: '' }, new Set(['asOf']))).toEqual(['asof', 'b']);
    expect(undeclaredParameters({ dryRun: 'true' }, new Set())).toEqual(['dryRun']);
    expect(undeclaredParameters({ foo: 'bar' }, 'dto')).toEqual([]);
  });
});

describe('DeclaredQueryInterceptor', () => {
  const interceptor = new DeclaredQueryInterceptor();
  const handled = jest.fn(() => of('answer'));
  const next: CallHandler = { handle: handled };
  beforeEach(() => handled.mockClear());

  /** The 400 problem body the interceptor refuses `context` with. */
  function refusal(context: ExecutionContext): unknown {
    try {
      interceptor.intercept(context, next);
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      return (error as BadRequestException).getResponse();
    }
    throw new Error('the interceptor let it through');
  }

  it('refuses a parameter the route does not read with 400 VALIDATION_FAILED naming it, before the handler', () => {
    expect(refusal(requestTo('command', { dryRun: 'true' }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      errors: [{ field: 'dryRun', message: 'dryRun should not exist' }],
    });
    expect(handled).not.toHaveBeenCalled();
  });

  it('lets a request with only declared parameters, or a DTO route, through to the handler', () => {
    interceptor.intercept(requestTo('one', { asOf: '2026-01-01T00:00:00Z' }), next);
    interceptor.intercept(requestTo('page', { foo: 'bar' }), next);
    interceptor.intercept(requestTo('command', {}), next);
    expect(handled).toHaveBeenCalledTimes(3);
  });

  it('lists at most 20 unknown parameters, counting the rest', () => {
    const query = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, '1']));
    expect(refusal(requestTo('one', query))).toMatchObject({ errorsOmitted: 10 });
  });
});
