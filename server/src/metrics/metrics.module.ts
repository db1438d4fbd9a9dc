import { Module } from '@nestjs/common';
import { Metrics } from './metrics.service';
import { ProcessErrors } from './process-errors';

/**
 * One Prometheus registry for the app, imported by the features that count.
 * Also counts unhandled rejections (ProcessErrors). A leaf: it imports no
 * feature, so any feature (auth included) can count; the `/metrics` scrape
 * endpoint lives in health/ with `/health`.
 */
@Module({ providers: [Metrics, ProcessErrors], exports: [Metrics, ProcessErrors] })
export class MetricsModule {}
