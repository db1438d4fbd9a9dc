import { Module } from '@nestjs/common';
import { StationPageController } from './station-page.controller';

/** Serves the built browser station at `/station` (config `STATION_DIR`). */
@Module({ controllers: [StationPageController] })
export class StationModule {}
