import { Logger, Module } from "@nestjs/common";
import { NodeDnsResolver } from "../../../../libs/dns/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { AcmController } from "./acm.controller.js";
import { AddDomainHandler } from "./commands/add-domain.handler.js";
import { RemoveDomainHandler } from "./commands/remove-domain.handler.js";
import { SetAcmHandler } from "./commands/set-acm.handler.js";
import { UpdateDomainHandler } from "./commands/update-domain.handler.js";
import { DnsCheckService } from "./dns/dns-check.service.js";
import { DnsRecheckPoller } from "./dns/dns-recheck.poller.js";
import { DNS_RESOLVER } from "./dns/tokens.js";
import { DomainFinder } from "./domain-finder.js";
import { DomainListing } from "./domain-listing.js";
import { DomainsController } from "./domains.controller.js";
import { EarlierDomainOutcome } from "./earlier-domain-outcome.js";
import { DnsCheckSaga } from "./sagas/dns-check.saga.js";
import { DomainTeardownSaga } from "./sagas/domain-teardown.saga.js";

@Module({
  controllers: [DomainsController, AcmController],
  providers: [
    {
      provide: DNS_RESOLVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const { servers, timeoutMs } = config.dns;
        const where =
          servers.length > 0 ? servers.join(", ") : "the system resolver";
        new Logger("DnsResolver").log(
          `DNS checks ask ${where}, with a timeout of ${timeoutMs} ms`,
        );
        return new NodeDnsResolver({ servers, timeoutMs });
      },
    },
    AddDomainHandler,
    RemoveDomainHandler,
    UpdateDomainHandler,
    SetAcmHandler,
    DomainFinder,
    DomainListing,
    EarlierDomainOutcome,
    DnsCheckService,
    DnsCheckSaga,
    DnsRecheckPoller,
    DomainTeardownSaga,
  ],
  exports: [
    DnsCheckService,
    DnsCheckSaga,
    DnsRecheckPoller,
    DomainTeardownSaga,
  ],
})
export class DomainsModule {}
