import { Module } from "@nestjs/common";
import { AcmController } from "./acm.controller.js";
import { AddDomainHandler } from "./commands/add-domain.handler.js";
import { RemoveDomainHandler } from "./commands/remove-domain.handler.js";
import { SetAcmHandler } from "./commands/set-acm.handler.js";
import { UpdateDomainHandler } from "./commands/update-domain.handler.js";
import { DomainFinder } from "./domain-finder.js";
import { DomainListing } from "./domain-listing.js";
import { DomainsController } from "./domains.controller.js";
import { EarlierDomainOutcome } from "./earlier-domain-outcome.js";

@Module({
  controllers: [DomainsController, AcmController],
  providers: [
    AddDomainHandler,
    RemoveDomainHandler,
    UpdateDomainHandler,
    SetAcmHandler,
    DomainFinder,
    DomainListing,
    EarlierDomainOutcome,
  ],
})
export class DomainsModule {}
