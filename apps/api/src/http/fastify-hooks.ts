import { randomUUID } from "node:crypto";
import { Logger } from "@nestjs/common";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { requestScope } from "../infrastructure/request-scope.js";
import type { AuthenticatedRequest } from "./request-actor.js";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Uses the first id of the client's `Request-Id` list (the Heroku CLI puts
 * the newest first and resends it on connection retries), or a new UUID.
 */
export function requestIdFrom(request: {
  headers: Record<string, string | string[] | undefined>;
}): string {
  const header = request.headers["request-id"];
  const first = (Array.isArray(header) ? header[0] : header)
    ?.split(",")[0]
    ?.trim();
  return first && REQUEST_ID.test(first) ? first : randomUUID();
}

/**
 * Sets the Request-Id header on every response and logs one line per
 * request. Body parsing failures reach the Platform API exception filter
 * through Nest's own Fastify error handler.
 */
export function installFastifyHooks(fastify: FastifyInstance): void {
  const logger = new Logger("HttpRequest");
  fastify.removeContentTypeParser("text/plain");

  fastify.addHook("onRequest", (request, reply, done) => {
    void reply.header("Request-Id", String(request.id));
    requestScope.enterWith({ requestId: String(request.id) });
    done();
  });

  fastify.addHook(
    "onResponse",
    (request: FastifyRequest, reply: FastifyReply, done) => {
      const actor = (request as AuthenticatedRequest).actor;
      logger.log(
        `${request.method} ${request.routeOptions.url ?? request.url.split("?")[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms actor=${actor?.accountId ?? "-"}`,
      );
      done();
    },
  );
}
