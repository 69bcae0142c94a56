import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Photo } from '../../../photos/schemas.js';
import type { Desk } from '../../context.js';
import { Csrf, DeskLayout } from '../../layout.js';
import { UseAsLead } from './photo-page.js';
import { renditionUrl } from './photo-values.js';
import type { StoryTarget } from './story-target.js';

export interface LibraryProps {
  desk: Desk;
  photos: Photo[];
  nextCursor: string | null;
  photographers: { id: number; name: string }[];
  /** The photographer the list is filtered by. */
  photographer: number | null;
  story: StoryTarget | null;
  /** Whether this is a later page (a cursor was given). */
  paged: boolean;
  /** An upload that was refused, in the desk's words. */
  uploadError?: string;
}

/** The photos a file picker offers (the service reads the format from the bytes whatever this says). */
export const ACCEPTED = 'image/jpeg,image/png,image/webp';

const query = (params: Record<string, string | number | null | undefined>) => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};

function Upload({ desk, story, error }: { desk: Desk; story: StoryTarget | null; error?: string }) {
  return (
    <form method="post" action="/desk/photos" enctype="multipart/form-data" class="card upload-form">
      <Csrf desk={desk} />
      {story && <input type="hidden" name="for" value={`story-${story.id}`} />}
      <label for="photo-file">上传图片</label>
      <div class="row">
        <input id="photo-file" name="file" type="file" accept={ACCEPTED} required aria-describedby={error ? 'photo-file-hint photo-file-error' : 'photo-file-hint'} aria-invalid={error ? 'true' : undefined} />
        <button type="submit" class="shrink">
          上传
        </button>
      </div>
      <p class="hint" id="photo-file-hint">
        JPEG、PNG 或 WebP。说明、摄影、来源和版权会从文件自带的信息中读出，上传后可修改。
      </p>
      {error && (
        <p class="field-error" id="photo-file-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Tile({ desk, photo, story }: { desk: Desk; photo: Photo; story: StoryTarget | null }) {
  const href = `/desk/photos/${photo.id}${story ? `?for=story-${story.id}` : ''}`;
  return (
    <li class="tile">
      <a href={href} class="tile-link">
        <span class="tile-frame">
          <img src={renditionUrl(photo.id, 'full', 320)} alt="" width={photo.width} height={photo.height} loading="lazy" />
        </span>
        <span class="tile-caption">{photo.caption?.trim() || `图片 ${photo.id}（无说明）`}</span>
      </a>
      <p class="tile-meta">
        {photo.byline ? `${photo.byline.name} 摄` : '摄影未填'} · {photo.width}×{photo.height}
        <br />
        <span class="keep">{chineseDateTime(photo.createdAt, desk.site.timeZone)}</span>
        {!photo.alt && <span class="tag tag-warn">缺替代文字</span>}
      </p>
      {story && <UseAsLead desk={desk} story={story} photoId={photo.id} />}
    </li>
  );
}

/** The photo library: upload, the photographer filter, the pictures newest first, and paging. */
export function LibraryPage({ desk, photos, nextCursor, photographers, photographer, story, paged, uploadError }: LibraryProps) {
  const forStory = story ? `story-${story.id}` : null;
  return (
    <DeskLayout desk={desk} title="图片库" styles={['photos.css']} wide actions={story && <a href={`/desk/stories/${story.id}`}>返回稿件</a>}>
      {story && (
        <p class="for-story">
          为稿件《<a href={`/desk/stories/${story.id}`}>{story.headline}</a>》选择题图：点“设为题图”，或打开图片修改说明后再设。
        </p>
      )}
      <Upload desk={desk} story={story} error={uploadError} />
      <form method="get" action="/desk/photos" class="filters" role="search" aria-label="筛选图片">
        {forStory && <input type="hidden" name="for" value={forStory} />}
        <div>
          <label for="photographer">摄影</label>
          <select id="photographer" name="photographer">
            <option value="">全部摄影</option>
            {photographers.map((p) => (
              <option value={String(p.id)} selected={p.id === photographer}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">筛选</button>
      </form>
      {photos.length === 0 ? (
        <p class="card">{photographer ? '这位摄影还没有图片。' : '图片库还是空的：上传第一张吧。'}</p>
      ) : (
        <ul class="tiles" aria-label="图片，最新的在前">
          {photos.map((photo) => (
            <Tile desk={desk} photo={photo} story={story} />
          ))}
        </ul>
      )}
      <nav class="pager" aria-label="翻页">
        {nextCursor && <a href={`/desk/photos${query({ photographer, for: forStory, cursor: nextCursor })}`}>更早的图片</a>}
        {paged && <a href={`/desk/photos${query({ photographer, for: forStory })}`}>最新的图片</a>}
      </nav>
    </DeskLayout>
  );
}
