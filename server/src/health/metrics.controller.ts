import { Controller, Get, Header, Headers, Inject, Logger, type OnApplicationBootstrap, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/authenticated-user';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics.service';
import { mayScrape, metricsAccess } from './metrics-access';

/**
 * Prometheus scrape endpoint (metrics-access.ts says who may read it). A
 * refusal is 401 with `WWW-Authenticate: Bearer`, the same whether the token
 * is wrong or none is configured: the start-up log says which.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController implements OnApplicationBootstrap {
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (metricsAccess(this.config) === 'closed') {
      this.logger.warn(
        'METRICS_TOKEN is not set: /metrics answers 401 in production; set it (or METRICS_PUBLIC=true on a private network)',
      );
    }
  }

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the bearer token differs, or production without METRICS_TOKEN' })
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (!mayScrape(this.config, authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new UnauthorizedException('Metrics token required');
    }
    return this.metrics.registry.metrics();
  }
}
