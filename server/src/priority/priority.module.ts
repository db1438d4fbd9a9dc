import { Module } from '@nestjs/common';
import { BroadcastModule } from '../broadcast/broadcast.module';
import { DatabaseModule } from '../db/database.module';
import { PriorityService } from './priority.service';

/** Patient priority scores: alerts, conversations and clinical ask for a recompute; stations get `priority_update`. */
@Module({ imports: [DatabaseModule, BroadcastModule], providers: [PriorityService], exports: [PriorityService] })
export class PriorityModule {}
