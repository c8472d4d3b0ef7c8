import { BadRequestException, Body, Param, Query, type ExecutionContext } from '@nestjs/common';
import { PageRequestDto } from './page.request.dto';
import { DeclaredQueryGuard, declaredQueryOf, undeclaredParameters } from './declared-query.guard';

class Routes {
  one(@Param('id') _id: string, @Query('asOf') _asOf: string, @Query('at') _at: string): void {}
  page(@Query() _request: PageRequestDto): void {}
  command(@Param('id') _id: string, @Body() _body: object): void {}
}

/** The context Nest gives a guard for a request to `method` of Routes with `query`. */
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

describe('DeclaredQueryGuard', () => {
  const guard = new DeclaredQueryGuard();

  /** The 400 problem body the guard refuses `context` with. */
  function refusal(context: ExecutionContext): unknown {
    try {
      guard.canActivate(context);
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      return (error as BadRequestException).getResponse();
    }
    throw new Error('the guard let it through');
  }

  it('refuses a parameter the route does not read with 400 VALIDATION_FAILED naming it', () => {
    expect(refusal(requestTo('command', { dryRun: 'true' }))).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The request has invalid fields',
      errors: [{ field: 'dryRun', message: 'dryRun should not exist' }],
    });
  });

  it('lets a request with only declared parameters, or a DTO route, through to the handler', () => {
    expect(guard.canActivate(requestTo('one', { asOf: '2026-01-01T00:00:00Z' }))).toBe(true);
    expect(guard.canActivate(requestTo('page', { foo: 'bar' }))).toBe(true);
    expect(guard.canActivate(requestTo('command', {}))).toBe(true);
  });

  it('lists at most 20 unknown parameters, counting the rest', () => {
    const query = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, '1']));
    expect(refusal(requestTo('one', query))).toMatchObject({ errorsOmitted: 10 });
  });
});
