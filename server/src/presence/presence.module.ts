import { Module } from '@nestjs/common';
import { BroadcastModule } from '../broadcast/broadcast.module';
import { DatabaseModule } from '../db/database.module';
import { PresenceController } from './presence.controller';
import { PresenceService } from './presence.service';

/** Which stations are online (issue #9): written by the gateway, read by `GET /api/presence` and by escalation. */
@Module({
  imports: [DatabaseModule, BroadcastModule],
  controllers: [PresenceController],
  providers: [PresenceService],
  exports: [PresenceService],
})
export class PresenceModule {}
