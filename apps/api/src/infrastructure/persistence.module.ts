import { join } from "node:path";
import { Global, Logger, Module } from "@nestjs/common";
import type { EventStore } from "../../../../libs/event-store/src/index.js";
import { openSqliteReadModels } from "../../../../libs/read-models/src/index.js";
import { loadSecretBox } from "../../../../libs/secret-box/src/index.js";
import {
  APP_CONFIG,
  type AppConfig,
  loadConfig,
} from "../config/app-config.js";
import { Clock, IdGenerator } from "./clock.js";
import { createEventStore } from "./event-store.factory.js";
import { EventSourcedRepository } from "./event-sourced-repository.js";
import { NameReservations } from "./name-reservations.js";
import { Authorizer } from "./authorizer.js";
import { ReadModelsService } from "./read-models.service.js";
import { EVENT_STORE, READ_MODEL_DB, SECRET_BOX } from "./tokens.js";

/** The event store (SQLite or KurrentDB), the read models under DATA_DIR and the services every feature uses. */
@Global()
@Module({
  providers: [
    { provide: APP_CONFIG, useFactory: () => loadConfig() },
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createEventStore(config),
    },
    {
      provide: READ_MODEL_DB,
      inject: [APP_CONFIG, EVENT_STORE],
      useFactory: (config: AppConfig) =>
        openSqliteReadModels(config.readModelsPath),
    },
    {
      provide: SECRET_BOX,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const keyFile = join(config.dataDir, "secret.key");
        const { box, source } = loadSecretBox(config.secretKey, keyFile);
        const origin =
          source === "configuration" ? "SECRET_KEY" : `${keyFile} (${source})`;
        new Logger("SecretBox").log(
          `Encrypting stored private keys with key ${box.keyId} from ${origin}`,
        );
        return box;
      },
    },
    {
      provide: EventSourcedRepository,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new EventSourcedRepository(store),
    },
    ReadModelsService,
    Authorizer,
    NameReservations,
    Clock,
    IdGenerator,
  ],
  exports: [
    APP_CONFIG,
    EVENT_STORE,
    READ_MODEL_DB,
    SECRET_BOX,
    EventSourcedRepository,
    ReadModelsService,
    Authorizer,
    NameReservations,
    Clock,
    IdGenerator,
  ],
})
export class PersistenceModule {}
