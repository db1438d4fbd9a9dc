import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type OnlineStation, type PresenceResponse, ServerEvent, type StationIdentity } from '@plantao/shared';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { StationPresenceTable } from '../db/schema';

/**
 * Presence writes queued while the previous batch is being written share one
 * statement; with 0 a batch is what arrived by the next turn of the event
 * loop, so a lone station is not delayed and a storm still batches itself.
 */
const BATCH_MS = 0;
/** At most one `presence_update` per tenant per interval (the first at once, then the latest count). */
const TELL_INTERVAL_MS = 1000;
const UPSERT_CHUNK = 1000;

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
  /** Per tenant: when its stations were last told, and the pending trailing update. */
  private readonly telling = new Map<string, { at: number; timer?: NodeJS.Timeout }>();
  /** Rows waiting for the next batched write. */
  private joins: StationPresenceTable[] = [];
  private leaves: StationPresenceTable[] = [];
  private nextFlush?: Promise<void>;
  private flushing: Promise<void> = Promise.resolve();
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
    for (const slot of this.telling.values()) clearTimeout(slot.timer);
    // A clean stop leaves no ghosts: the other instances see these stations offline at once (they reconnect elsewhere).
    try {
      await this.handle.db.deleteFrom('station_presence').where('instance_id', '=', this.instanceId).execute();
    } catch (error) {
      this.logger.warn({ err: error }, 'could not remove this instance’s presence rows; they expire by themselves');
    }
  }

  /**
   * Online once its row is written; the station then gets the tenant's count.
   * Rows of stations connecting together are written in one statement (one
   * commit, not one per station: a reconnect storm is thousands of them).
   */
  connected(present: PresentStation): Promise<void> {
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
    this.joins.push(row);
    return this.scheduleFlush();
  }

  disconnected(socketId: string): Promise<void> {
    const row = this.local.get(socketId);
    if (!row) return Promise.resolve();
    this.local.delete(socketId);
    if (this.closed) return Promise.resolve();
    this.leaves.push(row);
    return this.scheduleFlush();
  }

  private scheduleFlush(): Promise<void> {
    this.nextFlush ??= new Promise<void>((resolve) => {
      setTimeout(() => {
        // One flush at a time: a storm's next batch waits for the previous commit.
        this.flushing = this.flushing.then(() => {
          this.nextFlush = undefined;
          return this.flush();
        });
        void this.flushing.then(resolve);
      }, BATCH_MS);
    });
    return this.nextFlush;
  }

  /** Writes the batch (leaves first: a station gone before its row was written gets none), then tells the counts. */
  private async flush(): Promise<void> {
    const leaves = this.leaves.splice(0);
    const joins = this.joins.splice(0).filter((row) => this.local.get(row.socket_id) === row);
    if (this.closed) return;
    if (leaves.length > 0) {
      const ids = leaves.map((row) => row.socket_id);
      await this.write(() => this.handle.db.deleteFrom('station_presence').where('socket_id', 'in', ids).execute());
    }
    if (joins.length > 0) await this.write(() => this.upsert(joins));
    const tenants = [...new Set([...leaves, ...joins].map((row) => row.tenant_id))];
    try {
      const counts = await this.countsByTenant(tenants);
      for (const row of joins) {
        if (this.local.get(row.socket_id) !== row) continue;
        this.broadcaster.toSocket(row.socket_id, ServerEvent.PresenceUpdate, { stationsOnline: counts.get(row.tenant_id) ?? 0 });
      }
      for (const tenantId of tenants) this.tell(tenantId, counts.get(tenantId) ?? 0);
    } catch (error) {
      this.logger.warn({ tenants: tenants.length, err: error }, 'presence count failed');
    }
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
  heartbeat(): Promise<void> {
    // Writes what is queued first (in line with the batches): a row queued but not yet written is not "swept by someone".
    const beat = this.flushing.then(() => this.flush()).then(() => this.beat());
    this.flushing = beat;
    return beat;
  }

  private async beat(): Promise<void> {
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
        const written = this.local.size - this.joins.filter((row) => this.local.get(row.socket_id) === row).length;
        // Fewer rows than sockets: someone swept ours as stale (a long pause, an outage): write them back.
        if (updated < written) await this.upsert([...this.local.values()]);
        // More: a socket that left while its row was being written; it must not be kept alive by our heartbeat.
        if (updated > written) await this.dropGhosts();
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
      for (const tenantId of this.told.keys()) {
        if (tenants.includes(tenantId)) continue;
        this.told.delete(tenantId);
        if (!this.telling.get(tenantId)?.timer) this.telling.delete(tenantId);
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'presence recount failed');
    }
  }

  /**
   * A tenant's stations hear of a new count at once, then at most once per
   * TELL_INTERVAL_MS (the latest count, at the end of the interval): a count
   * sent to every station at every connect made a storm quadratic (each of a
   * hospital's N returning stations told all N).
   */
  private tell(tenantId: string, stations: number): void {
    if (this.told.get(tenantId) === stations) return;
    this.told.set(tenantId, stations);
    const slot = this.telling.get(tenantId);
    if (slot?.timer) return;
    const wait = slot ? slot.at + TELL_INTERVAL_MS - performance.now() : 0;
    if (wait <= 0) this.sendTold(tenantId);
    else this.telling.set(tenantId, { at: slot!.at, timer: setTimeout(() => this.sendTold(tenantId), wait) });
  }

  private sendTold(tenantId: string): void {
    this.telling.set(tenantId, { at: performance.now() });
    const stations = this.told.get(tenantId);
    if (stations !== undefined && !this.closed)
      this.broadcaster.toTenantLocally(tenantId, ServerEvent.PresenceUpdate, { stationsOnline: stations });
  }

  private freshSince(): string {
    return new Date(this.clock.now() - this.config.presence.ttlSeconds * 1000).toISOString();
  }

  /** In statements of UPSERT_CHUNK rows: ten values a row, and SQLite takes at most 32,766 per statement. */
  private async upsert(rows: StationPresenceTable[]): Promise<void> {
    for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
      await this.handle.db
        .insertInto('station_presence')
        .values(rows.slice(i, i + UPSERT_CHUNK))
        .onConflict((oc) => oc.column('socket_id').doUpdateSet((eb) => ({ last_seen: eb.ref('excluded.last_seen') })))
        .execute();
    }
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
