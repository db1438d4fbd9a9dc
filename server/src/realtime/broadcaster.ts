import { Injectable } from '@nestjs/common';
import { patientRoom, type ServerToClientEvents, type SocketData, tenantRoom } from '@plantao/shared';
import type { Namespace } from 'socket.io';

export type AlertsNamespace = Namespace<Record<string, never>, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * Services emit through this, never through the gateway: rooms are always
 * derived from a tenant id, so an event cannot be addressed to "everyone".
 * With the Redis adapter the same call reaches sockets on every instance.
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
}
