import { Logger } from "@nestjs/common";
import { bootstrapHint } from "./bootstrap-hint.js";
import { loadConfig } from "./config/app-config.js";
import { ReadModelsService } from "./infrastructure/read-models.service.js";
import { createServer } from "./server.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger("Main");
  const app = await createServer(config);
  await app.listen(config.port, config.host);
  // With PORT=0 the system picks the port, so report the one bound.
  const address = app.getHttpServer().address();
  const port =
    typeof address === "object" && address !== null
      ? address.port
      : config.port;
  logger.log(
    `Platform API listening on http://${config.host}:${port} with data in ${config.dataDir}`,
  );

  const readModels = app.get(ReadModelsService);
  const caughtUp = await readModels.catchUp().then(
    () => true,
    (error: Error) => {
      logger.warn(`Read models are still catching up: ${error.message}`);
      return false;
    },
  );
  // Before the read models hold the log, no accounts only means not read yet.
  if (caughtUp && (await readModels.queries.accountCount()) === 0) {
    logger.log(
      bootstrapHint({ ...config, port }, Boolean(process.env.DATA_DIR)),
    );
  }
}

main().catch((error: unknown) => {
  new Logger("Main").error(
    `Start failed: ${(error as Error).message}`,
    (error as Error).stack,
  );
  process.exit(1);
});
