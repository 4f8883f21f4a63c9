import { Injectable } from "@nestjs/common";
import { invalid, notFound } from "../../../../libs/domain/src/index.js";
import type {
  AppRow,
  CustomDomainRow,
} from "../../../../libs/read-models/src/index.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { defaultDomain } from "../presenters/app.presenter.js";
import { defaultDomainId } from "../presenters/domain.presenter.js";

export type FoundDomain =
  { kind: "heroku" } | { kind: "custom"; domain: CustomDomainRow };

/** Finds a domain of an app by hostname or id, as the CLI addresses domains both ways. */
@Injectable()
export class DomainFinder {
  constructor(private readonly readModels: ReadModelsService) {}

  /** Finds the default or a custom domain; throws "not found" for anything else. */
  async find(app: AppRow, hostnameOrId: string): Promise<FoundDomain> {
    const key = canonicalKey(hostnameOrId);
    if (key === defaultDomain(app) || key === defaultDomainId(app))
      return { kind: "heroku" };
    const domain = await this.readModels.domains.findOf(app.id, key);
    if (!domain) throw notFound("domain");
    return { kind: "custom", domain };
  }

  /** Finds a custom domain; the default domain cannot be changed, so `action` on it is rejected. */
  async findCustom(
    app: AppRow,
    hostnameOrId: string,
    action: string,
  ): Promise<CustomDomainRow> {
    const found = await this.find(app, hostnameOrId);
    if (found.kind === "heroku") {
      throw invalid(
        `${defaultDomain(app)} is the default domain of ${app.name} and cannot be ${action}.`,
      );
    }
    return found.domain;
  }
}

/** Lowercases the key and strips one trailing dot, as stored hostnames are. */
export function canonicalKey(hostnameOrId: string): string {
  const lower = hostnameOrId.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}
