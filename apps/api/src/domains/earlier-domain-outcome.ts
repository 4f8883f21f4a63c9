import { Injectable } from "@nestjs/common";
import type { CustomDomainEvent } from "../../../../libs/domain/src/index.js";
import type { AppRow } from "../../../../libs/read-models/src/index.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentCustomDomain } from "../presenters/domain.presenter.js";

const DOMAIN_STREAM = /^custom-domain-([0-9a-f-]{36})$/;

/**
 * Finds the domain a command already removed, so that a retried
 * `domains:remove` returns the first outcome instead of "not found".
 */
@Injectable()
export class EarlierDomainOutcome {
  constructor(
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
  ) {}

  async find(
    app: AppRow,
    commandId: string,
  ): Promise<Record<string, unknown> | null> {
    const streams = await this.readModels.queries.streamsOfCommand(commandId);
    const stream = streams.find((id) => DOMAIN_STREAM.test(id));
    if (!stream) return null;

    const { recorded } = await this.repository.load(stream, {
      initial: null,
      evolve: () => null,
    });
    const events = recorded.map(
      (event) => ({ type: event.type, data: event.data }) as CustomDomainEvent,
    );
    const added = events.find((event) => event.type === "CustomDomainAdded");
    if (added?.type !== "CustomDomainAdded" || added.data.appId !== app.id)
      return null;

    let sniEndpointId = added.data.sniEndpointId;
    let updatedAt = added.data.at;
    let dns: { outcome: string; reason: string | null } | null = null;
    for (const event of events) {
      if (event.type === "CustomDomainSniEndpointChanged")
        sniEndpointId = event.data.sniEndpointId;
      if (event.type === "CustomDomainDnsChecked") dns = event.data;
      if (event.type !== "CustomDomainRemoved") updatedAt = event.data.at;
    }
    const endpoint = sniEndpointId
      ? await this.readModels.domains.sniEndpointOf(app.id, sniEndpointId)
      : undefined;
    return presentCustomDomain(app, {
      domainId: added.data.domainId,
      appId: app.id,
      hostname: added.data.hostname,
      cname: added.data.cname,
      sniEndpoint: endpoint ?? null,
      status: dns ? "succeeded" : "pending",
      dnsStatus: dns?.outcome ?? null,
      dnsStatusReason: dns?.reason ?? null,
      dnsCheckedAt: null,
      acmStatus: null,
      acmStatusReason: null,
      createdAt: added.data.at,
      updatedAt,
    });
  }
}
