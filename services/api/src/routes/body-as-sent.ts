import type { TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { preValidationHookHandler } from 'fastify';
import { gotText, ProblemError, problem } from '../plugins/problems.js';

/**
 * A preValidation hook that checks the properties of a JSON body against its schema as sent.
 * Validation coerces types (query strings need it: app.ts), so it would take `true` or `0` for a
 * string; a body is JSON and keeps its types, so a property of the wrong type is a 400 here, in the
 * words validation uses. The rest (a missing or unknown property, a body that is no object) is left
 * to validation.
 */
export function bodyAsSent(schema: TObject): preValidationHookHandler {
  return (request, _reply, done) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return done();
    for (const [name, property] of Object.entries(schema.properties)) {
      const value = (body as Record<string, unknown>)[name];
      if (value === undefined || Value.Check(property, value)) continue;
      const form = property.description ? `must be ${property.description}` : 'is invalid';
      return done(new ProblemError(problem('invalid-request', `body/${name} ${form}${gotText(value)}`)));
    }
    done();
  };
}
