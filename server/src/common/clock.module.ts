import { type DynamicModule, Module } from '@nestjs/common';
import { Clock } from './clock';

/** The clock every feature reads (a manual one in tests). Global because its value comes from the composition root. */
@Module({})
export class ClockModule {
  static forRoot(clock: Clock): DynamicModule {
    return { module: ClockModule, global: true, providers: [{ provide: Clock, useValue: clock }], exports: [Clock] };
  }
}
