import { Controller, Get, HttpStatus, Inject, Logger, type OnModuleInit, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Public } from '../auth/authenticated-user';
import { reasonPhrase } from '../common/http-error.filter';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { STATION_INDEX, stationFileFor, stationHeaders } from './station-files';

const PREFIX = '/station';
const NOT_BUILT = 'station not built: run npm run build';

/**
 * The browser station (desktop/src/web-bridge built by Vite) at `/station`:
 * the same renderer and station core as the desktop app, for end-to-end
 * tests and for PCs where nothing can be installed. Served under a strict
 * CSP; any path that leaves the build directory is a 404.
 */
@ApiExcludeController()
@Public()
@Controller('station')
export class StationPageController implements OnModuleInit {
  private readonly logger = new Logger('StationPage');
  private readonly dir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.dir = config.stationDir;
  }

  onModuleInit(): void {
    if (!existsSync(join(this.dir, STATION_INDEX)))
      this.logger.warn(`${NOT_BUILT} (no ${STATION_INDEX} in ${this.dir}); /station answers 404`);
  }

  @Get()
  index(@Res() res: Response): void {
    this.serve(res, STATION_INDEX);
  }

  @Get('*path')
  file(@Req() req: Request, @Res() res: Response): void {
    this.serve(res, stationFileFor(this.dir, req.path.slice(PREFIX.length)));
  }

  private serve(res: Response, file: string | undefined): void {
    res.set(stationHeaders(file));
    if (file === undefined) return this.notFound(res, 'Not found');
    if (!existsSync(join(this.dir, STATION_INDEX))) return this.notFound(res, NOT_BUILT);
    // `send` checks the path again (root, no `..`, no dotfiles) and answers ETag/304 and HEAD.
    res.sendFile(file, { root: this.dir, dotfiles: 'deny', cacheControl: false }, (error?: Error) => {
      if (!error || res.headersSent) return;
      const status = (error as { status?: number }).status;
      if (status === undefined || status >= 500) this.logger.error(`station file ${file} not served: ${error.message}`);
      this.notFound(res, 'Not found');
    });
  }

  /** The contract's error shape, like every other error of this server. */
  private notFound(res: Response, message: string): void {
    res.status(HttpStatus.NOT_FOUND).json({ statusCode: HttpStatus.NOT_FOUND, error: reasonPhrase(HttpStatus.NOT_FOUND), message });
  }
}
