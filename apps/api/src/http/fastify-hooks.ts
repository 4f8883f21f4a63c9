import { randomUUID } from "node:crypto";
import { Logger } from "@nestjs/common";
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
} from "fastify";
import { requestScope } from "../infrastructure/request-scope.js";
import type { AuthenticatedRequest } from "./request-actor.js";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * Maximum length of a path parameter, in characters as sent. Custom
 * domain hostnames of up to 253 characters are path parameters, and
 * Fastify's default limit is 100.
 */
export const MAX_PATH_PARAM_LENGTH = 1000;

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

/**
 * Sends the router's own rejections of a path, such as malformed
 * percent-encoding (400) or a parameter over {@link MAX_PATH_PARAM_LENGTH}
 * (414), in the Platform API's `{id, message}` form. The router rejects
 * these before any hook or exception filter runs.
 */
export function replyToRouterError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? 400;
  const message = routerErrorMessage(error.code);
  new Logger("HttpRequest").warn(
    `Request ${request.id} ${request.raw.method ?? "-"} rejected by the router with ${status}: ${error.code}`,
  );
  void reply
    .status(status)
    .header("Request-Id", String(request.id))
    .header("content-type", "application/json; charset=utf-8")
    .send({
      id: status >= 500 ? "internal_server_error" : "bad_request",
      message,
    });
}

function routerErrorMessage(code: string): string {
  switch (code) {
    case "FST_ERR_MAX_PARAM_LENGTH":
      return `A path segment is longer than the limit of ${MAX_PATH_PARAM_LENGTH} characters: check the app, domain or certificate name in the URL.`;
    case "FST_ERR_BAD_URL":
      return "The URL path is not valid percent-encoded UTF-8: encode each special character as %XX of its UTF-8 bytes.";
    default:
      return `The request was rejected before routing (${code}).`;
  }
}
