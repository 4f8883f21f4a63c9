import { Injectable } from "@nestjs/common";
import {
  type SniEndpointAdded,
  type SniEndpointUpdated,
  sniEndpointStream,
} from "../../../../libs/domain/src/index.js";
import type { SniEndpointRow } from "../../../../libs/read-models/src/index.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { sniEndpointModel } from "./sni-endpoint-stream.model.js";

const SNI_ENDPOINT_STREAM = /^sni-endpoint-([0-9a-f-]{36})$/;

/**
 * Finds the endpoint a command already changed, so that a retried request
 * returns the first outcome, even once the endpoint is gone from the read
 * models because the command removed it.
 */
@Injectable()
export class EarlierSniEndpointOutcome {
  constructor(
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
  ) {}

  async find(commandId: string): Promise<SniEndpointRow | null> {
    const streams = await this.readModels.queries.streamsOfCommand(commandId);
    const sniEndpointId = streams
      .map((stream) => SNI_ENDPOINT_STREAM.exec(stream)?.[1])
      .find((id) => id !== undefined);
    return sniEndpointId ? this.fromStream(sniEndpointId) : null;
  }

  /** Rebuilds an endpoint's last certificate from its stream, with no domains attached. */
  async fromStream(sniEndpointId: string): Promise<SniEndpointRow | null> {
    const { recorded } = await this.repository.load(
      sniEndpointStream(sniEndpointId),
      sniEndpointModel,
    );
    const added = recorded.find((event) => event.type === "SniEndpointAdded")
      ?.data as SniEndpointAdded["data"] | undefined;
    if (!added) return null;

    const updates = recorded.filter(
      (event) => event.type === "SniEndpointUpdated",
    );
    const latest =
      (updates.at(-1)?.data as SniEndpointUpdated["data"] | undefined) ?? added;
    const { certificate } = latest;
    return {
      sniEndpointId,
      appId: added.appId,
      name: added.name,
      displayName: null,
      certificateChain: latest.certificateChain,
      certDomains: certificate.certDomains,
      startsAt: certificate.startsAt,
      expiresAt: certificate.expiresAt,
      issuer: certificate.issuer,
      subject: certificate.subject,
      caSigned: certificate.caSigned,
      selfSigned: certificate.selfSigned,
      acm: false,
      domainIds: [],
      createdAt: added.at,
      updatedAt: latest.at,
    };
  }
}
