import { Controller, ForbiddenException, Get, Header, Headers, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/authenticated-user';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from './metrics.service';

/** Prometheus scrape endpoint; protected by a static bearer token when METRICS_TOKEN is set. */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(@Headers('authorization') authorization?: string): Promise<string> {
    if (this.config.metricsToken && authorization !== `Bearer ${this.config.metricsToken}`) {
      throw new ForbiddenException('Metrics token required');
    }
    return this.metrics.registry.metrics();
  }
}
