import type {
  AppRow,
  CustomDomainRow,
} from "../../../../libs/read-models/src/index.js";
import { uuidFrom } from "../infrastructure/command-context.js";
import { defaultDomain } from "./app.presenter.js";

/** ACM status of a domain in Heroku's wording, null while no certificate work has reported one. */
export interface AcmStatus {
  status: string | null;
  reason: string | null;
}

/** Stable id of the app's default domain, which has no stream of its own. */
export function defaultDomainId(app: Pick<AppRow, "id">): string {
  return uuidFrom("default-domain", app.id);
}

/** Builds the Platform API's Domain resource for the app's `herokuapp.com` address. */
export function presentDefaultDomain(
  app: AppRow,
  acm: AcmStatus,
): Record<string, unknown> {
  return {
    acm_status: acm.status,
    acm_status_reason: acm.reason,
    app: { id: app.id, name: app.name },
    cname: null,
    created_at: app.createdAt,
    dns_status: null,
    dns_status_reason: null,
    hostname: defaultDomain(app),
    id: defaultDomainId(app),
    kind: "heroku",
    status: "none",
    sni_endpoint: null,
    updated_at: app.updatedAt,
  };
}

/**
 * Builds the Platform API's Domain resource for a custom domain, with the outcome
 * of its last DNS check in `dns_status` and `dns_status_reason`.
 */
export function presentCustomDomain(
  app: AppRow,
  domain: CustomDomainRow,
): Record<string, unknown> {
  return {
    acm_status: domain.acmStatus,
    acm_status_reason: domain.acmStatusReason,
    app: { id: app.id, name: app.name },
    cname: domain.cname,
    created_at: domain.createdAt,
    dns_status: domain.dnsStatus,
    dns_status_reason: domain.dnsStatusReason,
    hostname: domain.hostname,
    id: domain.domainId,
    kind: "custom",
    status: domain.status,
    sni_endpoint: domain.sniEndpoint,
    updated_at: domain.updatedAt,
  };
}
