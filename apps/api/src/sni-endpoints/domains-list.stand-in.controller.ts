import { Controller, Get, Inject, Param } from "@nestjs/common";
import type { ReadModelDb } from "../../../../libs/read-models/src/index.js";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { READ_MODEL_DB } from "../infrastructure/tokens.js";

/**
 * `GET /apps/{app}/domains`, which `heroku certs:add` calls after its upload
 * to offer matching domains. It lists the `custom_domains` rows only.
 *
 * NOTE: a stand-in until the custom domains feature serves this route;
 * delete this controller then, as two handlers of one route stop Fastify
 * from starting.
 */
@Controller("apps/:app/domains")
export class DomainsListStandInController {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly authorizer: Authorizer,
  ) {}

  @Get()
  async list(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
  ): Promise<Record<string, unknown>[]> {
    const app = await this.authorizer.app(actor, identity, "view");
    const rows = await this.db
      .selectFrom("custom_domains")
      .selectAll()
      .where("app_id", "=", app.id)
      .orderBy("hostname")
      .execute();
    return rows.map((row) => ({
      acm_status: row.acm_status,
      acm_status_reason: row.acm_status_reason,
      app: { id: app.id, name: app.name },
      cname: row.cname,
      created_at: row.created_at,
      hostname: row.hostname,
      id: row.domain_id,
      kind: "custom",
      sni_endpoint: row.sni_endpoint_id ? { id: row.sni_endpoint_id } : null,
      status: row.status,
      updated_at: row.updated_at,
    }));
  }
}
