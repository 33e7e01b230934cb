/**
 * @module `/api/sidebar/messages/:msgid/intent` (signed-in agents): an agent corrects the intent of a
 * customer message in a conversation they may see (the route table checks the msgid: their accounts' or the
 * conversations they serve; admins: any).
 * The answer comes at once; the retrain including the correction follows in-process (debounced).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { CoreDeps } from '../../app/deps';
import type { AuthedEnv } from '../session';
import { validate } from '../validate';
import { IntentId } from '../../../shared/domain/vocabulary';
import { correctIntent } from '../../core/intent/correct-intent';
import type { IntentLearning } from '../../core/intent/learning';

export function sidebarIntentRoutes(d: CoreDeps & { learning: IntentLearning }) {
  return new Hono<AuthedEnv>()
    .post('/:msgid/intent',
      validate('param', z.object({ msgid: z.string().min(1).max(128) })),
      validate('json', z.object({ intent: IntentId })),
      async (c) => {
        const { correction, message } = await correctIntent({
          ctx: d,
          input: { msgid: c.req.valid('param').msgid, intent: c.req.valid('json').intent, by: c.get('userid') },
        });
        return c.json({ correction, message, retrain: 'scheduled' as const, modelVersion: d.intent.version });
      });
}
