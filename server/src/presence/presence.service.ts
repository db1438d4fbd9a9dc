import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type OnlineStation, type PresenceResponse, ServerEvent, type StationIdentity } from '@plantao/shared';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { StationPresenceTable } from '../db/schema';

/** A station socket as presence needs it. */
export interface PresentStation {
  socketId: string;
  tenantId: string;
  userId: string;
  station: StationIdentity;
}

/**
 * Which stations of a tenant are online (issue #9), across instances and
 * surviving an instance's crash. Each instance writes one row per station
 * socket it holds and refreshes `last_seen` for all of them with one UPDATE
 * per heartbeat; a row not refreshed for `ttlSeconds` counts as offline, so
 * the stations of an instance killed with -9 drop out by themselves, and any
 * instance deletes such stale rows. The database (not Redis) holds it:
 * escalation decides from it, and the database is what every instance
 * already agrees on. A write that fails (database outage) is repaired at the
 * next heartbeat by rewriting this instance's rows.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PresenceService.name);
  readonly instanceId = randomUUID();
  private readonly local = new Map<string, StationPresenceTable>();
  /** The count this instance last told its stations of each tenant. */
  private readonly told = new Map<string, number>();
  private repairNeeded = false;
  private heartbeatTimer?: NodeJS.Timeout;
  private checkTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly broadcaster: Broadcaster,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const { heartbeatMs, checkMs } = this.config.presence;
    if (heartbeatMs > 0) this.heartbeatTimer = setInterval(() => void this.heartbeat(), heartbeatMs);
    if (checkMs > 0) this.checkTimer = setInterval(() => void this.tellChanges(), checkMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeatTimer);
    clearInterval(this.checkTimer);
    // A clean stop leaves no ghosts: the other instances see these stations offline at once (they reconnect elsewhere).
    try {
      await this.handle.db.deleteFrom('station_presence').where('instance_id', '=', this.instanceId).execute();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not remove this instance’s presence rows; they expire by themselves');
    }
  }

  async connected(present: PresentStation): Promise<void> {
    const now = this.clock.isoNow();
    const row: StationPresenceTable = {
      socket_id: present.socketId,
      tenant_id: present.tenantId,
      station_id: present.station.id,
      user_id: present.userId,
      name: present.station.name ?? null,
      host: present.station.host ?? null,
      app_version: present.station.appVersion ?? null,
      instance_id: this.instanceId,
      connected_at: now,
      last_seen: now,
    };
    this.local.set(present.socketId, row);
    await this.write(() => this.upsert([row]));
    await this.tellTenant(present.tenantId, present.socketId);
  }

  async disconnected(socketId: string): Promise<void> {
    const row = this.local.get(socketId);
    if (!row) return;
    this.local.delete(socketId);
    if (this.closed) return;
    await this.write(() => this.handle.db.deleteFrom('station_presence').where('socket_id', '=', socketId).execute());
    await this.tellTenant(row.tenant_id);
  }

  /** Online stations per tenant (distinct station ids with a fresh row); tenants absent have none. */
  async countsByTenant(tenantIds?: readonly string[]): Promise<Map<string, number>> {
    if (tenantIds && tenantIds.length === 0) return new Map();
    let query = this.handle.db
      .selectFrom('station_presence')
      .select((eb) => ['tenant_id', eb.fn.count<number>('station_id').distinct().as('stations')])
      .where('last_seen', '>=', this.freshSince())
      .groupBy('tenant_id');
    if (tenantIds) query = query.where('tenant_id', 'in', [...tenantIds]);
    const rows = await query.execute();
    return new Map(rows.map((row) => [row.tenant_id, Number(row.stations)]));
  }

  async count(tenantId: string): Promise<number> {
    return (await this.countsByTenant([tenantId])).get(tenantId) ?? 0;
  }

  /** `GET /api/presence`: one entry per station (its longest-running connection gives `since`, its newest the user). */
  async list(tenantId: string): Promise<PresenceResponse> {
    const rows = await this.handle.db
      .selectFrom('station_presence')
      .leftJoin('users', (join) =>
        join.onRef('users.id', '=', 'station_presence.user_id').onRef('users.tenant_id', '=', 'station_presence.tenant_id'),
      )
      .selectAll('station_presence')
      .select('users.name as user_name')
      .where('station_presence.tenant_id', '=', tenantId)
      .where('station_presence.last_seen', '>=', this.freshSince())
      .orderBy('station_presence.connected_at')
      .execute();
    const stations = new Map<string, OnlineStation>();
    for (const row of rows) {
      const earlier = stations.get(row.station_id);
      stations.set(row.station_id, {
        stationId: row.station_id,
        ...(row.name ? { name: row.name } : {}),
        ...(row.host ? { host: row.host } : {}),
        ...(row.app_version ? { appVersion: row.app_version } : {}),
        userId: row.user_id,
        ...(row.user_name ? { userName: row.user_name } : {}),
        since: earlier?.since ?? row.connected_at,
      });
    }
    return { stationsOnline: stations.size, stations: [...stations.values()] };
  }

  /** Refreshes this instance's rows and drops everyone's stale ones (tests call it with a controlled clock). */
  async heartbeat(): Promise<void> {
    if (this.closed) return;
    const now = this.clock.isoNow();
    try {
      for (const row of this.local.values()) row.last_seen = now;
      if (this.repairNeeded) {
        this.repairNeeded = false;
        await this.upsert([...this.local.values()]);
      } else {
        const result = await this.handle.db
          .updateTable('station_presence')
          .set({ last_seen: now })
          .where('instance_id', '=', this.instanceId)
          .executeTakeFirst();
        const updated = Number(result.numUpdatedRows);
        // Fewer rows than sockets: someone swept ours as stale (a long pause, an outage): write them back.
        if (updated < this.local.size) await this.upsert([...this.local.values()]);
        // More: a socket that left while its row was being written; it must not be kept alive by our heartbeat.
        if (updated > this.local.size) await this.dropGhosts();
      }
      await this.handle.db.deleteFrom('station_presence').where('last_seen', '<', this.freshSince()).execute();
    } catch (error) {
      this.repairNeeded = true;
      this.logger.warn({ err: error }, 'presence heartbeat failed; will rewrite this instance’s stations');
    }
  }

  private async dropGhosts(): Promise<void> {
    const live = [...this.local.keys()];
    let query = this.handle.db.deleteFrom('station_presence').where('instance_id', '=', this.instanceId);
    if (live.length > 0) query = query.where('socket_id', 'not in', live);
    await query.execute();
  }

  /** Recounts the tenants this instance serves and tells their stations on this instance when a count changed. */
  async tellChanges(): Promise<void> {
    const tenants = this.broadcaster.localTenants();
    try {
      const counts = await this.countsByTenant(tenants);
      for (const tenantId of tenants) this.tell(tenantId, counts.get(tenantId) ?? 0);
      for (const tenantId of this.told.keys()) if (!tenants.includes(tenantId)) this.told.delete(tenantId);
    } catch (error) {
      this.logger.warn({ err: error }, 'presence recount failed');
    }
  }

  private async tellTenant(tenantId: string, newSocketId?: string): Promise<void> {
    try {
      const stations = await this.count(tenantId);
      if (newSocketId) this.broadcaster.toSocket(newSocketId, ServerEvent.PresenceUpdate, { stationsOnline: stations });
      this.tell(tenantId, stations);
    } catch (error) {
      this.logger.warn({ tenantId, err: error }, 'presence count failed');
    }
  }

  private tell(tenantId: string, stations: number): void {
    if (this.told.get(tenantId) === stations) return;
    this.told.set(tenantId, stations);
    this.broadcaster.toTenantLocally(tenantId, ServerEvent.PresenceUpdate, { stationsOnline: stations });
  }

  private freshSince(): string {
    return new Date(this.clock.now() - this.config.presence.ttlSeconds * 1000).toISOString();
  }

  private async upsert(rows: StationPresenceTable[]): Promise<void> {
    if (rows.length === 0) return;
    await this.handle.db
      .insertInto('station_presence')
      .values(rows)
      .onConflict((oc) => oc.column('socket_id').doUpdateSet((eb) => ({ last_seen: eb.ref('excluded.last_seen') })))
      .execute();
  }

  private async write(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.repairNeeded = true;
      this.logger.warn({ err: error }, 'presence write failed; the next heartbeat rewrites it');
    }
  }
}
