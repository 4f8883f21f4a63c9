import { Injectable } from "@nestjs/common";
import type { AppRow } from "../../../../libs/read-models/src/index.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { defaultDomain } from "../presenters/app.presenter.js";
import {
  defaultDomainId,
  presentCustomDomain,
  presentDefaultDomain,
} from "../presenters/domain.presenter.js";
import { type DomainRange, nextRange } from "./domain-range.js";

export interface DomainPage {
  domains: Record<string, unknown>[];
  /** `Next-Range` of the following page, or null on the last page. */
  nextRange: string | null;
}

/**
 * Lists an app's domains one page at a time: the default domain first, then
 * the custom domains in the order of the range's field. The default domain's
 * id or hostname as the start value means "after the default domain".
 */
@Injectable()
export class DomainListing {
  constructor(private readonly readModels: ReadModelsService) {}

  async page(app: AppRow, range: DomainRange): Promise<DomainPage> {
    const defaultKey =
      range.field === "id" ? defaultDomainId(app) : defaultDomain(app);
    const atDefault = range.start === defaultKey;
    const withDefault = range.start === null || (atDefault && !range.exclusive);
    const customStart = atDefault ? null : range.start;

    const room = range.max - (withDefault ? 1 : 0);
    const rows = await this.readModels.domains.pageOf(app.id, {
      field: range.field,
      start: customStart,
      exclusive: range.exclusive,
      end: range.end,
      // One row more than fits shows whether another page follows.
      limit: room + 1,
    });
    const custom = rows.slice(0, room);
    const more = rows.length > room;
    const domains = custom.map((row) => presentCustomDomain(app, row));
    if (withDefault) {
      const acm = await this.readModels.domains.defaultDomainAcm(app.id);
      domains.unshift(presentDefaultDomain(app, acm));
    }
    const last = custom.at(-1);
    const lastKey = last
      ? range.field === "id"
        ? last.domainId
        : last.hostname
      : defaultKey;
    return { domains, nextRange: more ? nextRange(range, lastKey) : null };
  }
}
