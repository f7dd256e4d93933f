import { describe, expect, it } from 'vitest';
import { fieldsOf, fullName, readAttributes, readReport, describeAnswers } from './request-input.ts';
import { Open311Error } from './open311-http.ts';
import { SERVICE_EXTRAS } from './service-attributes.ts';
import type { CatalogueEntry } from './service-catalogue.ts';

const noise: CatalogueEntry = {
  kind: 'complaint',
  attributes: SERVICE_EXTRAS['CMP.NOISE']!.attributes!,
  service: {
    service_code: 'CMP.NOISE',
    service_name: '噪音扰民',
    description: '',
    metadata: true,
    type: 'realtime',
    keywords: '',
    group: '投诉',
  },
};

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof Open311Error) return `${error.status} ${error.description}`;
    throw error;
  }
  return 'accepted';
};

describe('reading a GeoReport POST', () => {
  it('reads a form and a JSON body alike', () => {
    const form = fieldsOf({ service_code: 'CMP.NOISE', lat: '36.7', long: '119.1', 'attribute[noise_time]': 'night' });
    const json = fieldsOf({ service_code: 'CMP.NOISE', lat: 36.7, long: 119.1, attribute: { noise_time: 'night' } });
    expect(json).toEqual(form);
    expect(readReport(form).location).toEqual({ lat: 36.7, lng: 119.1 });
  });

  it('wants a service code and a location', () => {
    expect(refusal(() => readReport(fieldsOf({ lat: '1', long: '2' })))).toMatch(/^400 service_code/);
    expect(refusal(() => readReport(fieldsOf({ service_code: 'X' })))).toMatch(
      /^400 lat\/long: a location is required/,
    );
    expect(refusal(() => readReport(fieldsOf({ service_code: 'X', lat: '36.7' })))).toMatch(/^400 lat\/long/);
    expect(refusal(() => readReport(fieldsOf({ service_code: 'X', address_id: '7' })))).toMatch(/address_id/);
    expect(readReport(fieldsOf({ service_code: 'X', address_string: '城关街道' })).address).toBe('城关街道');
  });

  it('refuses coordinates that are not decimal degrees in range', () => {
    for (const lat of ['91', '-90.5', 'NaN', '1e3', '0x10', '', ' ', '36,7', 'Infinity']) {
      const outcome = refusal(() => readReport(fieldsOf({ service_code: 'X', lat, long: '119' })));
      expect(outcome, lat).toMatch(/^400 /);
    }
  });

  it('limits the description to 4,000 characters, counted as characters', () => {
    expect(
      readReport(fieldsOf({ service_code: 'X', address_string: 'a', description: '😀'.repeat(4000) })).description,
    ).toHaveLength(8000);
    expect(
      refusal(() => readReport(fieldsOf({ service_code: 'X', address_string: 'a', description: 'a'.repeat(4001) }))),
    ).toMatch(/^400 description/);
  });

  it('takes media URLs over http(s) only', () => {
    expect(
      refusal(() => readReport(fieldsOf({ service_code: 'X', address_string: 'a', media_url: 'javascript:alert(1)' }))),
    ).toMatch(/^400 media_url/);
    expect(
      readReport(fieldsOf({ service_code: 'X', address_string: 'a', media_url: 'https://example.org/a.jpg' })).mediaUrl,
    ).toBe('https://example.org/a.jpg');
  });

  it('names people in their script’s order', () => {
    expect(fullName('三', '张')).toBe('张三');
    expect(fullName('Ann', 'Lee')).toBe('Ann Lee');
    expect(fullName(undefined, undefined)).toBeUndefined();
  });

  it('checks attribute answers against the service definition', () => {
    expect(refusal(() => readAttributes(fieldsOf({}), noise))).toBe(
      '400 attribute[noise_time]: required for this service',
    );
    expect(refusal(() => readAttributes(fieldsOf({ 'attribute[noise_time]': 'noon' }), noise))).toMatch(/not one of/);
    expect(
      refusal(() => readAttributes(fieldsOf({ 'attribute[noise_time]': 'day', 'attribute[colour]': 'red' }), noise)),
    ).toMatch(/not an attribute of service CMP.NOISE/);
    const answers = readAttributes(
      fieldsOf({ 'attribute[noise_time]': 'night', 'attribute[noise_days][]': ['weekday', 'weekend'] }),
      noise,
    );
    expect(answers).toEqual({ noise_time: 'night', noise_days: ['weekday', 'weekend'] });
    expect(describeAnswers(noise, answers)).toContain('夜间');
  });
});
