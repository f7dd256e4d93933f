// The pure parts of SMS: template placeholders, the providers' request signature, TD replies.
import { describe, expect, it } from 'vitest';
import {
  SMS_TEMPLATE_CODES,
  hasStrayBrace,
  placeholdersOf,
  renderTemplate,
  unknownPlaceholders,
} from '../../../common/sms-templates.ts';
import { canonicalQuery, percentEncode, signParams, stringToSign, verifySignedParams } from './sms-signature.ts';
import { isStopWord, normalisePhone } from './opt-out.ts';
import { chinaTime } from './sms-channel.ts';

describe('SMS templates', () => {
  it('finds the placeholders a text uses and refuses the ones its template cannot fill', () => {
    expect(placeholdersOf('编号{number}，查询码{trackingCode}，再次{number}')).toEqual(['number', 'trackingCode']);
    expect(unknownPlaceholders('case_received', '编号{number}，查询码{trackingCode}')).toEqual([]);
    expect(unknownPlaceholders('case_received', '编号{number}，电话{phone}')).toEqual(['phone']);
    expect(unknownPlaceholders('login_code', '验证码{code}{ code }')).toEqual([' code ']);
    expect(hasStrayBrace('编号{number')).toBe(true);
    expect(hasStrayBrace('编号number}')).toBe(true);
    expect(hasStrayBrace('编号{number}')).toBe(false);
    expect(SMS_TEMPLATE_CODES).toContain('mediation_session_scheduled');
  });

  it('fills the placeholders it has values for and leaves the others visible', () => {
    expect(renderTemplate('验证码{code}，5分钟内有效。', { code: '123456' })).toBe('验证码123456，5分钟内有效。');
    expect(renderTemplate('{a}{b}', { a: 'x' })).toBe('x{b}');
  });
});

describe('the providers’ RPC signature', () => {
  it('encodes as RFC 3986 asks (space %20, * %2A, ~ kept)', () => {
    expect(percentEncode('a b*c~d/é')).toBe('a%20b%2Ac~d%2F%C3%A9');
  });

  // The worked example of Aliyun's "signature version 1.0" documentation (dysmsapi SendSms).
  it('signs the documented example as the provider does', () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(canonicalQuery(params).startsWith('AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123')).toBe(true);
    expect(stringToSign('POST', params).startsWith('POST&%2F&AccessKeyId%3DtestId')).toBe(true);
    expect(signParams('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('verifies a signature over every parameter but Signature, and refuses any change', () => {
    const params: Record<string, string> = {
      PhoneNumber: '13800001111',
      Content: 'TD',
      Timestamp: 't',
      SignatureNonce: 'n',
    };
    params.Signature = signParams('POST', params, 'secret');
    expect(verifySignedParams('POST', params, 'secret')).toBe(true);
    expect(verifySignedParams('POST', { ...params, Content: 'td' }, 'secret')).toBe(false);
    expect(verifySignedParams('POST', params, 'other')).toBe(false);
    expect(verifySignedParams('POST', { ...params, Signature: '' }, 'secret')).toBe(false);
  });
});

describe('TD replies', () => {
  it('takes TD or 退订 alone, trimmed, in any case', () => {
    for (const yes of ['TD', 'td', ' Td ', '退订', '\n退订 ']) expect(isStopWord(yes), yes).toBe(true);
    for (const no of ['T D', '请退订', 'TDX', '', '好的']) expect(isStopWord(no), no).toBe(false);
  });

  it('reads a mainland number however the provider writes it', () => {
    expect(normalisePhone('+86 138 0000 1111')).toBe('13800001111');
    expect(normalisePhone('8613800001111')).toBe('13800001111');
    expect(normalisePhone('13800001111')).toBe('13800001111');
  });

  it('writes times in China Standard Time', () => {
    expect(chinaTime('2026-12-10T01:30:00.000Z')).toBe('2026年12月10日 09:30');
  });
});
