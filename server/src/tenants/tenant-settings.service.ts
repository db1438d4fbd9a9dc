import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import {
  ALARM_WINDOW_HOURS,
  DEFAULT_TIME_ZONE,
  type EscalationSettingsView,
  type StationConfig,
  type TenantSettingsRequest,
} from '@plantao/shared';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle, isUniqueViolation } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { TenantSettingsTable } from '../db/schema';
import { defaultRules, extendRules, silencedCriticalExample } from '../triage';
import { type EscalationPolicy, escalationView, mergeEscalationPolicy, parseEscalationPolicy } from './escalation-settings';
import { WhatsAppNumberVerifier } from './whatsapp-number-verifier';

/** The answer to a number another hospital holds: the same whoever holds it, and never naming them. */
export const PHONE_NUMBER_ID_TAKEN = 'whatsappPhoneNumberId: already connected to another hospital';

export const DEFAULT_SETTINGS = { noResponseHours: 4, alertDedupeMinutes: 120 };

export interface TenantSettingsView {
  whatsappPhoneNumberId?: string;
  whatsappAccessTokenSet: boolean;
  noResponseHours: number;
  alertDedupeMinutes: number;
  alarmWindowHours: number;
  timeZone: string;
  triageRulesExtension?: unknown;
  escalation: EscalationSettingsView;
  /** The hospital's own retention (null: the server's RETENTION_DAYS) and the one the purge applies (0: kept forever). */
  retentionDays: number | null;
  effectiveRetentionDays: number;
}

/** The retention the purge applies to a tenant: its own setting, else the server default; 0 keeps everything. */
export function effectiveRetentionDays(tenantDays: number | null | undefined, serverDays: number): number {
  return tenantDays ?? serverDays;
}

/** Per-hospital settings: WhatsApp number, no-response time, alert dedupe window, triage extension. */
@Injectable()
export class TenantSettingsService {
  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly numbers: WhatsAppNumberVerifier,
  ) {}

  async row(tenantId: string): Promise<TenantSettingsTable | undefined> {
    return this.handle.db.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  async view(tenantId: string): Promise<TenantSettingsView> {
    const [row, tenant] = await Promise.all([
      this.row(tenantId),
      this.handle.db.selectFrom('tenants').select('whatsapp_phone_number_id').where('id', '=', tenantId).executeTakeFirst(),
    ]);
    return {
      ...(tenant?.whatsapp_phone_number_id ? { whatsappPhoneNumberId: tenant.whatsapp_phone_number_id } : {}),
      whatsappAccessTokenSet: Boolean(row?.whatsapp_access_token),
      noResponseHours: Number(row?.no_response_hours ?? DEFAULT_SETTINGS.noResponseHours),
      alertDedupeMinutes: Number(row?.alert_dedupe_minutes ?? DEFAULT_SETTINGS.alertDedupeMinutes),
      ...stationConfigOf(row),
      ...(row?.triage_rules_extension ? { triageRulesExtension: JSON.parse(row.triage_rules_extension) as unknown } : {}),
      escalation: escalationView(parseEscalationPolicy(row?.escalation)),
      retentionDays: row?.retention_days ?? null,
      effectiveRetentionDays: effectiveRetentionDays(row?.retention_days, this.config.retentionDays),
    };
  }

  async update(tenantId: string, input: TenantSettingsRequest): Promise<TenantSettingsView> {
    if (input.triageRulesExtension !== undefined && input.triageRulesExtension !== null) {
      let extended;
      try {
        extended = extendRules(defaultRules, input.triageRulesExtension);
      } catch (error) {
        throw new BadRequestException(`triageRulesExtension: ${error instanceof Error ? error.message : String(error)}`);
      }
      // Extensions add, never subtract: a tenant's cue must not silence what the base rules call critical.
      const silenced = silencedCriticalExample(extended);
      if (silenced !== undefined) {
        throw new BadRequestException(
          `triageRulesExtension: would no longer flag as critical what the base rules do, e.g. ${JSON.stringify(silenced)}; extensions can only add`,
        );
      }
    }
    if (input.whatsappPhoneNumberId) {
      // Ownership before routing: the Cloud API must confirm the number for this hospital's token.
      const current = input.whatsappAccessToken === undefined ? await this.row(tenantId) : undefined;
      const token = input.whatsappAccessToken ?? current?.whatsapp_access_token ?? this.config.whatsappAccessToken;
      await this.numbers.verify(input.whatsappPhoneNumberId, token ?? undefined);
    }
    const now = this.clock.isoNow();
    await this.handle.db.transaction().execute(async (trx) => {
      if (input.whatsappPhoneNumberId !== undefined) {
        try {
          await trx
            .updateTable('tenants')
            .set({ whatsapp_phone_number_id: input.whatsappPhoneNumberId })
            .where('id', '=', tenantId)
            .execute();
        } catch (error) {
          if (isUniqueViolation(error)) throw new BadRequestException(PHONE_NUMBER_ID_TAKEN);
          throw error;
        }
      }
      const current = await trx.selectFrom('tenant_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
      const next: TenantSettingsTable = {
        tenant_id: tenantId,
        no_response_hours: input.noResponseHours ?? current?.no_response_hours ?? DEFAULT_SETTINGS.noResponseHours,
        alert_dedupe_minutes: input.alertDedupeMinutes ?? current?.alert_dedupe_minutes ?? DEFAULT_SETTINGS.alertDedupeMinutes,
        alarm_window_hours: input.alarmWindowHours ?? current?.alarm_window_hours ?? null,
        time_zone: input.timeZone ?? current?.time_zone ?? null,
        whatsapp_access_token:
          input.whatsappAccessToken !== undefined ? input.whatsappAccessToken : (current?.whatsapp_access_token ?? null),
        triage_rules_extension:
          input.triageRulesExtension !== undefined
            ? input.triageRulesExtension === null
              ? null
              : JSON.stringify(input.triageRulesExtension)
            : (current?.triage_rules_extension ?? null),
        escalation:
          input.escalation !== undefined
            ? JSON.stringify(mergeEscalationPolicy(parseEscalationPolicy(current?.escalation), input.escalation))
            : (current?.escalation ?? null),
        retention_days: input.retentionDays !== undefined ? input.retentionDays : (current?.retention_days ?? null),
        updated_at: now,
      };
      if (current) await trx.updateTable('tenant_settings').set(next).where('tenant_id', '=', tenantId).execute();
      else await trx.insertInto('tenant_settings').values(next).execute();
    });
    return this.view(tenantId);
  }

  /** What every station of the hospital needs (any role may read it). */
  async stationConfig(tenantId: string): Promise<StationConfig> {
    return stationConfigOf(await this.row(tenantId));
  }

  /** The tenant's escalation policy, secret included (for the escalation service only). */
  async escalationPolicy(tenantId: string): Promise<EscalationPolicy> {
    return parseEscalationPolicy((await this.row(tenantId))?.escalation);
  }

  async triageExtension(tenantId: string): Promise<unknown> {
    const row = await this.row(tenantId);
    return row?.triage_rules_extension ? (JSON.parse(row.triage_rules_extension) as unknown) : undefined;
  }

  async noResponseHours(tenantId: string): Promise<number> {
    return Number((await this.row(tenantId))?.no_response_hours ?? DEFAULT_SETTINGS.noResponseHours);
  }

  async dedupeMinutes(tenantId: string): Promise<number> {
    return Number((await this.row(tenantId))?.alert_dedupe_minutes ?? DEFAULT_SETTINGS.alertDedupeMinutes);
  }

  async tenantForPhoneNumberId(phoneNumberId: string): Promise<string | undefined> {
    const row = await this.handle.db
      .selectFrom('tenants')
      .select('id')
      .where('whatsapp_phone_number_id', '=', phoneNumberId)
      .executeTakeFirst();
    return row?.id;
  }
}

function stationConfigOf(row: TenantSettingsTable | undefined): StationConfig {
  return {
    alarmWindowHours: Number(row?.alarm_window_hours ?? ALARM_WINDOW_HOURS.default),
    timeZone: row?.time_zone ?? DEFAULT_TIME_ZONE,
  };
}
