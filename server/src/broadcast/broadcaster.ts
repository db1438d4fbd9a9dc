import { Injectable } from '@nestjs/common';
import { patientRoom, type ServerToClientEvents, tenantRoom } from '@plantao/shared';
import type { AlertsNamespace } from './alerts-namespace';

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
}
