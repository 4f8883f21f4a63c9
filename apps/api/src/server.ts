import "reflect-metadata";
import { NestFactory } from "@nestjs/core";
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from "@nestjs/platform-fastify";
import { AppModule } from "./app.module.js";
import type { AppConfig } from "./config/app-config.js";
import { CertificateIssuanceSaga } from "./certificates/certificate-issuance.saga.js";
import { CertificateTimerScheduler } from "./certificates/certificate-timer-scheduler.js";
import {
  installFastifyHooks,
  MAX_PATH_PARAM_LENGTH,
  replyToRouterError,
  requestIdFrom,
} from "./http/fastify-hooks.js";
import { JsonLogger } from "./infrastructure/json-logger.js";
import { ReadModelsService } from "./infrastructure/read-models.service.js";
import { DnsRecheckPoller } from "./domains/dns/dns-recheck.poller.js";
import { DnsCheckSaga } from "./domains/sagas/dns-check.saga.js";
import { DomainTeardownSaga } from "./domains/sagas/domain-teardown.saga.js";
import { RendezvousService } from "./dynos/rendezvous.service.js";
import { DynoProvisioningSaga } from "./dynos/sagas/dyno-provisioning.saga.js";
import { FormationSaga } from "./dynos/sagas/formation.saga.js";
import { OneOffSaga } from "./dynos/sagas/one-off.saga.js";
import { TimerScheduler } from "./dynos/timer-scheduler.js";
import { SniEndpointCleanupSaga } from "./sni-endpoints/sagas/sni-endpoint-cleanup.saga.js";
import { SpaceAllocationSaga } from "./spaces/space-allocation.saga.js";

/** Builds the Platform API server with its projector and sagas running; the caller listens. */
export async function createServer(
  config: AppConfig,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    genReqId: (request: {
      headers: Record<string, string | string[] | undefined>;
    }) => requestIdFrom(request),
    logger: false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: replyToRouterError,
  });
  installFastifyHooks(adapter.getInstance());

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    adapter,
    {
      logger: new JsonLogger(config.logLevel),
      // Fastify's own JSON parser, with its body limit, is the only parser:
      // form and text bodies are rejected with 415.
      bodyParser: false,
    },
  );
  app.enableShutdownHooks(["SIGTERM", "SIGINT"]);
  await app.get(ReadModelsService).start();
  await app.get(SpaceAllocationSaga).start();
  await app.get(FormationSaga).start();
  await app.get(DynoProvisioningSaga).start();
  await app.get(OneOffSaga).start();
  await app.get(SniEndpointCleanupSaga).start();
  await app.get(DomainTeardownSaga).start();
  await app.get(DnsCheckSaga).start();
  app.get(DnsRecheckPoller).start();
  app.get(TimerScheduler).start();
  await app.get(CertificateIssuanceSaga).start();
  app.get(CertificateTimerScheduler).start();
  await app.get(RendezvousService).start();
  return app;
}
