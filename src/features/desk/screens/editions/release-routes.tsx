import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import { scheduleTime } from '../../../../publishing/status.js';
import { EditionParams, ReleaseBody, type Plan } from '../../../editions/schemas.js';
import { actorOf, deskOf, redirectWith, sendPage } from '../../context.js';
import { checkForm, field, type FieldMessages } from '../../forms.js';
import type { ScreenOptions } from '../options.js';
import { correctable, releaseProblem } from './problems.js';
import { defaultReleaseTime, fromLocalInput } from './release-time.js';
import { ReleasePage } from './release-view.js';
import { formVersion, refusedStatus } from './show.js';

const editors = { roles: ['editor', 'admin'] } as const;

/** The release of an edition: what goes out at a time and what does not, then the release itself through the releases service. */
export const releaseRoutes: FastifyPluginAsync<ScreenOptions> = async (app, { services, site }) => {
  const { planner, releases } = services;
  const tz = site.timeZone;

  /** The release form for `at` (as typed): its time read as the release will read it, and what goes out then. */
  async function show(request: FastifyRequest, reply: FastifyReply, date: string, at: string, status: number, given: FieldMessages = {}) {
    const plan: Plan = await planner.plan(date, request.log);
    const iso = fromLocalInput(at, tz);
    let instant: Date | null = null;
    let messages = given;
    if (iso !== undefined) {
      try {
        instant = scheduleTime(iso, { pointer: '/at', timeZone: tz, ifPast: 'leave it blank to release now' });
      } catch (error) {
        const refused = correctable(error);
        if (!refused) throw error;
        messages = { ...releaseProblem(refused), ...given };
      }
    }
    return sendPage(reply, <ReleasePage desk={deskOf(request, site)} plan={plan} at={at} instant={instant} messages={messages} />, status);
  }

  app.get('/editions/:date/release', { config: editors, schema: { hide: true, params: EditionParams } }, async (request, reply) => {
    const { date } = request.params as EditionParams;
    const query = request.query as Record<string, unknown>;
    const typed = typeof query.at === 'string' ? query.at.slice(0, 64) : undefined;
    const at = typed ?? defaultReleaseTime(await services.editions.get(date), tz, Date.now());
    return show(request, reply, date, at, 200);
  });

  app.post('/editions/:date/release', { config: editors, schema: { hide: true, params: EditionParams } }, async (request, reply) => {
    const { date } = request.params as EditionParams;
    const at = (field(request.body, 'at') ?? '').slice(0, 64);
    const version = formVersion(request.body);
    let result;
    try {
      const iso = fromLocalInput(at, tz);
      const body = checkForm(ReleaseBody, { ...(iso !== undefined && { at: iso }), ...(field(request.body, 'force') === 'true' && { force: true }) });
      result = await releases.release(actorOf(request), date, version, body);
    } catch (error) {
      const refused = correctable(error);
      if (!refused) throw error;
      return show(request, reply, date, at, refusedStatus(refused), releaseProblem(refused));
    }
    const going = result.scheduled.length + result.kept.length + result.published.length;
    const skipped = result.skipped.length ? `，跳过 ${result.skipped.length} 条未就绪的内容` : '';
    return redirectWith(reply, `/desk/editions/${date}`, `本期已发布：${going} 条内容，${chineseDateTime(result.releaseAt, tz)} 公开${skipped}`);
  });
};
