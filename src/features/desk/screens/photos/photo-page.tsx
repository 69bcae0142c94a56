import { chineseDateTime } from '../../../../lib/chinese-dates.js';
import type { Photo } from '../../../photos/schemas.js';
import type { Desk } from '../../context.js';
import type { FieldMessages } from '../../forms.js';
import { Csrf, DeskLayout, FieldError, FormError } from '../../layout.js';
import { STATUS_NAMES } from '../../words.js';
import { FocalPicture } from './focal-picture.js';
import { renditionUrl, type PhotoFormValues } from './photo-values.js';
import type { StoryTarget } from './story-target.js';

export interface PhotoUse {
  id: number;
  headline: string;
  status: keyof typeof STATUS_NAMES;
}

export interface PhotoPageProps {
  desk: Desk;
  photo: Photo;
  values: PhotoFormValues;
  /** The version the form saves against. */
  version: number;
  messages: FieldMessages;
  usedIn: PhotoUse[];
  /** The story the library was opened for, when this user may give it a lead photo. */
  story: StoryTarget | null;
  /** A stale save: nothing was saved; the fields someone else changed meanwhile. */
  conflict?: { fields: string[]; by: string | null; at: string };
}

const fileSize = (bytes: number) => (bytes < 1_048_576 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`);

const described = (name: string, messages: FieldMessages, hint?: string) => {
  const ids = [hint, messages[name] ? `${name}-error` : undefined].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': messages[name] ? ('true' as const) : undefined };
};

function Text({ name, label, value, messages, maxLength, hint, long }: { name: keyof PhotoFormValues; label: string; value: string; messages: FieldMessages; maxLength: number; hint?: string; long?: boolean }) {
  return (
    <div class={`field field-${name}`}>
      <label for={name}>{label}</label>
      {long ? (
        <textarea id={name} name={name} rows={3} maxLength={maxLength} class="short" value={`\n${value}`} {...described(name, messages, hint && `${name}-hint`)} />
      ) : (
        <input id={name} name={name} type="text" value={value} maxLength={maxLength} autocomplete="off" {...described(name, messages, hint && `${name}-hint`)} />
      )}
      {hint && (
        <p class="hint" id={`${name}-hint`}>
          {hint}
        </p>
      )}
      <FieldError name={name} messages={messages} />
    </div>
  );
}

/** The photo's fields: caption, alt text, photographer, credit, copyright and the focal point as two numbers. */
function PhotoForm({ desk, photo, values, version, messages, conflict, story }: Pick<PhotoPageProps, 'desk' | 'photo' | 'values' | 'version' | 'messages' | 'conflict' | 'story'>) {
  return (
    <form method="post" action={`/desk/photos/${photo.id}${story ? `?for=story-${story.id}` : ''}`} class="card photo-form" id="photo-form">
      <Csrf desk={desk} />
      <input type="hidden" name="version" value={String(version)} />
      {conflict && (
        <div class="form-error conflict-note" role="alert">
          <p>
            <strong>没有保存：</strong>
            {conflict.by ?? '另一位同事'}于 {chineseDateTime(conflict.at, desk.site.timeZone)} 保存了新的版本
            {conflict.fields.length > 0 ? `，改了${conflict.fields.join('、')}` : ''}。
          </p>
          <p>你填的内容还在下面；再点“保存”会用你的内容替换对方的。要看对方的版本，请重新打开这一页。</p>
        </div>
      )}
      <FormError messages={messages} />
      <Text name="caption" label="说明" value={values.caption} messages={messages} maxLength={1000} long />
      <Text name="alt" label="替代文字" value={values.alt} messages={messages} maxLength={500} hint="写清画面里有什么，供读屏软件朗读。稿件发布前必须填写。" long />
      <div class="row">
        <Text name="byline" label="摄影" value={values.byline} messages={messages} maxLength={100} />
        <Text name="credit" label="来源" value={values.credit} messages={messages} maxLength={200} />
      </div>
      <Text name="copyright" label="版权" value={values.copyright} messages={messages} maxLength={300} />
      <fieldset class="focal-fields" {...described('focalPoint', messages, 'focal-hint')}>
        <legend>焦点</legend>
        <p class="hint" id="focal-hint">
          点击图片上的主体设定焦点；裁成横幅或方形时以它为中心。也可填 0 到 1 之间的数（从左上角算起）。
        </p>
        <div class="row">
          <div>
            <label for="focalX">横向</label>
            <input id="focalX" name="focalX" type="number" min="0" max="1" step="0.001" value={values.focalX} />
          </div>
          <div>
            <label for="focalY">纵向</label>
            <input id="focalY" name="focalY" type="number" min="0" max="1" step="0.001" value={values.focalY} />
          </div>
          <div class="shrink">
            <button type="button" id="focal-clear" hidden>
              清除焦点
            </button>
          </div>
        </div>
        <FieldError name="focalPoint" messages={messages} />
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="primary">
          保存
        </button>
        <span class="hint">
          第 {photo.version} 版 · {chineseDateTime(photo.updatedAt, desk.site.timeZone)} 保存
        </span>
      </div>
    </form>
  );
}

/** The 3:2 and 1:1 cuts around the focal point, as the site and the page will show them. */
function CropPreviews({ photo }: { photo: Photo }) {
  return (
    <section class="card crops" aria-labelledby="crops-title">
      <h2 id="crops-title">裁切预览</h2>
      <p class="hint">按已保存的焦点裁切；点击图片后这里随之变化，保存后生效。</p>
      <div class="crop-list">
        {(['3x2', '1x1'] as const).map((variant) => (
          <figure class={`crop crop-${variant}`} data-aspect={variant}>
            <div class="crop-frame">
              <img src={renditionUrl(photo.id, variant, 640)} alt="" data-full={renditionUrl(photo.id, 'full', 640)} loading="lazy" />
            </div>
            <figcaption>{variant === '3x2' ? '横幅 3:2' : '方形 1:1'}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}

function UsedIn({ usedIn }: { usedIn: PhotoUse[] }) {
  return (
    <section class="card" aria-labelledby="used-title">
      <h2 id="used-title">使用这张图片的稿件</h2>
      {usedIn.length === 0 ? (
        <p class="hint">还没有稿件使用它。</p>
      ) : (
        <ul class="used-in">
          {usedIn.map((story) => (
            <li>
              <a href={`/desk/stories/${story.id}`}>{story.headline}</a> <span class={`state state-${story.status}`}>{STATUS_NAMES[story.status]}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The photo's page: the picture with its focal point, the form, the crops, the stories using it. */
export function PhotoPage(props: PhotoPageProps) {
  const { desk, photo, story } = props;
  const title = props.values.caption.trim() ? `图片 ${photo.id}` : `图片 ${photo.id}（无说明）`;
  const back = story ? `/desk/photos?for=story-${story.id}` : '/desk/photos';
  const actions = (
    <>
      {story && <UseAsLead desk={desk} story={story} photoId={photo.id} />}
      <a href={back}>返回图片库</a>
    </>
  );
  return (
    <DeskLayout desk={desk} title={title} actions={actions} scripts={['photos.js']} styles={['photos.css']} wide>
      {story && (
        <p class="for-story">
          正在为稿件《<a href={`/desk/stories/${story.id}`}>{story.headline}</a>》选图。
        </p>
      )}
      <div class="photo-grid">
        <div class="photo-picture">
          <FocalPicture photo={photo} alt={photo.alt ?? ''} target="focal" />
          <p class="hint photo-facts">
            {photo.width} × {photo.height} 像素 · {photo.format.toUpperCase()} · {fileSize(photo.bytes)}
            {photo.takenAt && ` · 拍摄于 ${chineseDateTime(photo.takenAt, desk.site.timeZone)}`} · 上传于 {chineseDateTime(photo.createdAt, desk.site.timeZone)}
          </p>
          {!photo.alt && <p class="warning">这张图片还没有替代文字：使用它的稿件在填写之前不能发布。</p>}
        </div>
        <div class="photo-side">
          <PhotoForm {...props} />
          <UsedIn usedIn={props.usedIn} />
        </div>
        <CropPreviews photo={photo} />
      </div>
    </DeskLayout>
  );
}

/** "Use as the lead photo" of the story the library was opened for. */
export function UseAsLead({ desk, story, photoId, label = '设为题图' }: { desk: Desk; story: StoryTarget; photoId: number; label?: string }) {
  return (
    <form method="post" action={`/desk/stories/${story.id}/lead-photo`} class="inline use-lead">
      <Csrf desk={desk} />
      <input type="hidden" name="photoId" value={String(photoId)} />
      <input type="hidden" name="version" value={String(story.version)} />
      <button type="submit" class="primary" disabled={story.leadPhotoId === photoId}>
        {story.leadPhotoId === photoId ? '已是题图' : label}
      </button>
    </form>
  );
}
