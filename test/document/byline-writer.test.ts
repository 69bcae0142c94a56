import { describe, expect, it } from 'vitest';
import { formatByline } from '../../src/document/byline-writer.js';
import { CREDIT_ROLES, ROLE_LABELS, roleNamed } from '../../src/document/credit-roles.js';

describe('formatByline (zh)', () => {
  it('groups consecutive names of one role under one label', () => {
    const byline = formatByline([
      { role: 'reporter', name: '张丽' },
      { role: 'reporter', name: '王强' },
      { role: 'correspondent', name: '刘明' },
    ]);
    expect(byline).toBe('记者 张丽 王强 通讯员 刘明');
  });

  it('writes the sample page’s byline', () => {
    expect(
      formatByline([
        { role: 'reporter', name: '国晓宁' },
        { role: 'correspondent', name: '楚克伟' },
      ]),
    ).toBe('记者 国晓宁 通讯员 楚克伟');
  });

  it('starts a new group when a role recurs after another role', () => {
    const byline = formatByline([
      { role: 'reporter', name: '张丽' },
      { role: 'correspondent', name: '刘明' },
      { role: 'reporter', name: '王强' },
    ]);
    expect(byline).toBe('记者 张丽 通讯员 刘明 记者 王强');
  });

  it('labels every role', () => {
    for (const role of CREDIT_ROLES) {
      expect(formatByline([{ role, name: '甲' }])).toBe(`${ROLE_LABELS.zh[role]} 甲`);
    }
    expect(ROLE_LABELS.zh).toEqual({
      reporter: '记者',
      correspondent: '通讯员',
      photographer: '摄影',
      editor: '编辑',
      intern: '实习生',
      contributor: '撰稿',
    });
  });

  it('defaults to Chinese', () => {
    const credits = [{ role: 'photographer' as const, name: '李华' }];
    expect(formatByline(credits)).toBe(formatByline(credits, 'zh'));
  });

  it('trims names, collapses inner whitespace and skips blank ones', () => {
    const byline = formatByline([
      { role: 'reporter', name: ' 张丽 ' },
      { role: 'reporter', name: '   ' },
      { role: 'intern', name: '' },
      { role: 'reporter', name: '王\u3000强' },
    ]);
    expect(byline).toBe('记者 张丽 王 强');
  });

  it('is empty for no credits', () => {
    expect(formatByline([])).toBe('');
    expect(formatByline([], 'en')).toBe('');
  });
});

describe('formatByline (en)', () => {
  it('writes “Role: names, …” groups separated by a middle dot', () => {
    const byline = formatByline(
      [
        { role: 'reporter', name: 'Zhang Li' },
        { role: 'reporter', name: 'Wang Qiang' },
        { role: 'correspondent', name: 'Liu Ming' },
      ],
      'en',
    );
    expect(byline).toBe('Reporter: Zhang Li, Wang Qiang · Correspondent: Liu Ming');
  });

  it('starts a new group when a role recurs after another role', () => {
    const byline = formatByline(
      [
        { role: 'photographer', name: 'Li Hua' },
        { role: 'editor', name: 'Chen Jie' },
        { role: 'photographer', name: 'Zhao Lei' },
      ],
      'en',
    );
    expect(byline).toBe('Photographer: Li Hua · Editor: Chen Jie · Photographer: Zhao Lei');
  });

  it('has a label for every role', () => {
    for (const role of CREDIT_ROLES) {
      expect(ROLE_LABELS.en[role]).toMatch(/^[A-Z][a-z]+$/);
      expect(formatByline([{ role, name: 'X' }], 'en')).toBe(`${ROLE_LABELS.en[role]}: X`);
    }
  });
});

describe('roleNamed: the words a credit may name its role by', () => {
  it.each([
    ['reporter', 'reporter'],
    ['记者', 'reporter'],
    ['本报记者', 'reporter'],
    ['Reporter', 'reporter'],
    ['通讯员', 'correspondent'],
    ['通訊員', 'correspondent'],
    ['摄影', 'photographer'],
    ['摄影记者', 'photographer'],
    ['编辑', 'editor'],
    ['责任编辑', 'editor'],
    ['实习生', 'intern'],
    ['撰稿', 'contributor'],
    [' 记者 ', 'reporter'],
  ])('%j names %s', (word, role) => {
    expect(roleNamed(word)).toBe(role);
  });

  it('names every formatter label, and nothing that is not a role', () => {
    for (const role of CREDIT_ROLES) {
      expect(roleNamed(ROLE_LABELS.zh[role])).toBe(role);
      expect(roleNamed(ROLE_LABELS.en[role])).toBe(role);
    }
    for (const word of ['', '张三', '文', '图', '文/图', 'boss', 'REPORTER']) expect(roleNamed(word)).toBeUndefined();
  });
});
