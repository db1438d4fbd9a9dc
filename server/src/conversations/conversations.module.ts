import { Module } from '@nestjs/common';
import { BroadcastModule } from '../broadcast/broadcast.module';
import { DatabaseModule } from '../db/database.module';
import { PriorityModule } from '../priority/priority.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';

/**
 * Conversations and their messages. Messages arrive through clinical ingest
 * and replies leave through WhatsApp; both of those import this module, not
 * the other way round.
 */
@Module({
  imports: [DatabaseModule, PriorityModule, BroadcastModule],
  controllers: [ConversationsController],
  providers: [ConversationsService],
  exports: [ConversationsService],
})
export class ConversationsModule {}
