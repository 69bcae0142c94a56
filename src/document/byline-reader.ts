/**
 * Bylines as printed: a line of role words and names — `本报记者 国晓宁 通讯员 楚克伟`,
 * `记者 张三、李四`, `文/图 本报记者 郑十`, `□记者 陈晓光 文/图`, `赵钱孙/文 钱周吴/图`,
 * `记者 许 诺` (a two-character name spaced out by the typesetter), `（记者 张三）` — read
 * into credits in order. A line is a byline only when every word of it is a role, a name
 * credited by a role, or a word that only says how (报道, 整理).
 *
 * The page importer reads printed bylines with it, and the credits of the API read a byline
 * pasted where one name belongs (`{ role: 'reporter', name: '记者 张三 通讯员 李四' }`).
 */
import { ROLE_WORDS, type BylineCredit, type CreditRole } from './credit-roles.js';

/** Words after names that say how, crediting nobody new: `记者 张三 报道`. */
const HOW = new Set(['报道', '整理', '采写', '综合', '编译', '发自', '讯']);

/** A personal name: 2 to 5 Han characters, or a transliterated one joined by middle dots. */
const NAME_FORM = /^(?:\p{Script=Han}{2,5}|\p{Script=Han}{1,8}(?:[·•・]\p{Script=Han}{1,8}){1,3})$/u;
/** What follows 记者 in a sub-head or a line of an interview, and is no one's name. */
const NOT_NAMES = new Set(['手记', '观察', '调查', '追踪', '札记', '感言', '随笔', '连线', '探访', '走访', '采访', '获悉', '看到', '发现', '点评', '述评', '评论', '视点', '日记', '笔记', '体验', '见闻', '直击', '跟踪', '一线']);
/** Words of a sentence that no name is made of (您, 的, 了 …). */
const FUNCTION_CHARACTERS = /[您的了吗呢吧啊着过们这那是在有与及或也就都很说问答]/u;
const isName = (word: string): boolean => NAME_FORM.test(word) && !NOT_NAMES.has(word) && !FUNCTION_CHARACTERS.test(word);
const WRAPPERS = /^[（(【[]\s*|\s*[）)】\]]$/gu;
const EMPHASIS = /^(\*\*|__|\*|_)(.+)\1$/u;
const BULLETS = /^[□■●◆◇★☆▲△○◎▉]+\s*/u;
const SEPARATORS = /[\s\u3000、，,;；]+/u;

/** A reporter of a county's or another paper's newsroom: 临清融媒记者, 聊城日报记者, 东阿县融媒体中心记者. */
const LOCAL_REPORTER = /^\p{Script=Han}{2,8}(?:融媒体?(?:中心)?|全媒体|日报|晚报|电视台|广播电视台|新闻中心)记者/u;

/** Words after names that credit them, and whether they replace a reporter's credit (`记者 王静 摄`). */
interface After {
  roles: readonly CreditRole[];
  replaces: boolean;
}
const AFTER: ReadonlyMap<string, After> = new Map([
  ['摄', { roles: ['photographer'], replaces: true }],
  ['摄影', { roles: ['photographer'], replaces: true }],
  ['供图', { roles: ['photographer'], replaces: true }],
  ['摄影报道', { roles: ['photographer'], replaces: false }],
  ['文/图', { roles: ['reporter', 'photographer'], replaces: false }],
  ['图/文', { roles: ['reporter', 'photographer'], replaces: false }],
  ['文图', { roles: ['reporter', 'photographer'], replaces: false }],
  ['文', { roles: ['reporter'], replaces: false }],
  ['图', { roles: ['photographer'], replaces: true }],
]);

/** Names credited together: by the role words before them and the role word after them. */
interface Group {
  before: CreditRole[];
  names: string[];
  after: After | null;
  /** The last name is one character so far: a spaced-out name (`许 诺`) may go on. */
  open: boolean;
}

/**
 * The credits of a byline line, or null when the line is not a byline. A role word with no
 * name after it, names no role word credits, or a word that is neither makes it prose.
 */
export function parseByline(line: string): BylineCredit[] | null {
  let text = line.replace(BULLETS, '').replace(WRAPPERS, '').replace(/[／]/gu, '/').replace(/[：]/gu, ':').trim();
  text = EMPHASIS.exec(text)?.[2]?.trim() ?? text;
  if (text === '' || Array.from(text).length > 80) return null;

  const groups: Group[] = [];
  let group: Group = { before: [], names: [], after: null, open: false };
  const close = () => {
    if (group.names.length > 0 || group.before.length > 0) groups.push(group);
    group = { before: [], names: [], after: null, open: false };
  };
  const addName = (name: string) => {
    const single = /^\p{Script=Han}$/u.test(name);
    if (single && group.open) {
      group.names[group.names.length - 1] += name;
      group.open = false;
      return;
    }
    group.names.push(name);
    group.open = single;
  };

  // `文/张晓明`, `图/李立`, `摄/孙悦`, `文/本报记者 张晓明`: a short role and, after a slash, a name or a role.
  const tokens = text
    .split(SEPARATORS)
    .filter((token) => token !== '')
    .flatMap((token) => {
      const slashed = /^(文|图|摄|文图|文·图|图文)\/(.+)$/u.exec(token);
      if (!slashed || ['文', '图', '摄'].includes(slashed[2]!)) return [token];
      const role = slashed[1] === '文·图' || slashed[1] === '图文' ? '文/图' : slashed[1] === '摄' ? '图' : slashed[1]!;
      return [role, slashed[2]!];
    });
  for (const [i, token] of tokens.entries()) {
    // After names, a role word that no name follows credits them: `张三 摄`, `陈晓光 文/图`.
    const after = AFTER.get(token);
    const nameFollows = i + 1 < tokens.length && !AFTER.has(tokens[i + 1]!) && !HOW.has(tokens[i + 1]!);
    if (after && group.names.length > 0 && (!nameFollows || ROLE_WORDS.every(([label]) => label !== token))) {
      group.after = after;
      close();
      continue;
    }
    if (HOW.has(token)) {
      if (group.names.length === 0) return null;
      close();
      continue;
    }
    // One-character roles (文, 图) stand alone, so a caption's `图为…` is never a credit; a
    // county's media centre names its reporters with the place in front (`临清融媒记者`).
    const local = LOCAL_REPORTER.exec(token);
    const role: readonly [string, readonly CreditRole[]] | undefined = local
      ? [local[0], ['reporter']]
      : ROLE_WORDS.find(([label]) => (label.length === 1 ? token === label : token.startsWith(label)));
    // `赵钱孙/文`: a name with its role after a slash.
    const suffixed = role ? null : /^(.+)\/(文|图|摄|文图)$/u.exec(token);
    if (suffixed) {
      addName(suffixed[1]!);
      group.after = AFTER.get(suffixed[2] === '文图' ? '文/图' : suffixed[2]!)!;
      close();
      continue;
    }
    if (role) {
      // Roles in a row credit the names after them with each: `文/图 本报记者 郑十`.
      if (group.names.length > 0) close();
      group.before = [...new Set([...group.before, ...role[1]])];
      const rest = token.slice(role[0].length).replace(/^[/:]/u, '');
      // A name run on to its role (`记者张三`, `记者：张三`) is a short one, or it is a sentence (`记者：原来如此`).
      if (rest !== '' && Array.from(rest).length > 3 && !/[·•・]/u.test(rest)) return null;
      if (rest !== '') addName(rest);
      continue;
    }
    if (/^\p{Script=Han}+$|[·•・]/u.test(token)) addName(token);
    else return null;
  }
  close();

  const credits: BylineCredit[] = [];
  for (const { before, names, after } of groups) {
    if (names.length === 0 || (before.length === 0 && !after)) return null;
    for (const name of names) {
      if (!isName(name)) return null;
      let roles: CreditRole[] = [...before];
      if (after?.replaces && roles.every((r) => r === 'reporter')) roles = [...after.roles];
      else if (after) roles = [...new Set([...roles, ...after.roles])];
      for (const role of roles) credits.push({ role, name });
    }
  }
  return credits.length > 0 ? credits : null;
}
