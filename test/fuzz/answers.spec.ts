import { statusDocumented, violations, type Answer } from './answers';
import type { Operation } from './operations';
import type { FuzzRequest } from './requests';

/** The fuzzer's judge: what it lets through and what it reports. */
describe('violations', () => {
  const operation: Operation = {
    name: 'POST /api/v1/cases/{id}/accept',
    method: 'POST',
    path: '/api/v1/cases/{id}/accept',
    parameters: [],
    roles: ['intake'],
    responses: ['200', '400', '401', '403', '422', '431', '500'],
  };
  const sent = (invalid: boolean): FuzzRequest => ({
    operation,
    family: invalid ? 'NUL' : 'valid',
    what: invalid ? 'body.note' : '',
    invalid,
    method: 'POST',
    path: '/api/v1/cases/x/accept',
    query: '',
    headers: {},
  });
  const problem = (status: number, code = 'VALIDATION_FAILED'): Answer => ({
    status,
    contentType: 'application/problem+json; charset=utf-8',
    body: { status, code },
    bytes: 200,
    eventsAppended: 0,
  });

  it('lets through a problem+json 4xx with its code and status, and a 2xx to a request that may succeed', () => {
    expect(violations(sent(true), problem(400))).toEqual([]);
    expect(violations(sent(false), problem(422, 'CASE_NOT_FOUND'))).toEqual([]);
    expect(violations(sent(false), { status: 200, contentType: 'application/json', body: {}, bytes: 2, eventsAppended: 1 })).toEqual([]);
  });

  it('reports a 5xx, a 4xx that is not problem+json or lacks its code or status, and an oversized problem', () => {
    expect(violations(sent(false), problem(500, 'INTERNAL_ERROR'))).toEqual(['500 (a server error)']);
    expect(violations(sent(false), { ...problem(431), contentType: '', body: {} })).toEqual([
      '431 as no content type, not problem+json',
      '431 problem without a string code',
      '431 problem whose status is undefined',
    ]);
    expect(violations(sent(false), { ...problem(400), body: { code: 'X', status: 422 } })).toEqual(['400 problem whose status is 422']);
    expect(violations(sent(false), { ...problem(400), bytes: 9000 })).toEqual(['400 problem of 9000 bytes (over 8192)']);
    expect(violations(sent(false), { ...problem(400), status: 0 })).toEqual(expect.arrayContaining(['0 (neither a 2xx nor a 4xx)']));
  });

  it('reports a 2xx to a request that may not succeed, and events appended by one that did not', () => {
    expect(violations(sent(true), { status: 200, contentType: 'application/json', body: {}, bytes: 2, eventsAppended: 1 })).toEqual([
      '200 to an invalid request (NUL: body.note)',
    ]);
    expect(violations(sent(false), { ...problem(422), eventsAppended: 2 })).toEqual(['422 yet 2 event(s) appended']);
  });

  it('holds an operation to its documented statuses', () => {
    expect(statusDocumented(operation, 404)).toBe(false);
    expect(statusDocumented(operation, 403)).toBe(true);
    const documented = { ...operation, responses: ['200', '400', '4XX'] };
    expect(statusDocumented(documented, 400)).toBe(true);
    expect(statusDocumented(documented, 404)).toBe(true);
    expect(statusDocumented({ ...documented, responses: ['200', '400'] }, 404)).toBe(false);
    expect(violations({ ...sent(false), operation: { ...documented, responses: ['200', '400'] } }, problem(404, 'CASE_NOT_FOUND'))).toEqual(
      ['404 is not among the documented 200, 400'],
    );
  });
});
