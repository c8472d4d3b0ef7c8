import * as http from 'node:http';
import * as https from 'node:https';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's express adapter, with one change: the HTTP server makes each request and response with
 * express's prototypes (`app.request`, `app.response`) from the start.
 *
 * Why: express gives every request its methods by `Object.setPrototypeOf(req, app.request)` (and
 * the same for the response) in `app.handle`. V8 gives the object a new hidden class each time,
 * and what a request allocates then outlives the young generation's collections (why exactly was
 * not traced; what was measured): in a bare express app under load a third of it was promoted to
 * the old generation, with scavenges of about 5 ms (0.1% and 0.5 ms without the prototype change),
 * and the app answered 2.6–3.5 times fewer requests (bench/JOURNAL.md, 3 December). Born with
 * those prototypes, the objects need no change: `setPrototypeOf` to the prototype an object
 * already has does nothing.
 *
 * Node makes the objects with `new` on the classes the server is given (`IncomingMessage`,
 * `ServerResponse` options of `http.createServer`); the constructors below have express's
 * prototypes and run Node's own.
 */
export class ApiExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // Nest's own for what it sets up beyond the server (closing open connections on shutdown).
    if (options?.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    const born = bornWithExpressPrototypes(app) ?? {};
    this.httpServer = options?.httpsOptions ? https.createServer({ ...options.httpsOptions, ...born }, app) : http.createServer(born, app);
  }
}

/**
 * The request and response classes whose instances have `app`'s prototypes, or none where Node's
 * own cannot be run on an object made elsewhere (should a later Node make them ES classes). Node
 * 20's `IncomingMessage` and `ServerResponse` are plain functions that set up `this`, as Node's own
 * subclasses call them. Not `Reflect.construct` with a new target: V8 then derives a fresh hidden
 * class for the new target on each call, which cost more than express's change it avoids (a bare
 * express app: 2,077–3,930 req/s against 4,219–5,137 as it is and 14,085–14,713 this way).
 */
function bornWithExpressPrototypes(app: Express): {
  IncomingMessage: typeof http.IncomingMessage;
  ServerResponse: typeof http.ServerResponse;
} | null {
  if (!callable(http.IncomingMessage) || !callable(http.ServerResponse)) return null;
  const request = http.IncomingMessage as unknown as (this: object, ...args: unknown[]) => void;
  const response = http.ServerResponse as unknown as (this: object, ...args: unknown[]) => void;
  // Every argument passed on as given (the socket; the request and the server's options).
  function ExpressRequest(this: object, ...args: unknown[]): void {
    request.apply(this, args);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: object, ...args: unknown[]): void {
    response.apply(this, args);
  }
  ExpressResponse.prototype = app.response;
  return {
    IncomingMessage: ExpressRequest as unknown as typeof http.IncomingMessage,
    ServerResponse: ExpressResponse as unknown as typeof http.ServerResponse,
  };
}

/** A constructor that may be called on an object made elsewhere: a function, not an ES class. */
function callable(constructor: unknown): boolean {
  return typeof constructor === 'function' && !/^class\b/.test(Function.prototype.toString.call(constructor));
}
