import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Logger,
  type OnModuleInit,
  Post,
  Query,
  Req,
  UnauthorizedException,
  UseInterceptors,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../auth/authenticated-user';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WebhookOutcomeInterceptor } from '../metrics/webhook-outcome.interceptor';
import { parseWebhook } from './webhook-parser';
import { REFUSAL_REASONS, webhookSecret, type WebhookSecret } from './webhook-secret';
import { checkSignature } from './webhook-signature';
import { WebhookInboxService } from './webhook-inbox.service';

/** WhatsApp Cloud API webhook (contract v1). No bearer token: Meta signs the body instead. */
@ApiTags('whatsapp')
@Controller('api/webhooks/whatsapp')
export class WhatsAppWebhookController implements OnModuleInit {
  private readonly logger = new Logger('WhatsAppWebhook');
  private readonly secret: WebhookSecret;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly inbox: WebhookInboxService,
  ) {
    this.secret = webhookSecret(config);
  }

  /** A server that cannot verify any delivery says so once at start-up, not only on each refusal. */
  onModuleInit(): void {
    if (this.secret.source === 'missing') {
      this.logger.warn('WHATSAPP_APP_SECRET is not set: every WhatsApp webhook delivery will be refused with 401 until it is');
    } else if (this.secret.source === 'demo') {
      this.logger.warn(
        `WHATSAPP_APP_SECRET is not set: the webhook accepts deliveries signed with the demo secret "${this.secret.secret}" (development with demo data only)`,
      );
    }
  }

  /** Meta's subscription check: echo `hub.challenge` when the verify token matches. */
  @Public()
  @Get()
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('x-content-type-options', 'nosniff')
  verify(@Query('hub.mode') mode?: string, @Query('hub.verify_token') token?: string, @Query('hub.challenge') challenge?: string): string {
    if (mode !== 'subscribe' || !this.config.whatsappVerifyToken || token !== this.config.whatsappVerifyToken || !challenge) {
      throw new ForbiddenException('Verification failed');
    }
    return challenge;
  }

  /**
   * Signature first (401, nothing stored), then the envelope (400, nothing
   * stored), then the delivery is made durable and Meta gets 200 at once;
   * triage and alerts happen after the answer.
   */
  @Public()
  @Post()
  @HttpCode(200)
  @UseInterceptors(WebhookOutcomeInterceptor)
  async receive(
    @Req() request: RawBodyRequest<Request>,
    @Headers('x-hub-signature-256') signature?: string,
  ): Promise<{ status: 'accepted' }> {
    const verdict = checkSignature(request.rawBody, signature, this.secret.secret);
    if (verdict !== 'valid') {
      // The answer stays terse (it goes to whoever called); the log says which check failed and what to do.
      this.logger.warn({ reason: verdict }, `WhatsApp webhook delivery refused (401): ${REFUSAL_REASONS[verdict]}`);
      throw new UnauthorizedException('Invalid webhook signature');
    }
    // Parse the very text the inbox stores (not body-parser's decoding of it), so
    // whatever is accepted is known to parse again when processed.
    const text = request.rawBody!.toString('utf8').replace(/^\uFEFF/, '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BadRequestException('Malformed webhook body: not UTF-8 JSON');
    }
    const parsed = parseWebhook(json);
    if (!parsed.ok) throw new BadRequestException(`Malformed webhook body: ${parsed.error}`);
    const id = await this.inbox.accept(text);
    void this.inbox.processSoon(id);
    return { status: 'accepted' };
  }
}
