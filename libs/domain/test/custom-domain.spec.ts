import {
  type AddCustomDomain,
  type CustomDomainEvent,
  decideAddCustomDomain,
  decideChangeSniEndpoint,
  decideRecordDnsCheck,
  decideRemoveCustomDomain,
  evolveCustomDomain,
  initialCustomDomain,
  MAX_CUSTOM_DOMAINS_PER_APP,
} from "../src/index.js";
import { given } from "./given-when-then.js";

const AT = "2024-05-01T10:00:00.000Z";
const LATER = "2024-05-02T10:00:00.000Z";
const DOMAIN_ID = "domain-1";
const APP_ID = "app-1";
const TARGET = "tranquil-ocean-1a2b3c4d5e6f.herokudns.com";

const add: AddCustomDomain = {
  domainId: DOMAIN_ID,
  appId: APP_ID,
  appName: "billing-api",
  hostname: "WWW.Example.com.",
  cname: TARGET,
  sniEndpointId: null,
  domainsOnApp: 0,
  at: AT,
};

const added: CustomDomainEvent = {
  type: "CustomDomainAdded",
  data: {
    domainId: DOMAIN_ID,
    appId: APP_ID,
    hostname: "www.example.com",
    cname: TARGET,
    sniEndpointId: null,
    at: AT,
  },
};

const removed = (
  reason: "removed" | "app-destroyed" = "removed",
): CustomDomainEvent => ({
  type: "CustomDomainRemoved",
  data: {
    domainId: DOMAIN_ID,
    appId: APP_ID,
    hostname: "www.example.com",
    reason,
    at: LATER,
  },
});

const noRecord = {
  outcome: "no-record" as const,
  reason: "www.example.com has no DNS record yet.",
  cname: null,
  addresses: [],
};

const checked = (check: typeof noRecord): CustomDomainEvent => ({
  type: "CustomDomainDnsChecked",
  data: {
    domainId: DOMAIN_ID,
    appId: APP_ID,
    hostname: "www.example.com",
    ...check,
    at: LATER,
  },
});

const domain = (...events: CustomDomainEvent[]) =>
  given(evolveCustomDomain, initialCustomDomain, events);

describe("when no domain exists", () => {
  test("add records the normalized hostname", () => {
    domain().when(decideAddCustomDomain, add).then([added]);
  });

  test("add with an SNI endpoint", () => {
    domain()
      .when(decideAddCustomDomain, { ...add, sniEndpointId: "sni-1" })
      .then([
        {
          type: "CustomDomainAdded",
          data: { ...(added.data as object), sniEndpointId: "sni-1" },
        } as CustomDomainEvent,
      ]);
  });

  test("add rejects an invalid hostname", () => {
    domain()
      .when(decideAddCustomDomain, { ...add, hostname: "*example.com" })
      .thenFails("invalid_params", /whole leftmost label/);
  });

  test("add rejects a malformed DNS target", () => {
    domain()
      .when(decideAddCustomDomain, { ...add, cname: "example.net" })
      .thenFails("invalid_params", /DNS target "example.net" is invalid/);
  });

  test("add accepts the last domain under the limit", () => {
    domain()
      .when(decideAddCustomDomain, {
        ...add,
        domainsOnApp: MAX_CUSTOM_DOMAINS_PER_APP - 1,
      })
      .then([added]);
  });

  test("add rejects a domain over the limit", () => {
    domain()
      .when(decideAddCustomDomain, {
        ...add,
        domainsOnApp: MAX_CUSTOM_DOMAINS_PER_APP,
      })
      .thenFails(
        "invalid_params",
        "The app billing-api already has 1000 custom domains, the maximum of 1000: remove one with domains:remove before adding www.example.com.",
      );
  });

  test("remove is not found", () => {
    domain()
      .when(decideRemoveCustomDomain, { reason: "removed", at: LATER })
      .thenFails("not_found", "Couldn't find that domain.");
  });

  test("teardown remove is a no-op", () => {
    domain()
      .when(decideRemoveCustomDomain, { reason: "app-destroyed", at: LATER })
      .thenNothing();
  });

  test("change of SNI endpoint is not found", () => {
    domain()
      .when(decideChangeSniEndpoint, { sniEndpointId: "sni-1", at: LATER })
      .thenFails("not_found");
  });

  test("DNS check records nothing", () => {
    domain()
      .when(decideRecordDnsCheck, { ...noRecord, at: LATER })
      .thenNothing();
  });
});

describe("when the domain exists", () => {
  test("add again conflicts", () => {
    domain(added).when(decideAddCustomDomain, add).thenFails("conflict");
  });

  test("remove records the reason", () => {
    domain(added)
      .when(decideRemoveCustomDomain, { reason: "removed", at: LATER })
      .then([removed()]);
  });

  test("teardown remove records app-destroyed", () => {
    domain(added)
      .when(decideRemoveCustomDomain, { reason: "app-destroyed", at: LATER })
      .then([removed("app-destroyed")]);
  });

  test("attach an SNI endpoint", () => {
    domain(added)
      .when(decideChangeSniEndpoint, { sniEndpointId: "sni-1", at: LATER })
      .then([
        {
          type: "CustomDomainSniEndpointChanged",
          data: {
            domainId: DOMAIN_ID,
            appId: APP_ID,
            sniEndpointId: "sni-1",
            previousSniEndpointId: null,
            at: LATER,
          },
        },
      ]);
  });

  test("detach the SNI endpoint", () => {
    const attached: CustomDomainEvent = {
      type: "CustomDomainSniEndpointChanged",
      data: {
        domainId: DOMAIN_ID,
        appId: APP_ID,
        sniEndpointId: "sni-1",
        previousSniEndpointId: null,
        at: AT,
      },
    };
    domain(added, attached)
      .when(decideChangeSniEndpoint, { sniEndpointId: null, at: LATER })
      .then([
        {
          type: "CustomDomainSniEndpointChanged",
          data: {
            domainId: DOMAIN_ID,
            appId: APP_ID,
            sniEndpointId: null,
            previousSniEndpointId: "sni-1",
            at: LATER,
          },
        },
      ]);
  });

  test("same SNI endpoint is a no-op", () => {
    domain(added)
      .when(decideChangeSniEndpoint, { sniEndpointId: null, at: LATER })
      .thenNothing();
  });

  test("first DNS check is recorded", () => {
    domain(added)
      .when(decideRecordDnsCheck, { ...noRecord, at: LATER })
      .then([checked(noRecord)]);
  });

  test("unchanged DNS check is a no-op", () => {
    domain(added, checked(noRecord))
      .when(decideRecordDnsCheck, { ...noRecord, at: LATER })
      .thenNothing();
  });

  test("addresses in another order are unchanged", () => {
    const resolves = {
      outcome: "points-elsewhere" as const,
      reason: "elsewhere",
      cname: null,
      addresses: ["192.0.2.1", "192.0.2.2"],
    };
    domain(added, checked(resolves as never))
      .when(decideRecordDnsCheck, {
        ...resolves,
        addresses: ["192.0.2.2", "192.0.2.1"],
        at: LATER,
      })
      .thenNothing();
  });

  test("changed DNS check is recorded", () => {
    const ok = { outcome: "ok" as const, reason: null, cname: TARGET };
    domain(added, checked(noRecord))
      .when(decideRecordDnsCheck, { ...ok, addresses: [], at: LATER })
      .then([checked({ ...ok, addresses: [] } as never)]);
  });
});

describe("when the domain was removed", () => {
  test("remove again is not found", () => {
    domain(added, removed())
      .when(decideRemoveCustomDomain, { reason: "removed", at: LATER })
      .thenFails("not_found", "Couldn't find that domain.");
  });

  test("teardown remove is a no-op", () => {
    domain(added, removed())
      .when(decideRemoveCustomDomain, { reason: "app-destroyed", at: LATER })
      .thenNothing();
  });

  test("change of SNI endpoint is not found", () => {
    domain(added, removed())
      .when(decideChangeSniEndpoint, { sniEndpointId: "sni-1", at: LATER })
      .thenFails("not_found");
  });

  test("late DNS check records nothing", () => {
    domain(added, removed())
      .when(decideRecordDnsCheck, { ...noRecord, at: LATER })
      .thenNothing();
  });
});
