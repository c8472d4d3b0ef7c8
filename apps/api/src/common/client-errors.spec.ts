import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { answerClientErrorsAsProblems } from './client-errors';

/** The raw answer to `request` written straight to a socket (what Node's parser refuses never reaches a handler). */
async function rawAnswer(server: Server, request: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('answerClientErrorsAsProblems: what Node refuses before Express sees it (found by the API fuzzer)', () => {
  let server: Server;

  beforeAll(async () => {
    server = createServer((_request, response) => response.end('ok'));
    answerClientErrorsAsProblems(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const problemOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;

  it('headers over 16 kB (a 20,000-character token): 431 problem+json with a code, not a bare 431', async () => {
    const answer = await rawAnswer(server, `GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${'A'.repeat(20_000)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(answer).toMatch(/\r\nContent-Type: application\/problem\+json/);
    expect(problemOf(answer)).toMatchObject({ status: 431, code: 'REQUEST_HEADERS_TOO_LARGE' });
  });

  it('a request that is not HTTP: 400 MALFORMED_REQUEST', async () => {
    const answer = await rawAnswer(server, 'HELLO\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(problemOf(answer)).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('leaves well-formed requests alone', async () => {
    expect(await rawAnswer(server, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*ok$/);
  });
});
