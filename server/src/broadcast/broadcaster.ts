import { Injectable } from '@nestjs/common';
import { patientRoom, type ServerToClientEvents, tenantRoom } from '@plantao/shared';
import type { AlertsNamespace } from './alerts-namespace';

/**
 * Every socket of one user joins this room (the gateway, at connect), so the
 * user's stations can be reached on every instance at once: a disabled
 * account is dropped everywhere (issue #11). Server-side only: no event is
 * ever sent to it, so it is not part of the wire contract in shared/.
 */
export const userRoom = (tenantId: string, userId: string): string => `user:${userId}:tenant:${tenantId}`;

/**
 * Services emit through this, never through the gateway: rooms are always
 * derived from a tenant id, so an event cannot be addressed to "everyone".
 * With the Redis adapter the same call reaches sockets on every instance.
 * A leaf: it knows the namespace, not who sends or who listens, so every
 * feature can use it and the gateway (which attaches the namespace) sits above them.
 */
@Injectable()
export class Broadcaster {
  private namespace?: AlertsNamespace;

  attach(namespace: AlertsNamespace): void {
    this.namespace = namespace;
  }

  toTenant<E extends keyof ServerToClientEvents>(tenantId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.namespace?.to(tenantRoom(tenantId)).emit(event, ...args);
  }

  /** Tenant room plus the patient's subscribers (deduplicated by Socket.io). */
  toTenantAndPatient<E extends keyof ServerToClientEvents>(
    tenantId: string,
    patientId: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    this.namespace?.to([tenantRoom(tenantId), patientRoom(tenantId, patientId)]).emit(event, ...args);
  }

  /**
   * Only this instance's sockets of the tenant. For what each instance works
   * out for its own stations (presence counts, issue #9): the same event from
   * every instance through the adapter would reach each station N times.
   */
  toTenantLocally<E extends keyof ServerToClientEvents>(tenantId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.namespace?.local.to(tenantRoom(tenantId)).emit(event, ...args);
  }

  /** One socket (by id: every socket is in a room of its own). */
  toSocket<E extends keyof ServerToClientEvents>(socketId: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.namespace?.local.to(socketId).emit(event, ...args);
  }

  /** Tenants with at least one socket on this instance. */
  localTenants(): string[] {
    const prefix = tenantRoom('');
    const rooms = this.namespace?.adapter.rooms;
    if (!rooms) return [];
    return [...rooms.keys()].filter((room) => room.startsWith(prefix)).map((room) => room.slice(prefix.length));
  }

  /**
   * Closes every socket of the user, on every instance: they see "io server
   * disconnect", reconnect, and the handshake refuses them. Call it after the
   * change that makes the handshake refuse is committed. Twice on purpose:
   * the Redis adapter (8.x) relays a plain `disconnectSockets` to the other
   * instances but skips its own sockets, hence `local` too (without Redis the
   * second call finds nothing left).
   */
  disconnectUser(tenantId: string, userId: string): void {
    const room = userRoom(tenantId, userId);
    this.namespace?.local.in(room).disconnectSockets(true);
    this.namespace?.in(room).disconnectSockets(true);
  }
}
