import { Module } from '@nestjs/common';
import { Broadcaster } from './broadcaster';

/**
 * One Broadcaster for the whole app (a static module is a singleton however
 * many features import it): the gateway attaches the namespace to the same
 * instance the services emit through.
 */
@Module({ providers: [Broadcaster], exports: [Broadcaster] })
export class BroadcastModule {}
