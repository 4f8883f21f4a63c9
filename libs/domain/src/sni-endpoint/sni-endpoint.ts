import { conflict, notFound } from "../shared/domain-error.js";
import { checkSniEndpointName } from "./sni-endpoint-names.js";
import type {
  CertificateSummary,
  EncryptedSecret,
  SniEndpointAdded,
  SniEndpointEvent,
  SniEndpointRemoved,
} from "./sni-endpoint.events.js";

/** State of one uploaded certificate (SNI endpoint) of an app. */
export interface SniEndpointState {
  sniEndpointId: string | null;
  appId: string | null;
  name: string | null;
  certificateChain: string | null;
  removed: boolean;
}

export const initialSniEndpoint: SniEndpointState = {
  sniEndpointId: null,
  appId: null,
  name: null,
  certificateChain: null,
  removed: false,
};

export const sniEndpointStream = (sniEndpointId: string): string =>
  `sni-endpoint-${sniEndpointId}`;

export function evolveSniEndpoint(
  state: SniEndpointState,
  event: SniEndpointEvent,
): SniEndpointState {
  switch (event.type) {
    case "SniEndpointAdded": {
      const { sniEndpointId, appId, name, certificateChain } = event.data;
      return { ...state, sniEndpointId, appId, name, certificateChain };
    }
    case "SniEndpointUpdated":
      return { ...state, certificateChain: event.data.certificateChain };
    case "SniEndpointRemoved":
      return { ...state, removed: true };
  }
}

/** A new endpoint, whose certificate the caller checked and whose key it encrypted. */
export type AddSniEndpoint = SniEndpointAdded["data"];

export function decideAddSniEndpoint(
  state: SniEndpointState,
  command: AddSniEndpoint,
): SniEndpointEvent[] {
  if (state.sniEndpointId !== null) {
    throw conflict(`SNI endpoint ${command.sniEndpointId} already exists.`);
  }
  checkSniEndpointName(command.name);
  return [{ type: "SniEndpointAdded", data: command }];
}

export interface UpdateSniEndpoint {
  appId: string;
  certificateChain: string;
  privateKey: EncryptedSecret;
  certificate: CertificateSummary;
  at: string;
}

/**
 * Replaces the certificate and key. The same chain again changes nothing,
 * because a certificate binds one public key, so its key is the same too.
 */
export function decideUpdateSniEndpoint(
  state: SniEndpointState,
  command: UpdateSniEndpoint,
): SniEndpointEvent[] {
  const endpoint = requireLiveEndpoint(state, command.appId);
  if (endpoint.certificateChain === command.certificateChain) return [];
  return [
    {
      type: "SniEndpointUpdated",
      data: { sniEndpointId: endpoint.sniEndpointId, ...command },
    },
  ];
}

/** Removes the endpoint. Removing it again changes nothing, so a saga may repeat it. */
export function decideRemoveSniEndpoint(
  state: SniEndpointState,
  command: {
    appId: string;
    reason: SniEndpointRemoved["data"]["reason"];
    at: string;
  },
): SniEndpointEvent[] {
  if (state.removed && state.appId === command.appId) return [];
  const endpoint = requireLiveEndpoint(state, command.appId);
  return [
    {
      type: "SniEndpointRemoved",
      data: {
        sniEndpointId: endpoint.sniEndpointId,
        appId: endpoint.appId,
        name: endpoint.name,
        reason: command.reason,
        at: command.at,
      },
    },
  ];
}

type LiveEndpoint = SniEndpointState & {
  sniEndpointId: string;
  appId: string;
  name: string;
};

function requireLiveEndpoint(
  state: SniEndpointState,
  appId: string,
): LiveEndpoint {
  if (state.sniEndpointId === null || state.removed || state.appId !== appId)
    throw notFound("sni-endpoint", "Couldn't find that SNI endpoint.");
  return state as LiveEndpoint;
}
