import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem } from './problem-details.filter';

/** Node's own refusals by its parser's error code: status, our code, what the client is told. */
const REFUSALS: Readonly<Record<string, [number, string, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'REQUEST_HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts (16 kB in all)'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the server accepts'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT', 'The request was not received in time'],
};
const MALFORMED: [number, string, string] = [400, 'MALFORMED_REQUEST', 'The request is not valid HTTP'];

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers over its 16 kB, a broken
 * request line, a request too slow to arrive) answered as problem+json with a code like every other
 * error, not Node's bare `431` or `400` without a body. Written to the socket, since there is no
 * response object yet, then the connection is closed (the parser cannot go on after such an error).
 */
export function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, code, detail] = REFUSALS[error.code ?? ''] ?? MALFORMED;
    const body = JSON.stringify(problem(status, code, detail));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
