import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';
import { ProcessErrors } from './process-errors';

/**
 * Prometheus metrics at `/metrics`; one registry for the app, imported by the
 * features that count. Also counts unhandled rejections (ProcessErrors).
 */
@Module({ controllers: [MetricsController], providers: [Metrics, ProcessErrors], exports: [Metrics, ProcessErrors] })
export class MetricsModule {}
