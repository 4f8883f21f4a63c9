import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  classifyDnsLookup,
  customDomainStream,
  decideRecordDnsCheck,
  type DnsCheckOutcome,
  type DnsLookup,
} from "../../../../../libs/domain/src/index.js";
import type { DnsResolver } from "../../../../../libs/dns/src/index.js";
import { Clock } from "../../infrastructure/clock.js";
import type { CommandContext } from "../../infrastructure/command-context.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { systemStepContext } from "../../infrastructure/saga-context.js";
import { defaultDomain } from "../../presenters/app.presenter.js";
import { customDomainModel } from "../domain-stream.model.js";
import { DNS_RESOLVER } from "./tokens.js";

/** Outcome of one DNS check of a custom domain. */
export interface DnsCheckResult {
  domainId: string;
  hostname: string;
  outcome: DnsCheckOutcome;
  /** Change the owner should make, or null when the outcome is `ok`. */
  reason: string | null;
  cname: string | null;
  addresses: string[];
}

/**
 * Looks a custom domain up in DNS, compares the answer with its DNS target
 * and the app's default domain, and records `CustomDomainDnsChecked` when
 * the result differs from the last one recorded. Certificate issuance calls
 * `check` before it orders a certificate.
 */
@Injectable()
export class DnsCheckService {
  private readonly logger = new Logger(DnsCheckService.name);

  constructor(
    @Inject(DNS_RESOLVER) private readonly resolver: DnsResolver,
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks the domain now. Returns null when the domain or its app no
   * longer exists. Without `context`, the command id derives from the
   * domain's stream revision, so two checks of one revision record at most once.
   */
  async check(
    domainId: string,
    context?: CommandContext,
  ): Promise<DnsCheckResult | null> {
    const stream = customDomainStream(domainId);
    const { state, revision } = await this.repository.load(
      stream,
      customDomainModel,
    );
    if (state.appId === null || state.hostname === null || state.removed)
      return null;
    const app = await this.readModels.queries.appByNameOrId(state.appId);
    if (!app || state.cname === null) return null;

    const lookup = await this.lookup(state.hostname, state.cname);
    const verdict = classifyDnsLookup({
      hostname: state.hostname,
      target: state.cname,
      defaultDomain: defaultDomain(app),
      lookup,
    });
    const result: DnsCheckResult = {
      domainId,
      hostname: state.hostname,
      ...verdict,
      cname: lookup.kind === "answer" ? lookup.cname : null,
      addresses: lookup.kind === "answer" ? [...lookup.addresses] : [],
    };

    const { position } = await this.repository.execute(
      stream,
      customDomainModel,
      context ??
        systemStepContext("dns-check", `${domainId}@${revision}`, "dns-check"),
      (current) =>
        decideRecordDnsCheck(current, {
          outcome: result.outcome,
          reason: result.reason,
          cname: result.cname,
          addresses: result.addresses,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) {
      this.logger.log(
        `DNS check of ${state.hostname} (${domainId}, app ${state.appId}): ${result.outcome}`,
      );
    }
    return result;
  }

  private async lookup(hostname: string, target: string): Promise<DnsLookup> {
    const answer = await this.resolver.resolve(hostname);
    if (answer.kind === "failure") {
      this.logger.warn(
        `DNS lookup of ${hostname} failed with ${answer.code}: ${answer.cause}`,
      );
      return { kind: "failure", cause: answer.cause };
    }
    if (answer.cname !== null || answer.addresses.length === 0) return answer;

    // No CNAME: an ALIAS or ANAME record at the apex shows as the target's addresses.
    const resolvedTarget = await this.resolver.resolve(target);
    const targetAddresses =
      resolvedTarget.kind === "answer" ? resolvedTarget.addresses : [];
    return { ...answer, targetAddresses };
  }
}
