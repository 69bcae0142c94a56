import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { sendPage, wantsJson, type DeskSite } from './context.js';
import { BareLayout } from './layout.js';

const TITLES: Record<number, string> = {
  400: '请求有误',
  401: '请先登录',
  403: '没有权限',
  404: '找不到这个页面',
  409: '操作冲突',
  412: '内容已被别人修改',
  413: '内容太大',
  415: '格式不支持',
  422: '无法保存',
  429: '操作太频繁',
  503: '暂时无法处理',
};

function ErrorPage({ site, status, message }: { site: DeskSite; status: number; message: string }) {
  return (
    <BareLayout siteName={site.name} title={TITLES[status] ?? '出错了'}>
      <div class="card">
        <p>{message}</p>
        <p>
          <a href="/desk">回到编辑部首页</a>
        </p>
      </div>
    </BareLayout>
  );
}

/**
 * Errors on the desk: a page load or form post gets a page in the desk's words; a script's
 * request gets the service's problem details (the parent handler), as the API answers.
 */
export function deskErrors(app: FastifyInstance, site: DeskSite): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (wantsJson(request)) throw error;
    const known = error instanceof AppError;
    const status = known ? error.status : (error.statusCode ?? 500);
    if (status >= 500 || (!known && status < 400)) throw error;
    if (known) for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    const message = known ? error.message : (TITLES[status] ?? '请求有误');
    return sendPage(reply, <ErrorPage site={site} status={status} message={message} />, status);
  });
  app.setNotFoundHandler((request, reply) => {
    if (wantsJson(request)) return reply.code(404).type('application/problem+json').send({ type: 'urn:newsroom:problem:not-found', title: 'Not found', status: 404, detail: `No ${request.method} ${request.url.split('?')[0]}` });
    return sendPage(reply, <ErrorPage site={site} status={404} message="地址可能写错了，或者内容已被删除。" />, 404);
  });
}
