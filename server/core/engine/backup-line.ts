/**
 * @module While the route is on the backup channel (main unanswered, `escalation/routing.ts`), off-hours replies
 * (the `offHoursKinds` template kinds) carry one more line naming the backup channel and its link, until the
 * main channel answers again. The template itself is untouched: a copy with the line appended is sent.
 */
import type { Tx } from '../ports/unit-of-work';
import { channelOfRouteIn, routeStateIn } from '../escalation/routing';
import type { Template } from '../../../shared/templates/index';

export async function withBackupLine(tx: Tx, template: Template, offHoursKinds: readonly string[]): Promise<Template> {
  if (!offHoursKinds.includes(template.kind)) return template;
  const route = await routeStateIn(tx);
  if (route.active !== 'backup') return template; // the usual case: no channel to look up
  const channel = await channelOfRouteIn(tx, route);
  if (channel?.role !== 'backup' || !channel.url) return template;
  const line = `主渠道暂时无人响应，也可以通过「${channel.name}」联系我们：${channel.url}`;
  return template.msgtype === 'text'
    ? { ...template, body: `${template.body}\n${line}` }
    : { ...template, tail_content: template.tail_content ? `${template.tail_content}\n${line}` : line };
}
