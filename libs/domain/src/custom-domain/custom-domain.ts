import { conflict, invalid, notFound } from "../shared/domain-error.js";
import type {
  CustomDomainAdded,
  CustomDomainDnsChecked,
  CustomDomainEvent,
  CustomDomainRemoved,
} from "./custom-domain.events.js";
import { checkDnsTarget } from "./dns-target.js";
import { normalizeHostname } from "./hostname.js";

/** Custom domains one app may hold at a time. */
export const MAX_CUSTOM_DOMAINS_PER_APP = 1000;

/** The last recorded DNS check of a domain. */
export type DnsCheck = Omit<
  CustomDomainDnsChecked["data"],
  "domainId" | "appId" | "hostname" | "at"
>;

export interface CustomDomainState {
  domainId: string | null;
  appId: string | null;
  hostname: string | null;
  cname: string | null;
  sniEndpointId: string | null;
  removed: boolean;
  lastDnsCheck: DnsCheck | null;
}

export const initialCustomDomain: CustomDomainState = {
  domainId: null,
  appId: null,
  hostname: null,
  cname: null,
  sniEndpointId: null,
  removed: false,
  lastDnsCheck: null,
};

export const customDomainStream = (domainId: string): string =>
  `custom-domain-${domainId}`;

export function evolveCustomDomain(
  state: CustomDomainState,
  event: CustomDomainEvent,
): CustomDomainState {
  switch (event.type) {
    case "CustomDomainAdded": {
      const { domainId, appId, hostname, cname, sniEndpointId } = event.data;
      return { ...state, domainId, appId, hostname, cname, sniEndpointId };
    }
    case "CustomDomainSniEndpointChanged":
      return { ...state, sniEndpointId: event.data.sniEndpointId };
    case "CustomDomainDnsChecked": {
      const { outcome, reason, cname, addresses } = event.data;
      return { ...state, lastDnsCheck: { outcome, reason, cname, addresses } };
    }
    case "CustomDomainRemoved":
      return { ...state, removed: true };
  }
}

export interface AddCustomDomain {
  domainId: string;
  appId: string;
  appName: string;
  /** As the caller sent it; normalized here. */
  hostname: string;
  cname: string;
  sniEndpointId: string | null;
  /** Number of custom domains the app has now, from the read model. */
  domainsOnApp: number;
  at: string;
}

export function decideAddCustomDomain(
  state: CustomDomainState,
  command: AddCustomDomain,
): CustomDomainEvent[] {
  if (state.domainId !== null) {
    throw conflict(`Custom domain ${command.domainId} already exists.`);
  }
  const hostname = normalizeHostname(command.hostname);
  checkDnsTarget(command.cname);
  checkCustomDomainLimit(command.appName, command.domainsOnApp, hostname);
  const { domainId, appId, cname, sniEndpointId, at } = command;
  const added: CustomDomainAdded = {
    type: "CustomDomainAdded",
    data: { domainId, appId, hostname, cname, sniEndpointId, at },
  };
  return [added];
}

/** Rejects another custom domain on an app that has the maximum already. */
export function checkCustomDomainLimit(
  appName: string,
  domainsOnApp: number,
  hostname: string,
): void {
  if (domainsOnApp >= MAX_CUSTOM_DOMAINS_PER_APP) {
    throw invalid(
      `The app ${appName} already has ${domainsOnApp} custom domains, the maximum of ${MAX_CUSTOM_DOMAINS_PER_APP}: remove one with domains:remove before adding ${hostname}.`,
    );
  }
}

/**
 * Removes the domain. Removing an absent domain is "not found" for a user,
 * and a no-op for the teardown of a destroyed app, which may run twice.
 */
export function decideRemoveCustomDomain(
  state: CustomDomainState,
  command: { reason: CustomDomainRemoved["data"]["reason"]; at: string },
): CustomDomainEvent[] {
  if (state.domainId === null || state.removed) {
    if (command.reason === "app-destroyed") return [];
    throw notFound("domain");
  }
  const live = requireLive(state);
  const removed: CustomDomainRemoved = {
    type: "CustomDomainRemoved",
    data: {
      domainId: live.domainId,
      appId: live.appId,
      hostname: live.hostname,
      reason: command.reason,
      at: command.at,
    },
  };
  return [removed];
}

/** Attaches the domain to an SNI endpoint, or detaches it with null. */
export function decideChangeSniEndpoint(
  state: CustomDomainState,
  command: { sniEndpointId: string | null; at: string },
): CustomDomainEvent[] {
  const live = requireLive(state);
  if (live.sniEndpointId === command.sniEndpointId) return [];
  return [
    {
      type: "CustomDomainSniEndpointChanged",
      data: {
        domainId: live.domainId,
        appId: live.appId,
        sniEndpointId: command.sniEndpointId,
        previousSniEndpointId: live.sniEndpointId,
        at: command.at,
      },
    },
  ];
}

/**
 * Records a DNS check when its result differs from the last one recorded.
 * A check that finishes after the domain was removed records nothing.
 */
export function decideRecordDnsCheck(
  state: CustomDomainState,
  command: DnsCheck & { at: string },
): CustomDomainEvent[] {
  if (state.domainId === null || state.removed) return [];
  const live = requireLive(state);
  const { outcome, reason, cname, addresses, at } = command;
  if (sameCheck(live.lastDnsCheck, command)) return [];
  return [
    {
      type: "CustomDomainDnsChecked",
      data: {
        domainId: live.domainId,
        appId: live.appId,
        hostname: live.hostname,
        outcome,
        reason,
        cname,
        addresses: [...addresses],
        at,
      },
    },
  ];
}

type LiveDomain = CustomDomainState & {
  domainId: string;
  appId: string;
  hostname: string;
  cname: string;
};

function requireLive(state: CustomDomainState): LiveDomain {
  if (state.domainId === null || state.removed) throw notFound("domain");
  return state as LiveDomain;
}

function sameCheck(last: DnsCheck | null, next: DnsCheck): boolean {
  if (last === null) return false;
  const sortedLast = [...last.addresses].sort();
  const sortedNext = [...next.addresses].sort();
  return (
    last.outcome === next.outcome &&
    last.reason === next.reason &&
    last.cname === next.cname &&
    sortedLast.length === sortedNext.length &&
    sortedLast.every((address, index) => address === sortedNext[index])
  );
}
