// Where a text message goes: the provider's HTTP API (the shape Chinese SMS providers use:
// signed RPC parameters, a registered sign name and template ids), or the local gateway, which
// sends nothing (demo mode and tests: the console shows what would have gone out).
import { randomUUID } from 'node:crypto';
import type { SmsProviderConfig } from '../../config.ts';
import { signParams } from './sms-signature.ts';

export interface SmsSendOptions {
  /** Concord's template code (case_received, login_code …). */
  templateCode: string;
  /** The template's id at the provider (registered with its text there); the local gateway ignores it. */
  providerTemplateId: string | null;
  params: Record<string, string>;
}

/** Sends one text; answers the provider's message id. Throwing means "not sent, retry later". */
export interface SmsGateway {
  /** 'local' or 'http': recorded with each message. */
  readonly name: string;
  send(phone: string, text: string, options: SmsSendOptions): Promise<string>;
}

/** Demo mode and tests: nothing leaves the server; the channel keeps the message in sms_message. */
export class LocalSmsGateway implements SmsGateway {
  readonly name = 'local';
  send(): Promise<string> {
    return Promise.resolve(`local-${randomUUID()}`);
  }
}

/** The provider's refusal, without the phone: it goes to the outbox's last_error. */
export class SmsProviderError extends Error {}

/**
 * Aliyun dysmsapi's SendSms (the form most Chinese providers copy): a form-encoded POST of the
 * signed parameters; the answer is JSON `{Code: "OK", BizId}` or `{Code, Message}`.
 */
export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http';
  constructor(
    private readonly provider: SmsProviderConfig,
    private readonly clock: () => Date = () => new Date(),
    private readonly timeoutMs = 10_000,
  ) {}

  signedParams(phone: string, options: SmsSendOptions): Record<string, string> {
    if (!options.providerTemplateId) {
      throw new SmsProviderError(`template ${options.templateCode} has no provider template id`);
    }
    const params: Record<string, string> = {
      AccessKeyId: this.provider.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: phone,
      SignName: this.provider.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: options.providerTemplateId,
      TemplateParam: JSON.stringify(options.params),
      Timestamp: this.clock()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    params.Signature = signParams('POST', params, this.provider.accessKeySecret);
    return params;
  }

  async send(phone: string, _text: string, options: SmsSendOptions): Promise<string> {
    const response = await fetch(this.provider.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(this.signedParams(phone, options)).toString(),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const answer = (await response.json().catch(() => null)) as {
      Code?: unknown;
      Message?: unknown;
      BizId?: unknown;
    } | null;
    if (!response.ok || answer?.Code !== 'OK') {
      const code = typeof answer?.Code === 'string' ? answer.Code : 'no answer';
      throw new SmsProviderError(`SMS provider answered ${response.status} ${code.slice(0, 60)}`);
    }
    return typeof answer.BizId === 'string' ? answer.BizId : '';
  }
}

export function gatewayFor(provider: SmsProviderConfig | null, clock: () => Date): SmsGateway {
  return provider ? new HttpSmsGateway(provider, clock) : new LocalSmsGateway();
}
