import { Module } from "@nestjs/common";
import {
  type ReadModelDb,
  SniEndpointQueries,
} from "../../../../libs/read-models/src/index.js";
import { READ_MODEL_DB } from "../infrastructure/tokens.js";
import { CertificateInspector } from "./certificate-inspector.js";
import { AddSniEndpointHandler } from "./commands/add-sni-endpoint.handler.js";
import { RemoveSniEndpointHandler } from "./commands/remove-sni-endpoint.handler.js";
import { UpdateSniEndpointHandler } from "./commands/update-sni-endpoint.handler.js";
import { EarlierSniEndpointOutcome } from "./earlier-sni-endpoint-outcome.js";
import { SniEndpointCleanupSaga } from "./sagas/sni-endpoint-cleanup.saga.js";
import { SniEndpointNames } from "./sni-endpoint-names.js";
import { SniEndpointsController } from "./sni-endpoints.controller.js";

@Module({
  controllers: [SniEndpointsController],
  providers: [
    {
      provide: SniEndpointQueries,
      inject: [READ_MODEL_DB],
      useFactory: (db: ReadModelDb) => new SniEndpointQueries(db),
    },
    CertificateInspector,
    SniEndpointNames,
    EarlierSniEndpointOutcome,
    AddSniEndpointHandler,
    UpdateSniEndpointHandler,
    RemoveSniEndpointHandler,
    SniEndpointCleanupSaga,
  ],
  exports: [SniEndpointCleanupSaga],
})
export class SniEndpointsModule {}
