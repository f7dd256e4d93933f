import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { sharedSerializerCompiler } from './serializers.ts';

const errorBody = () => ({
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
});

describe('shared response serializers', () => {
  it('compiles equal schemas once, even as distinct objects, and different ones apart', () => {
    const compile = sharedSerializerCompiler();
    const first = compile({ schema: errorBody() });
    expect(compile({ schema: errorBody() })).toBe(first);
    const other = compile({ schema: { type: 'object', properties: { id: { type: 'integer' } } } });
    expect(other).not.toBe(first);
    expect(other({ id: 7 })).toBe('{"id":7}');
  });

  it('answers each route through its own schema: fields the schema does not name never leave', async () => {
    const app = Fastify();
    app.setSerializerCompiler(sharedSerializerCompiler());
    const person = { type: 'object', properties: { name: { type: 'string' } } };
    for (const url of ['/a', '/b'])
      app.get(url, { schema: { response: { 200: person, 404: errorBody() } } }, async (request, reply) =>
        request.url === '/a'
          ? { name: '张三', idNumber: '370702199001011234' }
          : reply.code(404).send({ error: { code: 'NOT_FOUND', message: '未找到', stack: 'at x' } }),
      );
    const a = await app.inject('/a');
    expect(a.json()).toEqual({ name: '张三' });
    const b = await app.inject('/b');
    expect(b.statusCode).toBe(404);
    expect(b.json()).toEqual({ error: { code: 'NOT_FOUND', message: '未找到' } });
    await app.close();
  });
});
