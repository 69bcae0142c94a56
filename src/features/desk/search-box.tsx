import type { SearchKind } from '../../db/schema/index.js';

export interface SearchBoxProps {
  /** The input's id, unique on the page (the bar's box and a screen's own may both be there). */
  id: string;
  /** What the label says; hidden in the bar, where the button and placeholder say it. */
  label: string;
  /** Search only this kind (the story queue's box finds stories). */
  kind?: SearchKind;
  placeholder?: string;
  class?: string;
}

/**
 * A search form to the desk's search screen (`GET /desk/search?q=`): in every page's bar, and
 * at the top of the story queue. A landmark (`role=search`) so a screen reader can jump to it.
 */
export function SearchBox({ id, label, kind, placeholder, class: className }: SearchBoxProps) {
  return (
    <form method="get" action="/desk/search" role="search" class={className ? `search-box ${className}` : 'search-box'} aria-label={label}>
      <label for={id} class="sr-only">
        {label}
      </label>
      {kind && <input type="hidden" name="kind" value={kind} />}
      <input type="search" id={id} name="q" placeholder={placeholder ?? label} maxLength={200} autocomplete="off" />
      <button type="submit">搜索</button>
    </form>
  );
}
