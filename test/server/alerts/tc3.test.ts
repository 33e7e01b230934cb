import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { signTc3 } from '../../../server/core/alerts/tc3';
import { TencentSmsNotifier, createSmsNotifier } from '../../../server/core/alerts/sms';
import { ManualClock } from '../../../server/app/clock';

// Tencent Cloud "Signature v3" documentation example (CVM DescribeInstances, 2019-02-25).
const DOC_PAYLOAD = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';

describe('TC3-HMAC-SHA256 signing', () => {
  it('reproduces the published example vector step by step', () => {
    const s = signTc3({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE', secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm', host: 'cvm.tencentcloudapi.com', timestamp: 1551113065, payload: DOC_PAYLOAD,
    });
    expect(createHash('sha256').update(DOC_PAYLOAD).digest('hex')).toBe('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064');
    expect(s.date).toBe('2019-02-25');
    expect(s.stringToSign).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(s.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(s.authorization).toBe('TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });

  it('uses the UTC date of the timestamp (00:44 Beijing time is still the previous day)', () => {
    expect(signTc3({ secretId: 'a', secretKey: 'b', service: 'sms', host: 'sms.tencentcloudapi.com', timestamp: 1551113065, payload: '{}' }).date).toBe('2019-02-25');
  });
});

describe('Tencent Cloud SMS notifier', () => {
  it('is disabled unless fully configured', () => {
    const clock = new ManualClock(0);
    expect(createSmsNotifier(undefined, clock)).toBeNull();
    expect(createSmsNotifier({ secretId: 'id', secretKey: 'k' }, clock)).toBeNull();
    expect(createSmsNotifier({ secretId: 'id', secretKey: 'k', sdkAppId: '1400000000', signName: '月移', templateId: '1' }, clock)).toBeInstanceOf(TencentSmsNotifier);
  });

  it('sends a signed SendSms request and surfaces provider errors', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    let answer: unknown = { Response: { SendStatusSet: [{ Code: 'Ok', Message: 'send success' }], RequestId: 'r1' } };
    const fake = (async (url: string, init: RequestInit) => { seen.push({ url, init }); return new Response(JSON.stringify(answer)); }) as unknown as typeof fetch;
    const n = new TencentSmsNotifier({ secretId: 'AKIDtest', secretKey: 'key', sdkAppId: '1400000000', signName: '月移', templateId: '123', region: 'ap-guangzhou' }, new ManualClock(1551113065_000), fake);
    await n.send({ phone: '+8613800000000', params: ['小明'] });
    const h = seen[0]!.init.headers as Record<string, string>;
    expect(h['X-TC-Action']).toBe('SendSms');
    expect(h['X-TC-Timestamp']).toBe('1551113065');
    expect(h.Authorization).toMatch(/^TC3-HMAC-SHA256 Credential=AKIDtest\/2019-02-25\/sms\/tc3_request, SignedHeaders=content-type;host, Signature=[0-9a-f]{64}$/);
    expect(JSON.parse(seen[0]!.init.body as string)).toMatchObject({ PhoneNumberSet: ['+8613800000000'], TemplateParamSet: ['小明'], SmsSdkAppId: '1400000000' });
    answer = { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'bad signature' } } };
    await expect(n.send({ phone: '+8613800000000', params: [] })).rejects.toThrow(/AuthFailure.SignatureFailure/);
  });
});
