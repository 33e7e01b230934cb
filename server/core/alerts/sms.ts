/**
 * @module SMS notifier interface and the Tencent Cloud SMS adapter (API 2021-01-11 `SendSms`, signed with
 * TC3-HMAC-SHA256). Disabled (null) unless all TENCENT_SMS_* settings are configured.
 */
import type { Clock } from '../../app/clock';
import { signTc3 } from './tc3';

export interface SmsMessage { phone: string; params: string[] }
export interface SmsNotifier { send(msg: SmsMessage): Promise<void> }

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  region: string;
  endpoint?: string;
}

export class TencentSmsNotifier implements SmsNotifier {
  private readonly host: string;
  constructor(private readonly c: TencentSmsConfig, private readonly clock: Clock, private readonly fetchImpl: typeof fetch = fetch) {
    this.host = new URL(c.endpoint ?? 'https://sms.tencentcloudapi.com').host;
  }

  /** The signed request (exposed for tests). */
  request(msg: SmsMessage): { url: string; init: RequestInit } {
    const payload = JSON.stringify({
      PhoneNumberSet: [msg.phone], SmsSdkAppId: this.c.sdkAppId, SignName: this.c.signName,
      TemplateId: this.c.templateId, TemplateParamSet: msg.params,
    });
    const timestamp = Math.floor(this.clock.now() / 1000);
    const s = signTc3({ secretId: this.c.secretId, secretKey: this.c.secretKey, service: 'sms', host: this.host, timestamp, payload });
    return {
      url: this.c.endpoint ?? `https://${this.host}/`,
      init: {
        method: 'POST', body: payload,
        headers: {
          Authorization: s.authorization, 'Content-Type': 'application/json; charset=utf-8', Host: this.host,
          'X-TC-Action': 'SendSms', 'X-TC-Version': '2021-01-11', 'X-TC-Timestamp': String(timestamp), 'X-TC-Region': this.c.region,
        },
      },
    };
  }

  async send(msg: SmsMessage): Promise<void> {
    const { url, init } = this.request(msg);
    const res = await this.fetchImpl(url, init);
    const body = (await res.json()) as { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { Code: string; Message: string }[] } };
    const err = body.Response?.Error ?? body.Response?.SendStatusSet?.find((x) => x.Code !== 'Ok');
    if (!res.ok || err) throw new Error(`tencent sms: ${err?.Code ?? res.status} ${err?.Message ?? ''}`);
  }
}

export function createSmsNotifier(c: Partial<TencentSmsConfig> | undefined, clock: Clock): SmsNotifier | null {
  if (!c?.secretId || !c.secretKey || !c.sdkAppId || !c.signName || !c.templateId) return null;
  return new TencentSmsNotifier({ ...c, region: c.region ?? 'ap-guangzhou' } as TencentSmsConfig, clock);
}
