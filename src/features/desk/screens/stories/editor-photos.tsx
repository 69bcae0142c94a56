import type { Article } from '../../../articles/schemas.js';
import type { Photo } from '../../../photos/schemas.js';
import { FocalMark } from '../photos/focal-picture.js';
import { ACCEPTED } from '../photos/library-page.js';
import { renditionUrl } from '../photos/photo-values.js';
import type { StoryFields } from './story-fields.js';

/** The lead photo's picture and caption, as the story will lead with it. */
export function LeadFigure({ photo, caption }: { photo: Photo; caption: string }) {
  const shown = caption.trim() || photo.caption || '';
  return (
    <figure class="lead-figure">
      <a href={`/desk/photos/${photo.id}`}>
        <img src={renditionUrl(photo.id, '3x2', 640)} alt={photo.alt ?? `图片 ${photo.id}`} width={640} height={427} />
      </a>
      <figcaption>
        {shown || <span class="hint">（还没有说明）</span>}
        {photo.byline && <span class="credit">（{photo.byline.name} 摄）</span>}
        {!photo.alt && <span class="tag tag-warn">缺替代文字，发布前须在图片页填写</span>}
      </figcaption>
    </figure>
  );
}

/**
 * The story's pictures, inside the story form: the lead photo (its id a hidden field saved with
 * the story, its caption here), the photo slots a page import left, and the way to the library.
 * The script (`story-photos.js`) adds upload by file picker or drop, the photo's own fields
 * and focal point, "set as lead photo" and "insert in the body"; without it a photo is chosen
 * in the library.
 */
export function PhotosFieldset({ article, fields, leadPhoto }: { article: Article | null; fields: StoryFields; leadPhoto: Photo | null }) {
  const lead = fields.leadPhoto ?? '';
  const shown = leadPhoto && String(leadPhoto.id) === lead ? leadPhoto : null;
  const library = article ? `/desk/photos?for=story-${article.id}` : '/desk/photos';
  const slots = article?.photoSlots ?? [];
  return (
    <fieldset class="photos-panel" id="photos-panel" aria-describedby="photos-hint">
      <legend>图片</legend>
      <input type="hidden" name="leadPhoto" id="leadPhoto" value={lead} />
      <div id="lead-photo" class="lead-photo">
        <h3>题图</h3>
        {shown ? <LeadFigure photo={shown} caption={fields.leadCaption ?? ''} /> : lead ? <p>图片 {lead}</p> : <p class="hint" id="no-lead">还没有题图。</p>}
        <div class="lead-fields" hidden={!lead}>
          <label for="leadCaption">本稿的题图说明</label>
          <input id="leadCaption" name="leadCaption" type="text" value={fields.leadCaption ?? ''} maxLength={1000} autocomplete="off" aria-describedby="leadCaption-hint" />
          <p class="hint" id="leadCaption-hint">
            留空则用图片自己的说明。
          </p>
          <p class="remove-lead">
            <input type="checkbox" id="removeLead" name="removeLead" value="1" />
            <label for="removeLead" class="inline">
              保存时去掉题图
            </label>
            <button type="button" id="remove-lead" class="danger" hidden>
              移除题图
            </button>
          </p>
        </div>
      </div>
      {slots.length > 0 && (
        <div class="photo-slots">
          <h3>待配图（{slots.length}）</h3>
          <p class="hint">稿件里提到、还没有图片文件的照片。上传图片后可把说明用到图片上。</p>
          <ol id="photo-slots">
            {slots.map((slot, i) => (
              <li data-caption={slot.caption} data-byline={slot.byline ?? ''}>
                <span class="slot-state">等待图片</span> {slot.caption}
                {slot.byline && <span class="credit">（{slot.byline} 摄）</span>}
                <button type="button" class="slot-use" data-slot={String(i)} hidden>
                  用作图片说明
                </button>
              </li>
            ))}
          </ol>
        </div>
      )}
      <div class="photo-add">
        <div id="photo-drop" class="photo-drop" hidden>
          <label for="photo-upload">上传图片</label>
          <input type="file" id="photo-upload" accept={ACCEPTED} aria-describedby="photos-hint" />
          <p class="hint">也可以把图片文件拖到编辑区里。</p>
        </div>
        <p id="photos-hint" class="hint">
          <a href={library}>{article ? '从图片库选择题图' : '打开图片库'}</a>
          {article ? '：也可在那里上传，再点“设为题图”。' : '（新稿件保存后，可在图片库里为它选择题图）。'}正文中插入图片写作 ![说明](photo:编号)。
        </p>
        <p id="photo-status" class="photo-status" role="status" aria-live="polite" />
      </div>
      <PhotoEditor />
    </fieldset>
  );
}

/**
 * The uploaded photo's fields, filled by the script from the file's metadata: they have no
 * names (the story's save does not carry them), the script saves them to the photo.
 */
function PhotoEditor() {
  return (
    <div id="photo-editor" class="photo-editor" hidden>
      <h3 id="photo-editor-title">刚上传的图片</h3>
      {/* The picture is made from this template when a photo is shown: the page holds no image before. */}
      <template id="pe-picture">
        <div class="focal-picture" data-focal-target="pe-focal">
          <img id="pe-image" alt="" />
          <FocalMark width={100} height={100} x={50} y={50} set={false} />
        </div>
      </template>
      <p class="hint" id="pe-focal-hint">
        点击画面上的主体设定焦点，裁切时以它为中心。
      </p>
      <input type="hidden" id="pe-focal-x" />
      <input type="hidden" id="pe-focal-y" />
      <label for="pe-caption">说明</label>
      <textarea id="pe-caption" rows={2} maxLength={1000} class="short" />
      <label for="pe-alt">替代文字</label>
      <textarea id="pe-alt" rows={2} maxLength={500} class="short" aria-describedby="pe-alt-hint" />
      <p class="hint" id="pe-alt-hint">
        写清画面里有什么，供读屏软件朗读。稿件发布前必须填写。
      </p>
      <div class="row">
        <div>
          <label for="pe-byline">摄影</label>
          <input id="pe-byline" type="text" maxLength={100} autocomplete="off" />
        </div>
        <div>
          <label for="pe-credit">来源</label>
          <input id="pe-credit" type="text" maxLength={200} autocomplete="off" />
        </div>
      </div>
      <label for="pe-copyright">版权</label>
      <input id="pe-copyright" type="text" maxLength={300} autocomplete="off" />
      <div class="photo-actions">
        <button type="button" id="pe-save">
          保存图片信息
        </button>
        <button type="button" id="pe-lead" class="primary">
          设为题图
        </button>
        <button type="button" id="pe-insert">
          插入正文
        </button>
        <a id="pe-page" href="/desk/photos">
          打开图片页
        </a>
      </div>
    </div>
  );
}
