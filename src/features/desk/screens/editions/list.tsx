import type { FastifyPluginAsync } from 'fastify';
import { addDays, todayIn } from '../../../../lib/time.js';
import { CreateEditionBody, ListEditionsQuery, type EditionSummary } from '../../../editions/schemas.js';
import { actorOf, deskOf, redirectWith, sendPage, type Desk } from '../../context.js';
import { checkForm, field, numberField, optionalField, type FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FieldError, FormError } from '../../layout.js';
import type { ScreenOptions } from '../options.js';
import { correctable, editionProblem } from './problems.js';
import { editionDay, editionState } from './words.js';

const editors = { roles: ['editor', 'admin'] } as const;

interface NewEdition {
  date: string;
  issueNumber: string;
}

function EditionsPage({ desk, editions, nextCursor, input, messages }: { desk: Desk; editions: EditionSummary[]; nextCursor: string | null; input: NewEdition; messages: FieldMessages }) {
  const invalid = (name: string) => (messages[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-error` } : {});
  return (
    <DeskLayout desk={desk} title="版面" styles={['editions.css']}>
      <section class="card" aria-labelledby="new-edition-title">
        <h2 id="new-edition-title">新建一期</h2>
        <form method="post" action="/desk/editions" class="row new-edition">
          <Csrf desk={desk} />
          <FormError messages={messages} />
          <div>
            <label for="date">出版日期</label>
            <input id="date" name="date" type="date" value={input.date} required {...invalid('date')} />
            <FieldError name="date" messages={messages} />
          </div>
          <div>
            <label for="issueNumber">总期号</label>
            <input id="issueNumber" name="issueNumber" type="number" min={1} value={input.issueNumber} required {...invalid('issueNumber')} />
            <FieldError name="issueNumber" messages={messages} />
          </div>
          <div class="shrink">
            <button type="submit" class="primary">
              新建
            </button>
          </div>
        </form>
      </section>
      <section class="card" aria-labelledby="editions-title">
        <h2 id="editions-title">各期（新的在前）</h2>
        {editions.length === 0 ? (
          <p class="hint">还没有任何一期。</p>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">出版日期</th>
                <th scope="col" class="num">总期号</th>
                <th scope="col" class="num">版数</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {editions.map((e) => {
                const state = editionState(e, desk.site.timeZone);
                return (
                  <tr>
                    <td class="keep">
                      <a href={`/desk/editions/${e.date}`}>{editionDay(e.date)}</a>
                    </td>
                    <td class="num">第 {e.issueNumber} 期</td>
                    <td class="num">{e.pageCount}</td>
                    <td>
                      <span class={`edition-state edition-${state.key}`}>{state.name}</span>
                      {state.at && <span class="edition-at">{state.at}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {nextCursor && (
          <p class="pager">
            <a href={`/desk/editions?cursor=${encodeURIComponent(nextCursor)}`}>更早的各期</a>
          </p>
        )}
      </section>
    </DeskLayout>
  );
}

/** 版面: the list of editions and the form that starts a new one. */
export const editionListRoutes: FastifyPluginAsync<ScreenOptions> = async (app, { services, site }) => {
  const { editions } = services;

  /** The next edition as the form suggests it: the day after the latest (tomorrow at the earliest) and the next issue number. */
  async function suggestion(): Promise<NewEdition> {
    const tomorrow = addDays(todayIn(site.timeZone), 1);
    const [latest] = (await editions.list({ limit: 1 })).items;
    if (!latest) return { date: tomorrow, issueNumber: '' };
    const after = addDays(latest.date, 1);
    return { date: after > tomorrow ? after : tomorrow, issueNumber: String(latest.issueNumber + 1) };
  }

  async function show(desk: Desk, cursor: string | undefined, input: NewEdition | null, messages: FieldMessages) {
    const query = checkForm(ListEditionsQuery, cursor === undefined ? {} : { cursor });
    const page = await editions.list(query);
    return <EditionsPage desk={desk} editions={page.items} nextCursor={page.nextCursor} input={input ?? (await suggestion())} messages={messages} />;
  }

  app.get('/editions', { config: editors, schema: { hide: true } }, async (request, reply) => {
    const cursor = optionalField(request.query, 'cursor');
    return sendPage(reply, await show(deskOf(request, site), cursor, null, {}));
  });

  app.post('/editions', { config: editors, schema: { hide: true } }, async (request, reply) => {
    const input = { date: (field(request.body, 'date') ?? '').trim(), issueNumber: (field(request.body, 'issueNumber') ?? '').trim() };
    try {
      const body = checkForm(CreateEditionBody, { date: input.date, issueNumber: numberField(request.body, 'issueNumber') });
      const edition = await editions.create(actorOf(request), body);
      return await redirectWith(reply, `/desk/editions/${edition.date}`, `已新建 ${editionDay(edition.date)} 第 ${edition.issueNumber} 期：先添加版面`);
    } catch (error) {
      const refused = correctable(error);
      if (!refused) throw error;
      return sendPage(reply, await show(deskOf(request, site), undefined, input, editionProblem(refused)), refused.status === 409 ? 409 : 422);
    }
  });
};
