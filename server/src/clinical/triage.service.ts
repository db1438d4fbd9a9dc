import { Inject, Injectable, Logger } from '@nestjs/common';
import { type TriageOutcome, TriageAgentResponseSchema } from '@plantao/shared';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics.service';
import { defaultRules, extendRules, type TriageRules, triageMessage } from '../triage';
import { TenantSettingsService } from '../tenants/tenant-settings.service';

/**
 * Decides the severity of one patient message. A hospital's own agent
 * (TRIAGE_AGENT_URL) is asked first, with a timeout; when it fails, times out
 * or answers nonsense, the pt-BR rules decide. The outcome records which did.
 */
@Injectable()
export class TriageService {
  private readonly logger = new Logger(TriageService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: TenantSettingsService,
    private readonly metrics: Metrics,
  ) {}

  async triage(tenantId: string, text: string): Promise<TriageOutcome> {
    if (this.config.triageAgentUrl) {
      const fromAgent = await this.askAgent(tenantId, text);
      if (fromAgent) return fromAgent;
    }
    const rules = await this.rulesFor(tenantId);
    const result = triageMessage(text, rules);
    if (result.error) {
      // The rules failed on this message: a nurse must read it rather than it passing as "none".
      this.logger.error({ tenantId, reason: result.error }, 'triage rules failed on a message; flagging for review');
      return { severity: 'high', symptom: 'triage_failed', evidence: '', decidedBy: 'rules', rulesVersion: result.rulesVersion };
    }
    return {
      severity: result.severity,
      symptom: result.symptom,
      evidence: result.evidence,
      decidedBy: result.decidedBy ?? 'rules',
      ...(result.reason ? { reason: result.reason } : {}),
      rulesVersion: result.rulesVersion,
    };
  }

  private async rulesFor(tenantId: string): Promise<TriageRules> {
    const extension = await this.settings.triageExtension(tenantId);
    if (!extension) return defaultRules;
    try {
      return extendRules(defaultRules, extension);
    } catch (error) {
      // Validated when saved; if a stored extension no longer fits, the base rules still protect patients.
      this.logger.error({ tenantId, err: error }, 'stored triage extension is invalid; using base rules');
      return defaultRules;
    }
  }

  private async askAgent(tenantId: string, text: string): Promise<TriageOutcome | undefined> {
    try {
      const response = await fetch(this.config.triageAgentUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId, text, locale: 'pt-BR' }),
        signal: AbortSignal.timeout(this.config.triageAgentTimeoutMs),
      });
      if (!response.ok) throw new Error(`agent answered ${response.status}`);
      const parsed = TriageAgentResponseSchema.safeParse(await response.json());
      if (!parsed.success) throw new Error('agent answer does not match the triage schema');
      return { ...parsed.data, decidedBy: 'agent' };
    } catch (error) {
      this.metrics.triageAgentFallbacks.inc({ reason: error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error' });
      this.logger.warn(
        { tenantId, reason: error instanceof Error ? error.message : String(error) },
        'triage agent unavailable; rules decide',
      );
      return undefined;
    }
  }
}
